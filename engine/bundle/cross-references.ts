import { FlowdeskError, type Problem, type ProblemLocation } from '../errors/flowdesk-error.js';
import { createBusinessCalendar, isBusinessDuration } from '../time/business-calendar.js';
import type { BpmnElementInfo } from './bpmn/bpmn-reader.js';
import { listedNames, RECORD_EFFECT_ATTRIBUTES } from './bpmn/record-effect-attributes.js';
import { indexDefinitions, type BundleDefinitions, type DefinitionIndex, type IndexedKind } from './bundle-definitions.js';
import type { BundleFiles } from './bundle-files.js';
import { checkComputedFields, checkRecordFieldKeywords } from './form-field-checks.js';
import { checkI18n } from './i18n-check.js';
import type { ValidationOptions } from './bundle-validator.js';
import { isIsoDuration } from './iso-duration.js';
import { checkScenarioReferences } from './scenario-references.js';
import { RESOLUTION_MEASURES } from './schemas/index.js';

const KIND_LABEL: Record<IndexedKind | 'records', string> = {
  records: 'record type',
  forms: 'form',
  calendars: 'calendar',
  plugins: 'plugin',
  processes: 'executable process',
  sla: 'SLA policy',
  notifications: 'notification rule',
  quality: 'quality rule',
  catalog: 'catalog entry',
  roles: 'role',
};

/** Resolves `id` and `bundle:id` references against this bundle and the bundles it requires. */
class ReferenceResolver {
  readonly problems: Problem[] = [];

  constructor(
    private readonly own: DefinitionIndex,
    private readonly bundleName: string,
    private readonly requires: Readonly<Record<string, string>>,
    private readonly requiredIndexes: ReadonlyMap<string, DefinitionIndex> | undefined,
    private readonly unchecked: ReadonlySet<string>,
  ) {}

  /** The index holding `ref`, with the bare id; reports an unknown or unrequired bundle. */
  private locate(kind: IndexedKind | 'records', ref: string, where: ProblemLocation): { index: DefinitionIndex; id: string } | undefined {
    const colon = ref.indexOf(':');
    if (colon < 0) return this.isUnchecked(kind, ref) ? undefined : { index: this.own, id: ref };
    const bundle = ref.slice(0, colon);
    const id = ref.slice(colon + 1);
    if (bundle === this.bundleName) return { index: this.own, id };
    if (!Object.hasOwn(this.requires, bundle)) {
      this.problems.push({ code: 'BUNDLE_REFERENCE_UNRESOLVED', ...where, message: `"${ref}" names bundle "${bundle}", which bundle.json does not require` });
      return undefined;
    }
    const index = this.requiredIndexes?.get(bundle);
    if (!index) {
      // Checked for real at import, where every required bundle is at hand.
      this.problems.push({ code: 'BUNDLE_REFERENCE_UNRESOLVED', severity: 'warning', ...where, message: `"${ref}" cannot be checked: bundle "${bundle}" is not available here` });
      return undefined;
    }
    return { index, id };
  }

  private isUnchecked(kind: string, id: string): boolean {
    return this.unchecked.has(`${kind}:*`) || this.unchecked.has(`${kind}:${id}`);
  }

  expect(kind: IndexedKind, ref: string | undefined, where: ProblemLocation): void {
    if (ref === undefined) return;
    const found = this.locate(kind, ref, where);
    if (found && !found.index[kind].includes(found.id)) this.missing(kind, ref, where);
  }

  /** Checks a record type reference and returns its fields and states when known. */
  record(ref: string | undefined, where: ProblemLocation): { fields: string[]; states: string[] } | undefined {
    if (ref === undefined) return undefined;
    const found = this.locate('records', ref, where);
    if (!found) return undefined;
    const record = Object.hasOwn(found.index.records, found.id) ? found.index.records[found.id] : undefined;
    if (!record) this.missing('records', ref, where);
    return record;
  }

  memberOf(list: string[] | undefined, what: string, value: string, owner: string, where: ProblemLocation): void {
    if (list && !list.includes(value)) {
      this.problems.push({ code: 'BUNDLE_REFERENCE_UNRESOLVED', ...where, message: `${what} "${value}" is not defined by ${owner}` });
    }
  }

  private missing(kind: IndexedKind | 'records', ref: string, where: ProblemLocation): void {
    this.problems.push({ code: 'BUNDLE_REFERENCE_UNRESOLVED', ...where, message: `no ${KIND_LABEL[kind]} "${ref}"` });
  }
}

