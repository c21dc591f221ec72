/**
 * The references of scenario tests: the world's own ids (organizations, teams, people), the
 * records named by start steps, and what the steps name in the bundle — catalog entries, user
 * tasks of the process started, states and fields of its record type, SLA clocks, roles,
 * notification rules and calendars. Checked at validation, so a scenario never fails half-way for
 * a misspelt name.
 */
import type { Problem, ProblemLocation } from '../errors/flowdesk-error.js';
import type { BundleDefinitions, IndexedKind } from './bundle-definitions.js';
import { topLevelFields } from './bundle-definitions.js';
import type { ScenarioFile, ScenarioWorldDefinition } from './schemas/index.js';

/** What the bundle's reference resolver offers (engine/bundle/cross-references.ts). */
export interface ScenarioReferenceChecks {
  readonly problems: Problem[];
  expect(kind: IndexedKind, ref: string | undefined, where: ProblemLocation): void;
  memberOf(list: string[] | undefined, what: string, value: string, owner: string, where: ProblemLocation): void;
}

/** `$user:ann` in form data or fields: the real id of a world row. */
export const SCENARIO_WORLD_TOKEN = /^\$(user|person|team|organization):(.+)$/;
/** The built-in administrator role, which no bundle declares. */
const ADMIN_ROLE = 'admin';
const WORLD = "the scenario's world";

interface ScenarioRecord {
  elementIds: string[] | undefined;
  states: string[] | undefined;
  fields: string[] | undefined;
  clocks: string[] | undefined;
}

interface WorldIds {
  organizations: string[];
  teams: string[];
  people: string[];
}

export function checkScenarioReferences(definitions: BundleDefinitions, refs: ScenarioReferenceChecks): void {
  const processById = new Map(definitions.processes.flatMap((f) => f.value.map((p) => [p.id, p] as const)));
  const entryById = new Map(definitions.catalog.flatMap((f) => f.value.entries.map((e) => [e.id, e] as const)));
  const recordById = new Map(definitions.records.map((r) => [r.value.id, r.value]));
  const policies = definitions.sla.flatMap((f) => f.value.policies ?? []);
  const recordOf = (entryId: string): ScenarioRecord => {
    const entry = entryById.get(entryId);
    const type = entry ? recordById.get(entry.recordType) : undefined;
    const clocks = entry && policies.some((p) => p.recordType === entry.recordType) ? policies.filter((p) => p.recordType === entry.recordType).flatMap((p) => p.clocks.map((c) => c.id)) : undefined;
    return {
      elementIds: entry ? processById.get(entry.process)?.elements.map((e) => e.id) : undefined,
      states: type?.states.map((s) => s.id),
      fields: type ? topLevelFields(type.fields) : undefined,
      clocks,
    };
  };
  for (const { file, value } of definitions.tests) checkScenario(file, value, refs, recordOf);
}

function checkScenario(file: string, scenario: ScenarioFile, refs: ScenarioReferenceChecks, recordOf: (entryId: string) => ScenarioRecord): void {
  const world = checkWorld(file, scenario.world, refs);
  const records = new Map<string, ScenarioRecord>();
  let current: ScenarioRecord | undefined;
  scenario.steps.forEach((step, s) => {
    const at = (rest: string) => ({ file, pointer: `/steps/${s}/${rest}` });
    const person = (id: string, where: string) => refs.memberOf(world.people, 'person', id, WORLD, at(where));
    const team = (id: string | null | undefined, where: string) => id != null && refs.memberOf(world.teams, 'team', id, WORLD, at(where));
    const data = (values: Record<string, unknown> | undefined, where: string) => checkTokens(values, world, (pointer, message) => refs.problems.push({ code: 'BUNDLE_REFERENCE_UNRESOLVED', ...at(`${where}${pointer}`), message }));
    const record = (ref: string | undefined, where: string): ScenarioRecord | undefined => {
      if (ref === undefined) {
        if (!current) refs.problems.push({ code: 'BUNDLE_REFERENCE_UNRESOLVED', ...at(where), message: 'no record was started before this step' });
        return current;
      }
      refs.memberOf([...records.keys()], 'record', ref, 'an earlier start step', at(`${where}/record`));
      return records.get(ref);
    };
    const kind = Object.keys(step)[0]!;
    if ('start' in step) {
      refs.expect('catalog', step.start.catalogEntry, at('start/catalogEntry'));
      person(step.start.as, 'start/as');
      data(step.start.data, 'start/data');
      current = recordOf(step.start.catalogEntry);
      if (step.start.ref === undefined) return;
      if (records.has(step.start.ref)) refs.problems.push({ code: 'BUNDLE_ID_DUPLICATE', ...at('start/ref'), message: `record "${step.start.ref}" is already named by an earlier start step` });
      records.set(step.start.ref, current);
    } else if ('complete' in step || 'claim' in step) {
      const work = 'complete' in step ? step.complete : step.claim;
      const target = record(work.record, kind);
      refs.memberOf(target?.elementIds, 'task', work.task, 'the process started', at(`${kind}/task`));
      person(work.as, `${kind}/as`);
      if ('complete' in step) data(step.complete.data, 'complete/data');
    } else if ('update' in step) {
      const target = record(step.update.record, 'update');
      person(step.update.as, 'update/as');
      if (step.update.state !== undefined) refs.memberOf(target?.states, 'state', step.update.state, 'the record type started', at('update/state'));
      Object.keys(step.update.fields ?? {}).forEach((f) => refs.memberOf(target?.fields, 'field', f, 'the record type started', at(`update/fields/${f}`)));
      data(step.update.fields, 'update/fields');
    } else if ('answerSurvey' in step) {
      record(step.answerSurvey.record, 'answerSurvey');
      person(step.answerSurvey.as, 'answerSurvey/as');
    } else if ('advance' in step) {
      if ('by' in step.advance) refs.expect('calendars', step.advance.calendar, at('advance/calendar'));
    } else {
      const { expect } = step;
      const target = record(expect.record, 'expect');
      if (expect.state !== undefined) refs.memberOf(target?.states, 'state', expect.state, 'the record type started', at('expect/state'));
      Object.keys(expect.fields ?? {}).forEach((f) => refs.memberOf(target?.fields, 'field', f, 'the record type started', at(`expect/fields/${f}`)));
      data(expect.fields, 'expect/fields');
      team(expect.team, 'expect/team');
      if (expect.assignee != null) person(expect.assignee, 'expect/assignee');
      expect.tasks?.forEach((t, i) => {
        refs.memberOf(target?.elementIds, 'task', t.task, 'the process started', at(`expect/tasks/${i}/task`));
        team(t.team, `expect/tasks/${i}/team`);
        if (t.assignee != null) person(t.assignee, `expect/tasks/${i}/assignee`);
        t.candidateGroups?.forEach((g, j) => world.teams.includes(g) || refs.expect('roles', g, at(`expect/tasks/${i}/candidateGroups/${j}`)));
      });
      Object.keys(expect.sla ?? {}).forEach((c) => refs.memberOf(target?.clocks, 'SLA clock', c, 'the SLA policies of the record type started', at(`expect/sla/${c}`)));
      expect.notifications?.forEach((n, i) => {
        person(n.to, `expect/notifications/${i}/to`);
        refs.expect('notifications', n.rule, at(`expect/notifications/${i}/rule`));
      });
    }
  });
}

