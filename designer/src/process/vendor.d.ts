// bpmn-js-properties-panel and @bpmn-io/properties-panel ship no types: the little we use, typed.
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: unknown;
  export const BpmnPropertiesProviderModule: unknown;
  export function useService<T = unknown>(name: string): T;
}

declare module '@bpmn-io/properties-panel' {
  type Entry = (props: Record<string, unknown>) => unknown;
  export const SelectEntry: Entry;
  export const TextFieldEntry: Entry;
  export const TextAreaEntry: Entry;
  export const CheckboxEntry: Entry;
  export const isSelectEntryEdited: (node: unknown) => boolean;
  export const isTextFieldEntryEdited: (node: unknown) => boolean;
  export const isTextAreaEntryEdited: (node: unknown) => boolean;
}

declare module '@bpmn-io/properties-panel/preact' {
  export function h(type: unknown, props: Record<string, unknown> | null, ...children: unknown[]): unknown;
}
