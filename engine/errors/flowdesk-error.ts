import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/**
 * Where a problem is: the file inside a bundle, and inside it a JSON pointer, a BPMN element id,
 * or a line and column. Every field is optional because not every problem has every coordinate.
 */
export interface ProblemLocation {
  /** The bundle (folder or archive) the file belongs to, when several are handled at once. */
  bundle?: string;
  file?: string;
  pointer?: string;
  element?: string;
  elementType?: string;
  line?: number;
  column?: number;
}

/** One finding: its own stable code, a human message and where it is. */
export interface Problem extends ProblemLocation {
  code: ErrorCode;
  message: string;
  severity?: 'error' | 'warning';
}

export interface FlowdeskErrorOptions {
  details?: unknown[];
  cause?: unknown;
}

/** The one error class of Flowdesk: a stable code from the code table, a message, details. */
export class FlowdeskError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown[];

  constructor(code: ErrorCode, message: string, options: FlowdeskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FlowdeskError';
    this.code = code;
    this.details = options.details ?? [];
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].httpStatus;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exitCode;
  }

  /** The shape the API and `--json` print: never the stack, never the cause. */
  toJSON(): { code: ErrorCode; message: string; details: unknown[] } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** Builds the error for a single located problem, naming the place in the message. */
export function problemError(problem: Problem): FlowdeskError {
  return new FlowdeskError(problem.code, formatProblem(problem), { details: [problem] });
}

/**
 * The error for a list of problems: the shared code when all agree, otherwise BUNDLE_INVALID;
 * the message names the first problem's place, the details list every problem.
 */
export function problemsError(problems: Problem[]): FlowdeskError {
  const codes = new Set(problems.map((p) => p.code));
  const code: ErrorCode = codes.size === 1 ? problems[0]!.code : 'BUNDLE_INVALID';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new FlowdeskError(code, `${formatProblem(problems[0]!)}${more}`, { details: problems });
}

/** `file#/pointer (element id): message` — the place first, as compilers do. */
export function formatProblem(problem: Problem): string {
  return `${formatLocation(problem)}: ${problem.message}`;
}

export function formatLocation(location: ProblemLocation): string {
  let place = location.file ?? '(bundle)';
  if (location.bundle !== undefined) place = `${location.bundle}: ${place}`;
  if (location.line !== undefined) place += `:${location.line}${location.column === undefined ? '' : `:${location.column}`}`;
  if (location.pointer !== undefined) place += `#${location.pointer}`;
  if (location.element !== undefined) {
    place += ` (${location.elementType ? `${location.elementType} ` : ''}${location.element})`;
  }
  return place;
}

/** Wraps anything thrown into a FlowdeskError, keeping a FlowdeskError as it is. */
export function asFlowdeskError(error: unknown): FlowdeskError {
  if (error instanceof FlowdeskError) return error;
  return new FlowdeskError('INTERNAL', 'Internal error', { cause: error });
}
