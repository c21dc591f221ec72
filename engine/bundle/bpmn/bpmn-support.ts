/**
 * Which BPMN elements the Flowdesk engine runs. Anything else in an executable process is
 * reported by id and type. A script task runs its inline JavaScript, or a plugin, in the sandbox.
 */
export const RUNNABLE_FLOW_ELEMENTS: ReadonlySet<string> = new Set([
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:IntermediateCatchEvent',
  'bpmn:IntermediateThrowEvent',
  'bpmn:BoundaryEvent',
  'bpmn:Task',
  'bpmn:UserTask',
  'bpmn:ManualTask',
  'bpmn:ServiceTask',
  'bpmn:ScriptTask',
  'bpmn:SendTask',
  'bpmn:ReceiveTask',
  'bpmn:BusinessRuleTask',
  'bpmn:SubProcess',
  'bpmn:CallActivity',
  'bpmn:ExclusiveGateway',
  'bpmn:InclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:EventBasedGateway',
  'bpmn:SequenceFlow',
]);

/** Elements that carry no behaviour (documentation, data, grouping): accepted and ignored. */
export const INERT_FLOW_ELEMENTS: ReadonlySet<string> = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

export const RUNNABLE_EVENT_DEFINITIONS: ReadonlySet<string> = new Set([
  'bpmn:TimerEventDefinition',
  'bpmn:MessageEventDefinition',
  'bpmn:SignalEventDefinition',
  'bpmn:ErrorEventDefinition',
  'bpmn:TerminateEventDefinition',
]);

/** Why an element type is not run, where there is more to say than "not supported". */
export const UNSUPPORTED_REASONS: Readonly<Record<string, string>> = {
  'bpmn:ComplexGateway': 'complex gateways are not run; use inclusive or exclusive gateways',
  'bpmn:Transaction': 'transaction subprocesses are not run',
  'bpmn:AdHocSubProcess': 'ad-hoc subprocesses are not run',
};

/**
 * Script languages the sandbox runs, compared in lower case: a script task's scriptFormat (none
 * means JavaScript) and a condition's language. The runtime's script handler claims the same.
 */
export const JAVASCRIPT_FORMATS: ReadonlySet<string> = new Set(['', 'javascript', 'js', 'text/javascript']);

/**
 * Elements where a run stops until something outside it happens (a person, a message, a timer,
 * a child run). A loop through none of them would keep a worker busy forever. Intermediate catch
 * events whose timers fire at once are not waits; the reader checks that.
 */
export const WAIT_STATES: ReadonlySet<string> = new Set([
  'bpmn:UserTask',
  'bpmn:ReceiveTask',
  'bpmn:ManualTask',
  'bpmn:IntermediateCatchEvent',
  'bpmn:EventBasedGateway',
  'bpmn:SubProcess',
  'bpmn:CallActivity',
]);