/** The world's ids, each defined once, each reference to one of them defined (a parent before its children). */
function checkWorld(file: string, world: ScenarioWorldDefinition, refs: ScenarioReferenceChecks): WorldIds {
  const at = (pointer: string) => ({ file, pointer: `/world/${pointer}` });
  const unique = (kind: string, list: Array<{ id: string }>, key: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.id)) refs.problems.push({ code: 'BUNDLE_ID_DUPLICATE', ...at(`${key}/${i}/id`), message: `${kind} id "${item.id}" is defined twice in ${WORLD}` });
      seen.add(item.id);
    });
    return [...seen];
  };
  const organizations = unique('organization', world.organizations, 'organizations');
  const teams = unique('team', world.teams ?? [], 'teams');
  const people = unique('person', world.people, 'people');
  const organization = (id: string, where: string) => refs.memberOf(organizations, 'organization', id, WORLD, at(where));
  world.organizations.forEach((o, i) => {
    if (o.parent !== undefined) refs.memberOf(organizations.slice(0, i), 'organization', o.parent, `${WORLD} before it (a parent comes first)`, at(`organizations/${i}/parent`));
  });
  world.teams?.forEach((t, i) => organization(t.organization, `teams/${i}/organization`));
  world.people.forEach((p, i) => {
    organization(p.organization, `people/${i}/organization`);
    if (p.manager !== undefined) refs.memberOf(people, 'person', p.manager, WORLD, at(`people/${i}/manager`));
    p.teams?.forEach((t, j) => refs.memberOf(teams, 'team', t, WORLD, at(`people/${i}/teams/${j}`)));
    p.roles.forEach((r, j) => r === ADMIN_ROLE || refs.expect('roles', r, at(`people/${i}/roles/${j}`)));
  });
  world.contracts?.forEach((c, i) => {
    organization(c.organization, `contracts/${i}/organization`);
    refs.expect('sla', c.sla, at(`contracts/${i}/sla`));
  });
  world.delivery?.forEach((d, i) => {
    organization(d.organization, `delivery/${i}/organization`);
    refs.memberOf(teams, 'team', d.team, WORLD, at(`delivery/${i}/team`));
  });
  return { organizations, teams, people };
}

/** Every `$kind:id` string in the values (at any depth) must name a row of the world. */
function checkTokens(values: unknown, world: WorldIds, report: (pointer: string, message: string) => void, pointer = ''): void {
  if (typeof values === 'string') {
    const token = SCENARIO_WORLD_TOKEN.exec(values);
    if (!token) return;
    const [, kind, id] = token as unknown as [string, string, string];
    const known = kind === 'team' ? world.teams : kind === 'organization' ? world.organizations : world.people;
    if (!known.includes(id)) report(pointer, `"${values}" names no ${kind === 'user' ? 'person' : kind} of ${WORLD}`);
    return;
  }
  if (values === null || typeof values !== 'object') return;
  for (const [key, value] of Object.entries(values)) checkTokens(value, world, report, `${pointer}/${key}`);
}
