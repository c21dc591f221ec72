import { BpmnModdle, type ModdleElement, type ModdleWarning } from 'bpmn-moddle';
import { FlowdeskError, type Problem } from '../../errors/flowdesk-error.js';
import { INERT_FLOW_ELEMENTS, RUNNABLE_EVENT_DEFINITIONS, RUNNABLE_FLOW_ELEMENTS, UNSUPPORTED_REASONS } from './bpmn-support.js';
import { flowdeskModdleDescriptor } from './flowdesk-moddle.js';
import { decodeXml, guardXml } from './xml-text.js';

/** A flow element as the validator and the differ need it: id, type and what it refers to. */
export interface BpmnElementInfo {
  id: string;
  type: string;
  name?: string;
  /** The flowdesk:* attributes, plus calledElement, event definition types and flow ends. */
  attributes: Record<string, string>;
}

export interface BpmnProcessInfo {
  id: string;
  name?: string;
  isExecutable: boolean;
  recordType?: string;
  elements: BpmnElementInfo[];
}

export interface BpmnReadResult {
  processes: BpmnProcessInfo[];
  problems: Problem[];
}

const FLOWDESK_ATTRIBUTES = ['formKey', 'assignee', 'candidateGroups', 'dueIn', 'calendar', 'plugin'] as const;

/**
 * Reads a BPMN 2.0 file with bpmn-moddle and the Flowdesk extension. Never throws for a bad
 * diagram: every problem (encoding, DOCTYPE, malformed XML, moddle warnings, errors thrown by the
 * BPMN libraries, elements the engine cannot run) comes back located by line or element id.
 */
export async function readBpmn(bytes: Uint8Array, file: string): Promise<BpmnReadResult> {
  let text: string;
  try {
    text = decodeXml(bytes, file);
    guardXml(text, file);
  } catch (error) {
    return { processes: [], problems: problemsOf(error, file) };
  }
  const moddle = new BpmnModdle({ flowdesk: flowdeskModdleDescriptor });
  let definitions: ModdleElement;
  const problems: Problem[] = [];
  try {
    const result = await moddle.fromXML(text, 'bpmn:Definitions');
    definitions = result.rootElement;
    problems.push(...result.warnings.map((w) => warningProblem(w, file)));
  } catch (error) {
    const warnings = ((error as { warnings?: ModdleWarning[] }).warnings ?? []).map((w) => warningProblem(w, file));
    return { processes: [], problems: [...warnings, { code: 'BUNDLE_BPMN_INVALID', file, message: `not a BPMN 2.0 document: ${firstLine(error)}` }] };
  }
  try {
    const processes = collectProcesses(definitions);
    for (const process of processes) problems.push(...checkRunnable(process, file));
    return { processes: processes.map(describeProcess), problems };
  } catch (error) {
    return { processes: [], problems: [...problems, { code: 'BUNDLE_BPMN_INVALID', file, message: `cannot read the diagram: ${firstLine(error)}` }] };
  }
}

function problemsOf(error: unknown, file: string): Problem[] {
  if (error instanceof FlowdeskError) return error.details as Problem[];
  return [{ code: 'BUNDLE_BPMN_INVALID', file, message: firstLine(error) }];
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}

function warningProblem(warning: ModdleWarning, file: string): Problem {
  const position = /line: (\d+)\s+column: (\d+)/.exec(warning.message);
  const nested = /nested error: (.*)$/s.exec(warning.message)?.[1];
  const element = warning.element;
  return {
    code: 'BUNDLE_BPMN_INVALID',
    file,
    ...(element?.id ? { element: element.id, elementType: element.$type } : {}),
    ...(position ? { line: Number(position[1]) + 1, column: Number(position[2]) + 1 } : {}),
    message: nested ? `${warning.message.split('\n')[0]}: ${nested}` : warning.message,
  };
}

function collectProcesses(definitions: ModdleElement): ModdleElement[] {
  const roots = (definitions.get('rootElements') as ModdleElement[] | undefined) ?? [];
  return roots.filter((root) => root.$type === 'bpmn:Process');
}

