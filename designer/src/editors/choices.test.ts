import { KIND_SCHEMAS } from '../../../engine/index.js';
import { GRANT_ACTIONS, GRANT_SCOPES, NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS, QUALITY_GROUPS, QUALITY_MEASURES, QUALITY_PERIODS, RECIPIENT_PARTIES, SLA_METRICS, TARGET_OPS, WEEKDAYS } from './choices.js';

/** The schema node at a path of property names (`items` steps into arrays, a number into a union's branch). */
function nodeAt(schema: unknown, path: Array<string | number>): Record<string, unknown> {
  return path.reduce<Record<string, unknown>>((node, step) => {
    if (typeof step === 'number') return (node['anyOf'] as Array<Record<string, unknown>>)[step]!;
    if (step === 'items') return node['items'] as Record<string, unknown>;
    return (node['properties'] as Record<string, Record<string, unknown>>)[step]!;
  }, schema as Record<string, unknown>);
}

const enumAt = (schema: unknown, path: Array<string | number>) => nodeAt(schema, path)['enum'];

describe('the closed lists the editors offer', () => {
  it('are the lists the bundle schemas allow, in their order', () => {
    const { notifications, sla, calendars, quality, roles } = KIND_SCHEMAS;
    expect(NOTIFICATION_EVENTS).toEqual(enumAt(notifications, ['rules', 'items', 'event']));
    expect(NOTIFICATION_CHANNELS).toEqual(enumAt(notifications, ['rules', 'items', 'channel']));
    expect(RECIPIENT_PARTIES).toEqual(enumAt(notifications, ['rules', 'items', 'recipients', 'items', 2, 'party']));
    expect(SLA_METRICS).toEqual(enumAt(sla, ['policies', 'items', 'clocks', 'items', 'metric']));
    expect(WEEKDAYS).toEqual(enumAt(calendars, ['workdays', 'items', 'like']));
    expect(Object.keys(nodeAt(calendars, ['week'])['properties'] as object)).toEqual(WEEKDAYS);
    expect(QUALITY_MEASURES).toEqual(enumAt(quality, ['rules', 'items', 'measure']));
    expect(QUALITY_GROUPS).toEqual(enumAt(quality, ['rules', 'items', 'groupBy']));
    expect(QUALITY_PERIODS).toEqual(enumAt(quality, ['rules', 'items', 'period']));
    expect(TARGET_OPS).toEqual(enumAt(quality, ['rules', 'items', 'target', 'op']));
    expect(GRANT_ACTIONS).toEqual(enumAt(roles, ['roles', 'items', 'grants', 'items', 'actions', 'items']));
    expect(GRANT_SCOPES).toEqual(enumAt(roles, ['roles', 'items', 'grants', 'items', 'scope']));
  });
});
