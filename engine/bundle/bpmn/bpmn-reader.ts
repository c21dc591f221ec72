import { BpmnModdle, type ModdleElement, type ModdleWarning } from 'bpmn-moddle';
import { FlowdeskError, type Problem } from '../../errors/flowdesk-error.js';
import { checkExpressions } from './bpmn-expressions.js';
import { findHazards } from './bpmn-hazards.js';
import { checkRunnableElement } from './bpmn-runnable.js';
import { flowdeskModdleDescriptor } from './flowdesk-moddle.js';
import { eventDefinitionsOf, flowElementsOf, placeOf, safeGet } from './moddle-element.js';
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

const FLOWDESK_ATTRIBUTES = ['formKey', 'assignee', 'candidateGroups', 'dueIn', 'calendar', 'plugin', 'recordState', 'recordFields', 'recordTeam', 'recordAssignee'] as const;

/**
 * Reads a BPMN 2.0 file with bpmn-moddle and the Flowdesk extension. Never throws for a bad
 * diagram: every problem (encoding, DOCTYPE, malformed XML, moddle warnings, errors thrown by the
 * BPMN libraries, elements the engine cannot run, expressions that do not parse, hazards that
 * would keep a worker busy forever) comes back located by line or element id.
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
    const inFile = new Set(processes.map((p) => p.id));
    for (const process of processes) problems.push(...checkRunnable(process, file), ...checkCalledProcesses(process, inFile, file));
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
  const elements = flowElementsOf(process);
  const problems = elements.flatMap((element) => {
    const where = placeOf(element, file);
    return [...checkRunnableElement(element, where), ...checkExpressions(element, where)];
  });
  problems.push(...findHazards(elements, file));
  if (!elements.some((e) => e.$type === 'bpmn:StartEvent' && e.$parent === process)) {
    problems.push({ code: 'BUNDLE_BPMN_INVALID', file, element: process.id ?? '(no id)', elementType: process.$type, message: 'the process has no start event' });
  }
  return problems;
}

/** A call activity runs a process of its own file: each file is one definition to the engine. */
function checkCalledProcesses(process: ModdleElement, inFile: ReadonlySet<string | undefined>, file: string): Problem[] {
  if (process.get('isExecutable') !== true) return [];
  return flowElementsOf(process)
    .filter((element) => element.$type === 'bpmn:CallActivity')
    .flatMap((element) => {
      const called = safeGet(element, 'calledElement');
      if (typeof called !== 'string' || inFile.has(called)) return [];
      return [{ code: 'BUNDLE_BPMN_UNSUPPORTED', ...placeOf(element, file), message: `calls process "${called}", which is not in this file; a call activity runs a process of the same .bpmn file` }];
    });
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
