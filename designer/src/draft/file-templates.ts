/**
 * The first content of a file an admin adds to a draft, per kind: the smallest file of that kind
 * the designer's editors can take from there. Paths follow the layout the shipped bundles use.
 */
export interface NewFile {
  path: string;
  content: string;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A process with a start event, drawn where the modeler shows it. */
function starterProcess(id: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:flowdesk="https://flowdesk.dev/schema/bpmn/1.0" id="${id}-definitions" targetNamespace="https://flowdesk.dev/definitions">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="${id}-start" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="${id}-diagram">
    <bpmndi:BPMNPlane id="${id}-plane" bpmnElement="${id}">
      <bpmndi:BPMNShape id="${id}-start_di" bpmnElement="${id}-start">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** Kinds an admin can add a file of, with the file made for an id. */
export const FILE_TEMPLATES: Readonly<Record<string, (id: string) => NewFile>> = {
  processes: (id) => ({ path: `processes/${id}.bpmn`, content: starterProcess(id) }),
  forms: (id) => ({ path: `forms/${id}.json`, content: json({ id, titleKey: `form.${id}`, schema: { type: 'object', properties: {} } }) }),
  records: (id) => ({
    path: `records/${id}.json`,
    content: json({
      id,
      titleKey: `record.${id}`,
      numbering: { prefix: id.replace(/[^a-z]/g, '').slice(0, 3).toUpperCase() || 'REC', digits: 6 },
      fields: { type: 'object', properties: { subject: { type: 'string', title: `field.${id}.subject`, maxLength: 200 } } },
      states: [{ id: 'open', titleKey: `state.${id}.open` }, { id: 'closed', titleKey: `state.${id}.closed`, isFinal: true }],
      listColumns: ['subject'],
    }),
  }),
  calendars: (id) => ({ path: `calendars/${id}.json`, content: json({ id, titleKey: `calendar.${id}`, timeZone: 'Asia/Shanghai', week: { mon: [{ from: '09:00', to: '18:00' }], tue: [{ from: '09:00', to: '18:00' }], wed: [{ from: '09:00', to: '18:00' }], thu: [{ from: '09:00', to: '18:00' }], fri: [{ from: '09:00', to: '18:00' }] } }) }),
  roles: () => ({ path: 'roles.json', content: json({ roles: [] }) }),
  sla: () => ({ path: 'sla.json', content: json({ policies: [] }) }),
  notifications: () => ({ path: 'notifications.json', content: json({ rules: [] }) }),
  quality: () => ({ path: 'quality.json', content: json({ rules: [] }) }),
  catalog: () => ({ path: 'catalog.json', content: json({ families: [], services: [], entries: [] }) }),
};

/** Kinds kept in one file per bundle: they take no id. */
export const SINGLE_FILE_KINDS: ReadonlySet<string> = new Set(['roles', 'sla', 'notifications', 'quality', 'catalog']);
