import { assignmentKindOf, completionConditionOf, countersignRuleOf, isIsoDuration, withListItem, type CountersignRule } from './process-settings.js';

describe("the modeler's Flowdesk settings", () => {
  it('tells a user id from an expression in an assignee', () => {
    expect(assignmentKindOf(undefined)).toBe('none');
    expect(assignmentKindOf('u-42')).toBe('person');
    expect(assignmentKindOf('${reviewer}')).toBe('expression');
  });

  it('adds a candidate group once', () => {
    expect(withListItem(undefined, 'desk')).toBe('desk');
    expect(withListItem('desk, net', 'net')).toBe('desk,net');
    expect(withListItem('desk', 'net')).toBe('desk,net');
  });

  it('takes the durations the runtime takes, and nothing else', () => {
    for (const good of ['PT4H', 'P2D', 'P1W', 'PT30M', 'P1DT2H', 'PT0.5S']) expect(isIsoDuration(good)).toBe(true);
    for (const bad of ['P', 'PT', '4h', 'P1DT', 'PT-1H', '']) expect(isIsoDuration(bad)).toBe(false);
  });

  it('writes each countersign rule as a completion condition and reads it back', () => {
    const rules: CountersignRule[] = [{ kind: 'any' }, { kind: 'reject-stops', field: 'decision' }, { kind: 'at-least', field: 'decision', count: 2 }];
    expect(completionConditionOf('approve', { kind: 'at-least', field: 'decision', count: 2 })).toBe('${countersign.approve.decision.approve >= 2}');
    for (const rule of rules) expect(countersignRuleOf('approve', completionConditionOf('approve', rule))).toEqual(rule);
    expect(countersignRuleOf('approve', undefined)).toEqual({ kind: 'all' });
    expect(countersignRuleOf('approve', '${somethingElse}')).toBeNull();
  });
});
