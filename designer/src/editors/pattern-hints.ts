/**
 * What the bundle schemas' patterns ask for, by name, so a value that does not match is told
 * what to write instead of shown a regular expression. pattern-hints.test.ts checks that each
 * pattern is still one the schemas use.
 */
export const PATTERN_HINTS = {
  '^[a-z][a-z0-9]*([-_.][a-z0-9]+)*$': 'id',
  '^([a-z][a-z0-9]*(-[a-z0-9]+)*:)?[a-z][a-z0-9]*([-_.][a-z0-9]+)*$': 'reference',
  '^[A-Za-z][A-Za-z0-9_]*([.-][A-Za-z0-9_]+)*$': 'textKey',
  '^[A-Za-z][A-Za-z0-9_]*$': 'fieldName',
  '^[A-Za-z_][A-Za-z0-9_]*$': 'fieldName',
  '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$': 'clockTime',
  '^P(?!$)(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$': 'businessDuration',
} as const;

export type PatternHint = (typeof PATTERN_HINTS)[keyof typeof PATTERN_HINTS];

/** The hint for a schema pattern, if it is one of the known ones. */
export function patternHint(pattern: string): PatternHint | undefined {
  return Object.hasOwn(PATTERN_HINTS, pattern) ? PATTERN_HINTS[pattern as keyof typeof PATTERN_HINTS] : undefined;
}
