// Minimal typings for two untyped dependencies, covering only what Flowdesk calls.

declare module 'bpmn-moddle' {
  export interface ModdleElement {
    $type: string;
    id?: string;
    name?: string;
    $attrs?: Record<string, string>;
    $parent?: ModdleElement;
    get(name: string): unknown;
    [property: string]: unknown;
  }
  export interface ModdleWarning {
    message: string;
    element?: ModdleElement;
    property?: string;
    value?: unknown;
    error?: Error;
  }
  export interface ParseResult {
    rootElement: ModdleElement;
    elementsById: Record<string, ModdleElement>;
    warnings: ModdleWarning[];
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<ParseResult>;
  }
}

declare module 'saxen' {
  export interface ParseContext {
    line: number;
    column: number;
    data: string;
  }
  type GetContext = () => ParseContext;
  export class Parser {
    constructor(options?: { proxy?: boolean });
    on(event: 'openTag', cb: (name: string, getAttrs: () => Record<string, string>, decodeEntities: unknown, selfClosing: boolean, getContext: GetContext) => void): this;
    on(event: 'closeTag', cb: (name: string, decodeEntities: unknown, selfClosing: boolean, getContext: GetContext) => void): this;
    on(event: 'error' | 'warn', cb: (error: Error, getContext: GetContext) => void): this;
    on(event: 'attention', cb: (text: string, decodeEntities: unknown, getContext: GetContext) => void): this;
    on(event: 'question' | 'cdata', cb: (text: string, getContext: GetContext) => void): this;
    parse(xml: string): this;
  }
}
