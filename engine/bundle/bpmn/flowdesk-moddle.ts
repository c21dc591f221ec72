/**
 * The Flowdesk BPMN extension (namespace prefix `flowdesk`), as a moddle package descriptor.
 * Written out to docs/schemas/flowdesk-bpmn-extension.json for modelers and bpmn-js.
 */
export const FLOWDESK_BPMN_NAMESPACE = 'https://flowdesk.dev/schema/bpmn/1.0';

export const flowdeskModdleDescriptor = {
  name: 'Flowdesk',
  uri: FLOWDESK_BPMN_NAMESPACE,
  prefix: 'flowdesk',
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  types: [
    {
      name: 'ProcessProperties',
      isAbstract: true,
      extends: ['bpmn:Process'],
      properties: [{ name: 'recordType', isAttr: true, type: 'String' }],
    },
    {
      name: 'FormSupport',
      isAbstract: true,
      extends: ['bpmn:StartEvent', 'bpmn:UserTask'],
      properties: [{ name: 'formKey', isAttr: true, type: 'String' }],
    },
    {
      name: 'Assignment',
      isAbstract: true,
      extends: ['bpmn:UserTask'],
      properties: [
        { name: 'assignee', isAttr: true, type: 'String' },
        { name: 'candidateGroups', isAttr: true, type: 'String' },
        { name: 'dueIn', isAttr: true, type: 'String' },
        { name: 'calendar', isAttr: true, type: 'String' },
      ],
    },
    {
      name: 'PluginCall',
      isAbstract: true,
      extends: ['bpmn:ServiceTask', 'bpmn:ScriptTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask'],
      properties: [{ name: 'plugin', isAttr: true, type: 'String' }],
    },
    {
      // What reaching or finishing an element does to the process's record (see process/record-effects.ts).
      name: 'RecordEffects',
      isAbstract: true,
      extends: ['bpmn:FlowNode'],
      properties: [
        { name: 'recordState', isAttr: true, type: 'String' },
        { name: 'recordFields', isAttr: true, type: 'String' },
        { name: 'recordTeam', isAttr: true, type: 'String' },
        { name: 'recordAssignee', isAttr: true, type: 'String' },
      ],
    },
  ],
} as const;