/** Every cross-reference of a bundle, plus duplicate ids and the embedded schemas. */
export function checkCrossReferences(definitions: BundleDefinitions, files: BundleFiles, options: ValidationOptions): Problem[] {
  const { manifest } = definitions;
  const refs = new ReferenceResolver(indexDefinitions(definitions), manifest.name, manifest.requires ?? {}, options.requiredIndexes, definitions.unchecked);
  const problems = refs.problems;
  problems.push(...checkDuplicateIds(definitions));
  problems.push(...checkI18n(definitions));

  for (const { file, value } of definitions.records) {
    problems.push(...options.schemas.checkEmbeddedSchema(value.fields, file, '/fields'));
    problems.push(...checkRecordFieldKeywords(value.fields, file));
    const fields = Object.keys((value.fields['properties'] as object | undefined) ?? {});
    value.listColumns.forEach((c, i) => refs.memberOf(fields, 'field', c, `record type "${value.id}"`, { file, pointer: `/listColumns/${i}` }));
    value.states.forEach((state, s) => state.editable?.forEach((f, i) => refs.memberOf(fields, 'field', f, `record type "${value.id}"`, { file, pointer: `/states/${s}/editable/${i}` })));
    value.indexed?.forEach((c, i) => refs.memberOf(fields, 'field', c, `record type "${value.id}"`, { file, pointer: `/indexed/${i}` }));
  }
  for (const { file, value } of definitions.forms) {
    problems.push(...options.schemas.checkEmbeddedSchema(value.schema, file, '/schema'));
    problems.push(...checkComputedFields(value.id, value.schema, file));
    refs.record(value.recordType, { file, pointer: '/recordType' });
  }
  for (const { file, value } of definitions.plugins) {
    problems.push(...options.schemas.checkEmbeddedSchema(value.inputs, file, '/inputs'));
    problems.push(...options.schemas.checkEmbeddedSchema(value.outputs, file, '/outputs'));
    if (!files.has(value.script)) problems.push({ code: 'BUNDLE_FILE_MISSING', file, pointer: '/script', message: `the script "${value.script}" is not in the bundle` });
  }
  for (const { file, value } of definitions.roles) {
    value.roles.forEach((role, r) => role.grants.forEach((grant, g) => refs.record(grant.recordType, { file, pointer: `/roles/${r}/grants/${g}/recordType` })));
  }
  for (const { file, value } of definitions.calendars) {
    try {
      createBusinessCalendar(value);
    } catch (error) {
      if (!(error instanceof FlowdeskError)) throw error;
      problems.push({ code: 'BUNDLE_SCHEMA_INVALID', file, message: error.message });
    }
  }
  for (const { file, value } of definitions.sla) {
    value.policies?.forEach((policy, p) => {
      const at = (rest: string) => ({ file, pointer: `/policies/${p}/${rest}` });
      const record = refs.record(policy.recordType, at('recordType'));
      refs.expect('calendars', policy.calendar, at('calendar'));
      const owner = `record type "${policy.recordType}"`;
      const fieldsOf = (condition: object | undefined, where: string) => Object.keys(condition ?? {}).forEach((f) => refs.memberOf(record?.fields, 'field', f, owner, at(`${where}/${f}`)));
      fieldsOf(policy.when, 'when');
      policy.clocks.forEach((clock, c) => {
        const states = (list: readonly string[] | undefined, name: string) => list?.forEach((s, i) => refs.memberOf(record?.states, 'state', s, owner, at(`clocks/${c}/${name}/${i}`)));
        states(clock.startIn, 'startIn');
        states(clock.pauseIn, 'pauseIn');
        states(clock.stopIn, 'stopIn');
        clock.targets.forEach((t, i) => fieldsOf(t.when, `clocks/${c}/targets/${i}/when`));
        clock.thresholds?.forEach((threshold, t) =>
          threshold.actions.forEach((action, a) => {
            const where = at(`clocks/${c}/thresholds/${t}/actions/${a}`);
            if ('notify' in action) refs.expect('notifications', action.notify, where);
            if ('plugin' in action) refs.expect('plugins', action.plugin, where);
            if ('set' in action) {
              if (action.set.state !== undefined) refs.memberOf(record?.states, 'state', action.set.state, owner, where);
              Object.keys(action.set.fields ?? {}).forEach((f) => refs.memberOf(record?.fields, 'field', f, owner, where));
            }
          }),
        );
      });
    });
  }
  checkOlas(definitions, refs);
  checkSurveys(definitions, refs);
  for (const { file, value } of definitions.notifications) {
    value.rules.forEach((rule, r) => {
      const record = refs.record(rule.recordType, { file, pointer: `/rules/${r}/recordType` });
      rule.recipients.forEach((recipient, i) => {
        const where = { file, pointer: `/rules/${r}/recipients/${i}` };
        if ('role' in recipient) refs.expect('roles', recipient.role, where);
        if ('field' in recipient) refs.memberOf(record?.fields, 'field', recipient.field, `record type "${rule.recordType}"`, where);
      });
      Object.keys(rule.when ?? {}).forEach((f) => f === 'state' || refs.memberOf(record?.fields, 'field', f, `record type "${rule.recordType}"`, { file, pointer: `/rules/${r}/when/${f}` }));
    });
  }
  checkQualityRules(definitions, refs);
  // Families, services and subcategories are the bundle's own: an entry or service names one from any catalog file of it.
  const families = definitions.catalog.flatMap((f) => f.value.families.map((family) => family.id));
  const services = new Map(definitions.catalog.flatMap((f) => f.value.services.map((service) => [service.id, service] as const)));
  for (const { file, value } of definitions.catalog) {
    value.services.forEach((service, s) => refs.memberOf(families, 'service family', service.family, 'the catalog', { file, pointer: `/services/${s}/family` }));
    value.entries.forEach((entry, e) => {
      const at = (rest: string) => ({ file, pointer: `/entries/${e}/${rest}` });
      const service = services.get(entry.service);
      refs.memberOf(families, 'service family', entry.family, 'the catalog', at('family'));
      refs.memberOf([...services.keys()], 'service', entry.service, 'the catalog', at('service'));
      if (service && service.family !== entry.family) refs.problems.push({ code: 'BUNDLE_REFERENCE_UNRESOLVED', ...at('family'), message: `service "${service.id}" belongs to family "${service.family}", not "${entry.family}"` });
      if (service && entry.subcategory !== undefined) refs.memberOf(service.subcategories?.map((c) => c.id) ?? [], 'subcategory', entry.subcategory, `service "${service.id}"`, at('subcategory'));
      entry.approvals?.forEach((level, i) => refs.expect('roles', level.role, at(`approvals/${i}/role`)));
      refs.record(entry.recordType, at('recordType'));
      refs.expect('processes', entry.process, at('process'));
      refs.expect('forms', entry.startForm, at('startForm'));
      refs.expect('sla', entry.sla, at('sla'));
      refs.expect('calendars', entry.calendar, at('calendar'));
      entry.requestableBy?.forEach((role, i) => refs.expect('roles', role, at(`requestableBy/${i}`)));
    });
  }
  checkProcesses(definitions, refs);
  checkScenarios(definitions, refs);
  return problems;
}

