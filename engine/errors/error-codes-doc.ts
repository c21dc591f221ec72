import { ERROR_CODES } from './error-codes.js';

/** docs/error-codes.md, made from the code table so the two never disagree. */
export function errorCodesMarkdown(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, entry]) => `| \`${code}\` | ${entry.httpStatus} | ${entry.exitCode} | ${entry.meaning} |`);
  return [
    '# Error codes',
    '',
    'Generated from `engine/errors/error-codes.ts` by `npm run schemas`; do not edit by hand.',
    'A code never changes meaning once shipped. API errors look like',
    '`{ "error": { "code", "message", "details" }, "requestId" }`; `flowdesk --json` prints',
    '`{ "error": { "code", "message", "details" } }`. CLI exit codes: 0 ok, 1 internal, 2 invalid input, 3 conflict.',
    '',
    '| code | HTTP | exit | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
