/**
 * The properties panel's Flowdesk settings (the `flowdesk:` BPMN extension the engine reads, see
 * docs/bundle-format.md), added to bpmn-js-properties-panel's own groups: the record type, forms
 * picked from the draft, assignment, due dates on a calendar, plugin calls with their declared
 * inputs, record effects, gateway conditions, timers with common values, countersign rules.
 * Entries are Preact components (the panel's), built with `h`.
 */
import { SelectEntry, TextFieldEntry, isSelectEntryEdited, isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';
import type { DraftCatalogue } from '../draft/draft-model.js';
import type { TextOf } from '../texts.js';
import type { ProcessTextKey } from './process-texts.js';
import {
  CYCLE_PRESETS,
  DUE_PRESETS,
  assignmentKindOf,
  completionConditionOf,
  countersignRuleOf,
  isIsoDuration,
  splitList,
  withListItem,
  type CountersignRule,
} from './process-settings.js';

/** What the settings offer, kept current by the editor (the draft changes while the modeler is open). */
export interface ModelerContext {
  catalogue: DraftCatalogue;
  people: Array<{ id: string; label: string }>;
  teams: Array<{ id: string; label: string }>;
  /** Roles of this draft and of the installation. */
  roles: string[];
  t: TextOf<ProcessTextKey>;
}
export interface ModelerContextHolder {
  current: ModelerContext;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- diagram-js elements and moddle objects are untyped here */
type Element = any;
interface Modeling {
  updateProperties(element: Element, properties: Record<string, unknown>): void;
  updateModdleProperties(element: Element, target: unknown, properties: Record<string, unknown>): void;
}
interface BpmnFactory {
  create(type: string, properties?: Record<string, unknown>): unknown;
}

const attr = (element: Element, name: string): string | undefined => (getBusinessObject(element).get(`flowdesk:${name}`) as string | undefined) || undefined;
const option = (value: string, label = value) => ({ value, label });

/** One `flowdesk:` attribute as a select or a text field. */
function attributeEntry(id: string, name: string, kind: 'select' | 'text', extra: (ctx: ModelerContext, element: Element) => Record<string, unknown>) {
  return function AttributeEntry({ element }: { element: Element }) {
    const modeling = useService<Modeling>('modeling');
    const holder = useService<ModelerContextHolder>('flowdeskContext');
    const debounce = useService<(fn: unknown) => unknown>('debounceInput');
    const ctx = holder.current;
    return h(kind === 'select' ? SelectEntry : TextFieldEntry, {
      id,
      element,
      debounce,
      getValue: () => attr(element, name) ?? '',
      setValue: (value: string | undefined) => modeling.updateProperties(element, { [`flowdesk:${name}`]: value || undefined }),
      ...extra(ctx, element),
    });
  };
}

const noneAnd = (ctx: ModelerContext, values: Array<{ value: string; label: string }>) => [option('', ctx.t('none')), ...values];

/** The record type the element's process works on (for state and field pickers). */
function recordTypeOf(element: Element, ctx: ModelerContext) {
  let node = getBusinessObject(element);
  while (node && !is(node, 'bpmn:Process')) node = node.$parent;
  const typeId = node?.get('flowdesk:recordType') as string | undefined;
  return ctx.catalogue.recordTypes.find((type) => type.id === typeId);
}

const RecordTypeEntry = attributeEntry('flowdesk-recordType', 'recordType', 'select', (ctx) => ({
  label: ctx.t('recordType'),
  getOptions: () => noneAnd(ctx, ctx.catalogue.recordTypes.map((type) => option(type.id))),
}));

const FormKeyEntry = attributeEntry('flowdesk-formKey', 'formKey', 'select', (ctx) => ({
  label: ctx.t('formKey'),
  getOptions: () => noneAnd(ctx, ctx.catalogue.forms.map((form) => option(form))),
}));

function AssignToEntry({ element }: { element: Element }) {
  const modeling = useService<Modeling>('modeling');
  const ctx = useService<ModelerContextHolder>('flowdeskContext').current;
  return h(SelectEntry, {
    id: 'flowdesk-assignTo',
    element,
    label: ctx.t('assignTo'),
    getValue: () => assignmentKindOf(attr(element, 'assignee')),
    setValue: (kind: string) => modeling.updateProperties(element, { 'flowdesk:assignee': kind === 'expression' ? '${assignee}' : kind === 'person' ? (ctx.people[0]?.id ?? undefined) : undefined }),
    getOptions: () => [option('none', ctx.t('assign.none')), option('person', ctx.t('assign.person')), option('expression', ctx.t('assign.expression'))],
  });
}

const PersonEntry = attributeEntry('flowdesk-assignee-person', 'assignee', 'select', (ctx, element) => {
  const current = attr(element, 'assignee');
  const known = ctx.people.some((p) => p.id === current);
  return {
    label: ctx.t('person'),
    getOptions: () => [...(current && !known ? [option(current)] : []), ...ctx.people.map((p) => option(p.id, p.label))],
  };
});

const AssigneeExpressionEntry = attributeEntry('flowdesk-assignee-expression', 'assignee', 'text', (ctx) => ({
  label: ctx.t('expression'),
  description: ctx.t('expressionHelp'),
  validate: (value: string | undefined) => (value && !/^\$\{.+\}$/s.test(value.trim()) ? ctx.t('expressionHelp') : null),
}));

const CandidateGroupsEntry = attributeEntry('flowdesk-candidateGroups', 'candidateGroups', 'text', (ctx) => ({
  label: ctx.t('candidateGroups'),
  validate: (value: string | undefined) => {
    const known = new Set([...ctx.roles, ...ctx.teams.map((team) => team.id)]);
    const unknown = splitList(value).filter((id) => !known.has(id));
    return unknown.length ? ctx.t('unknownGroup', { ids: unknown.join(', ') }) : null;
  },
}));

/** A select that adds its choice to a comma-separated attribute (and then shows nothing chosen). */
function adderEntry(id: string, name: string, label: ProcessTextKey, choices: (ctx: ModelerContext) => Array<{ value: string; label: string }>) {
  return function AdderEntry({ element }: { element: Element }) {
    const modeling = useService<Modeling>('modeling');
    const ctx = useService<ModelerContextHolder>('flowdeskContext').current;
    return h(SelectEntry, {
      id,
      element,
      label: ctx.t(label),
      getValue: () => '',
      setValue: (value: string) => value && modeling.updateProperties(element, { [`flowdesk:${name}`]: withListItem(attr(element, name), value) }),
      getOptions: () => [option('', '…'), ...choices(ctx)],
    });
  };
}
const AddRoleEntry = adderEntry('flowdesk-addRole', 'candidateGroups', 'addRole', (ctx) => ctx.roles.map((role) => option(role)));
const AddTeamEntry = adderEntry('flowdesk-addTeam', 'candidateGroups', 'addTeam', (ctx) => ctx.teams.map((team) => option(team.id, team.label)));

const DueInEntry = attributeEntry('flowdesk-dueIn', 'dueIn', 'text', (ctx) => ({
  label: ctx.t('dueIn'),
  validate: (value: string | undefined) => (value && !isIsoDuration(value) ? ctx.t('dueInvalid') : null),
}));
const DuePresetEntry = adderEntry('flowdesk-duePreset', 'dueIn', 'duePreset', (ctx) => DUE_PRESETS.map((value) => option(value, `${ctx.t(`preset.${value}` as ProcessTextKey)} (${value})`)));
const CalendarEntry = attributeEntry('flowdesk-calendar', 'calendar', 'select', (ctx) => ({
  label: ctx.t('calendar'),
  getOptions: () => noneAnd(ctx, ctx.catalogue.calendars.map((calendar) => option(calendar))),
}));

const PluginEntry = attributeEntry('flowdesk-plugin', 'plugin', 'select', (ctx, element) => {
  const plugin = ctx.catalogue.plugins.find((p) => p.id === attr(element, 'plugin'));
  const inputs = plugin?.inputs.map((input) => (plugin.required.includes(input) ? `${input}*` : input)).join(', ');
  return {
    label: ctx.t('plugin'),
    description: plugin ? (inputs ? ctx.t('pluginInputs', { inputs }) : ctx.t('pluginNoInputs')) : undefined,
    getOptions: () => noneAnd(ctx, ctx.catalogue.plugins.map((p) => option(p.id))),
  };
});

const RecordStateEntry = attributeEntry('flowdesk-recordState', 'recordState', 'select', (ctx, element) => ({
  label: ctx.t('recordState'),
  getOptions: () => noneAnd(ctx, (recordTypeOf(element, ctx)?.states ?? []).map((state) => option(state))),
}));
const RecordFieldsEntry = attributeEntry('flowdesk-recordFields', 'recordFields', 'text', (ctx, element) => ({
  label: ctx.t('recordFields'),
  description: recordTypeOf(element, ctx)?.fields.join(', '),
}));
const RecordTeamEntry = attributeEntry('flowdesk-recordTeam', 'recordTeam', 'text', (ctx) => ({ label: ctx.t('recordTeam') }));
const RecordAssigneeEntry = attributeEntry('flowdesk-recordAssignee', 'recordAssignee', 'text', (ctx) => ({ label: ctx.t('recordAssignee') }));

/** A sequence flow's condition: one `${…}` expression, kept as a FormalExpression. */
function ConditionEntry({ element }: { element: Element }) {
  const modeling = useService<Modeling>('modeling');
  const bpmnFactory = useService<BpmnFactory>('bpmnFactory');
  const debounce = useService<(fn: unknown) => unknown>('debounceInput');
  const ctx = useService<ModelerContextHolder>('flowdeskContext').current;
  return h(TextFieldEntry, {
    id: 'flowdesk-condition',
    element,
    debounce,
    label: ctx.t('condition'),
    description: ctx.t('conditionHelp'),
    getValue: () => (getBusinessObject(element).get('conditionExpression')?.get('body') as string | undefined) ?? '',
    setValue: (value: string | undefined) =>
      modeling.updateProperties(element, { conditionExpression: value ? bpmnFactory.create('bpmn:FormalExpression', { body: value }) : undefined }),
  });
}

const TIMER_KINDS = ['timeDuration', 'timeDate', 'timeCycle'] as const;
const timerOf = (element: Element) => (getBusinessObject(element).get('eventDefinitions') as Element[] | undefined)?.find((d) => is(d, 'bpmn:TimerEventDefinition'));
const timerKindOf = (timer: Element) => TIMER_KINDS.find((kind) => timer.get(kind)) ?? 'timeDuration';

function TimerKindEntry({ element }: { element: Element }) {
  const modeling = useService<Modeling>('modeling');
  const bpmnFactory = useService<BpmnFactory>('bpmnFactory');
  const ctx = useService<ModelerContextHolder>('flowdeskContext').current;
  const timer = timerOf(element);
  return h(SelectEntry, {
    id: 'flowdesk-timerKind',
    element,
    label: ctx.t('timerKind'),
    getValue: () => timerKindOf(timer),
    setValue: (kind: string) => {
      const body = timer.get(timerKindOf(timer))?.get('body') ?? '';
      modeling.updateModdleProperties(element, timer, { timeDuration: undefined, timeDate: undefined, timeCycle: undefined, [kind]: bpmnFactory.create('bpmn:FormalExpression', { body }) });
    },
    getOptions: () => [option('timeDuration', ctx.t('timer.duration')), option('timeDate', ctx.t('timer.date')), option('timeCycle', ctx.t('timer.cycle'))],
  });
}

function setTimerValue(element: Element, modeling: Modeling, bpmnFactory: BpmnFactory, value: string | undefined) {
  const timer = timerOf(element);
  modeling.updateModdleProperties(element, timer, { [timerKindOf(timer)]: value ? bpmnFactory.create('bpmn:FormalExpression', { body: value }) : undefined });
}

function TimerValueEntry({ element }: { element: Element }) {
  const modeling = useService<Modeling>('modeling');
  const bpmnFactory = useService<BpmnFactory>('bpmnFactory');
  const debounce = useService<(fn: unknown) => unknown>('debounceInput');
  const ctx = useService<ModelerContextHolder>('flowdeskContext').current;
  const timer = timerOf(element);
  return h(TextFieldEntry, {
    id: 'flowdesk-timerValue',
    element,
    debounce,
    label: ctx.t('timerValue'),
    getValue: () => (timer.get(timerKindOf(timer))?.get('body') as string | undefined) ?? '',
    setValue: (value: string | undefined) => setTimerValue(element, modeling, bpmnFactory, value),
    validate: (value: string | undefined) => (value && timerKindOf(timer) === 'timeDuration' && !value.startsWith('${') && !isIsoDuration(value) ? ctx.t('dueInvalid') : null),
  });
}

function TimerPresetEntry({ element }: { element: Element }) {
  const modeling = useService<Modeling>('modeling');
  const bpmnFactory = useService<BpmnFactory>('bpmnFactory');
  const ctx = useService<ModelerContextHolder>('flowdeskContext').current;
  const timer = timerOf(element);
  const presets: readonly string[] = timerKindOf(timer) === 'timeCycle' ? CYCLE_PRESETS : timerKindOf(timer) === 'timeDuration' ? DUE_PRESETS : [];
  return h(SelectEntry, {
    id: 'flowdesk-timerPreset',
    element,
    label: ctx.t('timerPreset'),
    getValue: () => '',
    setValue: (value: string) => value && setTimerValue(element, modeling, bpmnFactory, value),
    getOptions: () => [option('', '…'), ...presets.map((value) => option(value, `${ctx.t(`preset.${value}` as ProcessTextKey)} (${value})`))],
  });
}

function CountersignEntry({ element }: { element: Element }) {
  const modeling = useService<Modeling>('modeling');
  const bpmnFactory = useService<BpmnFactory>('bpmnFactory');
  const ctx = useService<ModelerContextHolder>('flowdeskContext').current;
  const loop = getBusinessObject(element).get('loopCharacteristics');
  const taskId = getBusinessObject(element).get('id') as string;
  const current = countersignRuleOf(taskId, loop.get('completionCondition')?.get('body'));
  const field = current && 'field' in current ? current.field : 'decision';
  const rules: Array<{ value: string; label: string; rule: CountersignRule }> = [
    { value: 'all', label: ctx.t('countersign.all'), rule: { kind: 'all' } },
    { value: 'any', label: ctx.t('countersign.any'), rule: { kind: 'any' } },
    { value: 'reject-stops', label: ctx.t('countersign.rejectStops'), rule: { kind: 'reject-stops', field } },
    ...[1, 2, 3].map((count) => ({ value: `at-least-${count}`, label: ctx.t('countersign.majority', { count }), rule: { kind: 'at-least', field, count } as CountersignRule })),
  ];
  const valueOf = (rule: CountersignRule | null) => (!rule ? '' : rule.kind === 'at-least' ? `at-least-${rule.count}` : rule.kind);
  return h(SelectEntry, {
    id: 'flowdesk-countersign',
    element,
    label: ctx.t('countersignRule'),
    description: ctx.t('countersignHelp'),
    getValue: () => valueOf(current),
    setValue: (value: string) => {
      const rule = rules.find((r) => r.value === value)?.rule;
      if (!rule) return;
      const body = completionConditionOf(taskId, rule);
      modeling.updateModdleProperties(element, loop, { completionCondition: body ? bpmnFactory.create('bpmn:FormalExpression', { body }) : undefined });
    },
    getOptions: () => [...(current ? [] : [option('', loop.get('completionCondition')?.get('body') ?? '')]), ...rules.map(({ value, label }) => option(value, label))],
  });
}

const entry = (id: string, component: unknown, element: Element, isEdited: unknown = isSelectEntryEdited) => ({ id, component, element, isEdited });
const group = (id: string, label: string, entries: unknown[]) => ({ id, label, entries });

function groupsFor(element: Element, ctx: ModelerContext) {
  const groups = [];
  const bo = getBusinessObject(element);
  const t = ctx.t;
  if (is(element, 'bpmn:Process') || (is(element, 'bpmn:Participant') && bo.get('processRef'))) {
    groups.push(group('flowdesk-record', t('group.record'), [entry('flowdesk-recordType', RecordTypeEntry, is(element, 'bpmn:Participant') ? bo.get('processRef') : element)]));
  }
  const plainStart = is(element, 'bpmn:StartEvent') && !(bo.get('eventDefinitions') ?? []).length;
  if (plainStart || is(element, 'bpmn:UserTask')) groups.push(group('flowdesk-form', t('group.form'), [entry('flowdesk-formKey', FormKeyEntry, element)]));
  if (is(element, 'bpmn:UserTask')) {
    const kind = assignmentKindOf(attr(element, 'assignee'));
    groups.push(
      group('flowdesk-assignment', t('group.assignment'), [
        entry('flowdesk-assignTo', AssignToEntry, element),
        ...(kind === 'person' ? [entry('flowdesk-assignee-person', PersonEntry, element)] : []),
        ...(kind === 'expression' ? [entry('flowdesk-assignee-expression', AssigneeExpressionEntry, element, isTextFieldEntryEdited)] : []),
        entry('flowdesk-candidateGroups', CandidateGroupsEntry, element, isTextFieldEntryEdited),
        entry('flowdesk-addRole', AddRoleEntry, element),
        entry('flowdesk-addTeam', AddTeamEntry, element),
      ]),
      group('flowdesk-due', t('group.due'), [
        entry('flowdesk-dueIn', DueInEntry, element, isTextFieldEntryEdited),
        entry('flowdesk-duePreset', DuePresetEntry, element),
        entry('flowdesk-calendar', CalendarEntry, element),
      ]),
    );
    if (bo.get('loopCharacteristics') && is(bo.get('loopCharacteristics'), 'bpmn:MultiInstanceLoopCharacteristics')) {
      groups.push(group('flowdesk-countersign', t('group.countersign'), [entry('flowdesk-countersign', CountersignEntry, element)]));
    }
  }
  if (['bpmn:ServiceTask', 'bpmn:ScriptTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask'].some((type) => is(element, type))) {
    groups.push(group('flowdesk-plugin', t('group.plugin'), [entry('flowdesk-plugin', PluginEntry, element)]));
  }
  if (is(element, 'bpmn:SequenceFlow') && ['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway'].some((type) => is(bo.get('sourceRef'), type))) {
    groups.push(group('flowdesk-condition', t('group.condition'), [entry('flowdesk-condition', ConditionEntry, element, isTextFieldEntryEdited)]));
  }
  if (timerOf(element)) {
    groups.push(
      group('flowdesk-timer', t('group.timer'), [
        entry('flowdesk-timerKind', TimerKindEntry, element),
        entry('flowdesk-timerValue', TimerValueEntry, element, isTextFieldEntryEdited),
        entry('flowdesk-timerPreset', TimerPresetEntry, element),
      ]),
    );
  }
  if (is(element, 'bpmn:FlowNode') && recordTypeOf(element, ctx)) {
    groups.push(
      group('flowdesk-record-effects', t('group.record'), [
        entry('flowdesk-recordState', RecordStateEntry, element),
        entry('flowdesk-recordFields', RecordFieldsEntry, element, isTextFieldEntryEdited),
        entry('flowdesk-recordTeam', RecordTeamEntry, element, isTextFieldEntryEdited),
        entry('flowdesk-recordAssignee', RecordAssigneeEntry, element, isTextFieldEntryEdited),
      ]),
    );
  }
  return groups;
}

class FlowdeskPropertiesProvider {
  static $inject = ['propertiesPanel', 'flowdeskContext'];
  constructor(
    propertiesPanel: { registerProvider(priority: number, provider: unknown): void },
    private readonly holder: ModelerContextHolder,
  ) {
    propertiesPanel.registerProvider(400, this);
  }

  /** Flowdesk's groups go after the general ones (name, id), before documentation. */
  getGroups(element: Element) {
    return (groups: Array<{ id: string }>) => {
      const documentation = groups.findIndex((g) => g.id === 'documentation');
      groups.splice(documentation < 0 ? groups.length : documentation, 0, ...(groupsFor(element, this.holder.current) as Array<{ id: string }>));
      return groups;
    };
  }
}

/** The diagram-js module: the provider, and the holder the editor keeps current. */
export function flowdeskPropertiesModule(holder: ModelerContextHolder) {
  return {
    __init__: ['flowdeskPropertiesProvider'],
    flowdeskPropertiesProvider: ['type', FlowdeskPropertiesProvider],
    flowdeskContext: ['value', holder],
  };
}