function checkProcesses(definitions: BundleDefinitions, refs: ReferenceResolver): void {
  for (const { file, value: processes } of definitions.processes) {
    for (const process of processes.filter((p) => p.isExecutable)) {
      const record = refs.record(process.recordType, { file, element: process.id, elementType: 'bpmn:Process' });
      for (const element of process.elements) {
        checkElement(element, file, refs);
        checkRecordEffects(element, process.recordType, record, file, refs);
      }
    }
  }
}

function checkElement(element: BpmnElementInfo, file: string, refs: ReferenceResolver): void {
  const where = { file, element: element.id, elementType: element.type };
  const { formKey, candidateGroups, calendar, plugin, dueIn, calledElement } = element.attributes;
  refs.expect('forms', formKey, where);
  refs.expect('calendars', calendar, where);
  refs.expect('plugins', plugin, where);
  refs.expect('processes', calledElement, where);
  // A `${…}` group is chosen at run time (by a plugin's output, say): only literal roles can be checked here.
  for (const group of listedNames(candidateGroups).filter((g) => !g.includes('${'))) refs.expect('roles', group, where);
  if (dueIn !== undefined && !isIsoDuration(dueIn)) {
    refs.problems.push({ code: 'BUNDLE_BPMN_INVALID', ...where, message: `flowdesk:dueIn "${dueIn}" is not an ISO 8601 duration such as PT8H` });
  } else if (dueIn !== undefined && calendar !== undefined && !isBusinessDuration(dueIn)) {
    refs.problems.push({ code: 'BUNDLE_BPMN_INVALID', ...where, message: `flowdesk:dueIn "${dueIn}" counts in the calendar "${calendar}": use working days and hours (P2D, PT4H), not years, months or weeks` });
  }
  const needsPlugin = element.type === 'bpmn:ServiceTask' || element.type === 'bpmn:BusinessRuleTask';
  if (needsPlugin && plugin === undefined) {
    refs.problems.push({ code: 'BUNDLE_BPMN_INVALID', ...where, message: `${element.type} needs flowdesk:plugin naming the plugin it runs` });
  }
}

