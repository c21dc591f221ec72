/**
 * The flowdesk:record* attributes a flow node may carry: what reaching it (`recordState`) or
 * finishing it (`recordFields`, `recordTeam`, `recordAssignee`: names of process variables) does
 * to the record the process works on.
 */
export const RECORD_EFFECT_ATTRIBUTES = ['recordState', 'recordFields', 'recordTeam', 'recordAssignee'] as const;

/** A comma-separated attribute value as its trimmed, non-empty names. */
export function listedNames(list: string | undefined): string[] {
  return list?.split(',').map((name) => name.trim()).filter(Boolean) ?? [];
}
