/**
 * Which BPMN elements the Flowdesk engine runs. Anything else in an executable process is
 * reported by id and type. Inline script tasks are refused on purpose: bundle code runs only
 * as plugin scripts in the sandbox.
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
  'bpmn:ScriptTask': 'inline scripts are not run; use a service task with flowdesk:plugin',
  'bpmn:ComplexGateway': 'complex gateways are not run; use inclusive or exclusive gateways',
  'bpmn:Transaction': 'transaction subprocesses are not run',
  'bpmn:AdHocSubProcess': 'ad-hoc subprocesses are not run',
};