/** An OLA watches user tasks of a process of the bundle, in a calendar; its actions name rules, and states and fields of the process's record type. */
function checkOlas(definitions: BundleDefinitions, refs: ReferenceResolver): void {
  const processById = new Map(definitions.processes.flatMap((f) => f.value.map((p) => [p.id, p] as const)));
  for (const { file, value } of definitions.sla) {
    value.olas?.forEach((ola, o) => {
      const at = (rest: string) => ({ file, pointer: `/olas/${o}/${rest}` });
      refs.expect('processes', ola.process, at('process'));
      refs.expect('calendars', ola.calendar, at('calendar'));
      const process = processById.get(ola.process);
      const userTasks = process?.elements.filter((e) => e.type === 'bpmn:UserTask').map((e) => e.id);
      ola.tasks.forEach((task, t) => refs.memberOf(userTasks, 'user task', task, `process "${ola.process}"`, at(`tasks/${t}`)));
      const record = process?.recordType ? refs.record(process.recordType, at('process')) : undefined;
      const owner = `record type "${process?.recordType ?? '?'}"`;
      ola.thresholds.forEach((threshold, t) =>
        threshold.actions.forEach((action, a) => {
          const where = at(`thresholds/${t}/actions/${a}`);
          if ('notify' in action) return refs.expect('notifications', action.notify, where);
          if (action.set.state !== undefined) refs.memberOf(record?.states, 'state', action.set.state, owner, where);
          Object.keys(action.set.fields ?? {}).forEach((f) => refs.memberOf(record?.fields, 'field', f, owner, where));
        }),
      );
    });
  }
}

/** A survey asks about records of a type, opens in its states, and names rules, states and fields that exist. */
function checkSurveys(definitions: BundleDefinitions, refs: ReferenceResolver): void {
  for (const { file, value } of definitions.surveys) {
    value.surveys.forEach((survey, v) => {
      const at = (rest: string) => ({ file, pointer: `/surveys/${v}/${rest}` });
      const record = refs.record(survey.recordType, at('recordType'));
      const owner = `record type "${survey.recordType}"`;
      survey.openWhenState.forEach((state, i) => refs.memberOf(record?.states, 'state', state, owner, at(`openWhenState/${i}`)));
      const low = survey.lowRating;
      if (low?.notify !== undefined) refs.expect('notifications', low.notify, at('lowRating/notify'));
      if (low?.set?.state !== undefined) refs.memberOf(record?.states, 'state', low.set.state, owner, at('lowRating/set/state'));
      Object.keys(low?.set?.fields ?? {}).forEach((f) => refs.memberOf(record?.fields, 'field', f, owner, at(`lowRating/set/fields/${f}`)));
    });
  }
}

/**
 * A quality rule measures a record type on fields it filters or groups on in SQL (so indexed ones,
 * where the type is this bundle's), in its states; the measures over resolved records need
 * `resolvedStates`, a share needs `where`, and grouping by service needs `serviceField`.
 */
function checkQualityRules(definitions: BundleDefinitions, refs: ReferenceResolver): void {
  for (const { file, value } of definitions.quality) {
    value.rules.forEach((rule, r) => {
      const at = (rest: string) => ({ file, pointer: `/rules/${r}/${rest}` });
      const record = refs.record(rule.recordType, at('recordType'));
      const owner = `record type "${rule.recordType}"`;
      // A required bundle's type: its index does not say which fields are indexed; evaluation refuses a field that is not.
      const own = definitions.records.find((d) => d.value.id === rule.recordType);
      const indexed = own ? (own.value.indexed ?? []) : undefined;
      const field = (name: string, where: string) => {
        refs.memberOf(record?.fields, 'field', name, owner, at(where));
        if (indexed && record?.fields.includes(name)) refs.memberOf(indexed, 'indexed field', name, owner, at(where));
      };
      Object.keys(rule.where ?? {}).forEach((f) => field(f, `where/${f}`));
      if (rule.serviceField !== undefined) field(rule.serviceField, 'serviceField');
      rule.resolvedStates?.forEach((state, i) => refs.memberOf(record?.states, 'state', state, owner, at(`resolvedStates/${i}`)));
      const needs = (ok: boolean, pointer: string, message: string) => {
        if (!ok) refs.problems.push({ code: 'BUNDLE_SCHEMA_INVALID', ...at(pointer), message });
      };
      needs(!RESOLUTION_MEASURES.includes(rule.measure) || rule.resolvedStates !== undefined, 'resolvedStates', `measure "${rule.measure}" needs resolvedStates`);
      needs(rule.measure !== 'share' || Object.keys(rule.where ?? {}).length > 0, 'where', 'measure "share" needs where: the records it counts');
      needs(rule.groupBy !== 'service' || rule.serviceField !== undefined, 'serviceField', 'grouping by service needs serviceField');
    });
  }
}