function flowElementsOf(container: ModdleElement): ModdleElement[] {
  const own = (container.get('flowElements') as ModdleElement[] | undefined) ?? [];
  return own.flatMap((element) => (element.$type.endsWith('SubProcess') || element.$type === 'bpmn:Transaction' ? [element, ...flowElementsOf(element)] : [element]));
}

function checkRunnable(process: ModdleElement, file: string): Problem[] {
  if (process.get('isExecutable') !== true) {
    return [{
      code: 'BUNDLE_BPMN_NOT_EXECUTABLE',
      severity: 'warning',
      file,
      element: process.id ?? '(no id)',
      elementType: process.$type,
      message: 'the process is not executable (isExecutable is not "true"); Flowdesk will not run it',
    }];
  }
  const problems: Problem[] = [];
  const elements = flowElementsOf(process);
  for (const element of elements) {
    const where = { file, element: element.id ?? '(no id)', elementType: element.$type };
    if (INERT_FLOW_ELEMENTS.has(element.$type)) continue;
    if (!RUNNABLE_FLOW_ELEMENTS.has(element.$type)) {
      problems.push({ code: 'BUNDLE_BPMN_UNSUPPORTED', ...where, message: UNSUPPORTED_REASONS[element.$type] ?? `${element.$type} is not run by the Flowdesk engine` });
      continue;
    }
    for (const definition of eventDefinitionsOf(element)) {
      if (!RUNNABLE_EVENT_DEFINITIONS.has(definition.$type)) {
        problems.push({ code: 'BUNDLE_BPMN_UNSUPPORTED', ...where, message: `${definition.$type} on ${element.$type} is not run by the Flowdesk engine` });
      }
    }
    if (!element.id) problems.push({ code: 'BUNDLE_BPMN_INVALID', ...where, message: 'every flow element needs an id' });
  }
  if (!elements.some((e) => e.$type === 'bpmn:StartEvent' && e.$parent === process)) {
    problems.push({ code: 'BUNDLE_BPMN_INVALID', file, element: process.id ?? '(no id)', elementType: process.$type, message: 'the process has no start event' });
  }
  return problems;
}

function eventDefinitionsOf(element: ModdleElement): ModdleElement[] {
  return (element.get('eventDefinitions') as ModdleElement[] | undefined) ?? [];
}

function describeProcess(process: ModdleElement): BpmnProcessInfo {
  const recordType = process.get('flowdesk:recordType') as string | undefined;
  return {
    id: process.id ?? '',
    ...(process.name ? { name: process.name } : {}),
    isExecutable: process.get('isExecutable') === true,
    ...(recordType ? { recordType } : {}),
    elements: flowElementsOf(process).map(describeElement),
  };
}

function describeElement(element: ModdleElement): BpmnElementInfo {
  const attributes: Record<string, string> = {};
  for (const name of FLOWDESK_ATTRIBUTES) {
    const value = safeGet(element, `flowdesk:${name}`);
    if (typeof value === 'string') attributes[name] = value;
  }
  const calledElement = safeGet(element, 'calledElement');
  if (typeof calledElement === 'string') attributes['calledElement'] = calledElement;
  const definitions = eventDefinitionsOf(element).map((d) => d.$type.replace('bpmn:', ''));
  if (definitions.length > 0) attributes['eventDefinitions'] = definitions.join(',');
  for (const end of ['sourceRef', 'targetRef'] as const) {
    const ref = safeGet(element, end) as ModdleElement | undefined;
    if (ref?.id) attributes[end] = ref.id;
  }
  const condition = safeGet(element, 'conditionExpression') as ModdleElement | undefined;
  if (condition && typeof condition['body'] === 'string') attributes['condition'] = condition['body'];
  return { id: element.id ?? '', type: element.$type, ...(element.name ? { name: element.name } : {}), attributes };
}

/** moddle throws for properties an element type does not define; that is "absent" here. */
function safeGet(element: ModdleElement, property: string): unknown {
  try {
    return element.get(property);
  } catch {
    return undefined;
  }
}
