import type { ErrorCode } from '../../errors/error-codes.js';
import { FlowdeskError } from '../../errors/flowdesk-error.js';

export type ExpressionErrorCode = Extract<ErrorCode, 'EXPRESSION_INVALID' | 'EXPRESSION_FORBIDDEN' | 'EXPRESSION_LIMIT'>;

/** A FlowdeskError about an expression; `column` (1-based, inside the `${…}`) when the source is to blame. */
export function expressionError(code: ExpressionErrorCode, message: string, column?: number): FlowdeskError {
  const at = column === undefined ? '' : ` (column ${column})`;
  return new FlowdeskError(code, `${message}${at}`, { details: column === undefined ? [] : [{ column }] });
}