/** flowdesk:record* attributes need the process's record type, and name its states and fields. */
function checkRecordEffects(element: BpmnElementInfo, recordType: string | undefined, record: { fields: string[]; states: string[] } | undefined, file: string, refs: ReferenceResolver): void {
  const where = { file, element: element.id, elementType: element.type };
  const { recordState, recordFields } = element.attributes;
  const used = RECORD_EFFECT_ATTRIBUTES.filter((name) => element.attributes[name] !== undefined);
  if (used.length === 0) return;
  if (recordType === undefined) {
    refs.problems.push({ code: 'BUNDLE_BPMN_INVALID', ...where, message: `flowdesk:${used[0]} changes the process's record, but the process declares no flowdesk:recordType` });
    return;
  }
  const owner = `record type "${recordType}"`;
  if (recordState !== undefined) refs.memberOf(record?.states, 'state', recordState, owner, where);
  for (const field of listedNames(recordFields)) refs.memberOf(record?.fields, 'field', field, owner, where);
}

/** Scenario tests must name their world's people, teams and records, and catalog entries, tasks, states, fields, clocks and rules that exist (scenario-references.ts). */
function checkScenarios(definitions: BundleDefinitions, refs: ReferenceResolver): void {
  checkScenarioReferences(definitions, refs);
}

function checkDuplicateIds(definitions: BundleDefinitions): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  const note = (kind: string, id: string, file: string, pointer: string) => {
    const key = `${kind}\0${id}`;
    const first = seen.get(key);
    if (first) problems.push({ code: 'BUNDLE_ID_DUPLICATE', file, pointer, message: `${kind} id "${id}" is also defined in ${first}` });
    else seen.set(key, file);
  };
  const single = <T extends { id: string }>(kind: string, files: Array<{ file: string; value: T }>) => files.forEach(({ file, value }) => note(kind, value.id, file, '/id'));
  single('record type', definitions.records);
  single('form', definitions.forms);
  single('calendar', definitions.calendars);
  single('plugin', definitions.plugins);
  const listed = <T>(kind: string, files: Array<{ file: string; value: T }>, list: (v: T) => Array<{ id: string }>, key: string) =>
    files.forEach(({ file, value }) => list(value).forEach((item, i) => note(kind, item.id, file, `/${key}/${i}/id`)));
  listed('role', definitions.roles, (v) => v.roles, 'roles');
  listed('SLA policy', definitions.sla, (v) => v.policies ?? [], 'policies');
  listed('OLA', definitions.sla, (v) => v.olas ?? [], 'olas');
  listed('survey', definitions.surveys, (v) => v.surveys, 'surveys');
  listed('notification rule', definitions.notifications, (v) => v.rules, 'rules');
  listed('quality rule', definitions.quality, (v) => v.rules, 'rules');
  listed('catalog entry', definitions.catalog, (v) => v.entries, 'entries');
  listed('service family', definitions.catalog, (v) => v.families, 'families');
  listed('service', definitions.catalog, (v) => v.services, 'services');
  definitions.catalog.forEach(({ file, value }) => value.services.forEach((service, s) => service.subcategories?.forEach((c, i) => note(`subcategory of ${service.id}`, c.id, file, `/services/${s}/subcategories/${i}/id`))));
  for (const { file, value } of definitions.processes) value.forEach((p) => note('process', p.id, file, ''));
  const locales = new Map<string, string>();
  for (const { file, value } of definitions.i18n) {
    const first = locales.get(value.locale);
    if (first) problems.push({ code: 'BUNDLE_ID_DUPLICATE', file, pointer: '/locale', message: `locale "${value.locale}" is also given by ${first}` });
    else locales.set(value.locale, file);
  }
  return problems;
}
