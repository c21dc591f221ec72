/**
 * The rules behind the modeler's Flowdesk settings, apart from the panel so they can be tested:
 * how an assignment is read back from a task's attributes, what a countersign rule writes as the
 * completion condition, which durations the runtime takes.
 */
export type AssignmentKind = 'none' | 'person' | 'expression';

/** `${…}` is an expression; anything else in flowdesk:assignee is a user id. */
export function assignmentKindOf(assignee: string | undefined): AssignmentKind {
  if (!assignee) return 'none';
  return /^\$\{.*\}$/s.test(assignee.trim()) ? 'expression' : 'person';
}

export function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((part) => part.trim()).filter(Boolean);
}

/** A comma-separated list with one more id (kept once, in order). */
export function withListItem(value: string | undefined, id: string): string {
  const items = splitList(value);
  return (items.includes(id) ? items : [...items, id]).join(',');
}

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/** An ISO 8601 duration as the runtime reads due times and timer durations (PT4H, P2D, P1W). */
export function isIsoDuration(value: string): boolean {
  return DURATION.test(value);
}

export type CountersignRule = { kind: 'all' } | { kind: 'any' } | { kind: 'reject-stops'; field: string } | { kind: 'at-least'; field: string; count: number };

/**
 * The completion condition of a countersign (docs/process-runtime.md): the runtime tallies
 * `countersign.<taskId>.completed` and, per enum field of the task's form, the answers by value.
 * "Everyone answered" needs no condition: a multi-instance task ends when all its tasks have.
 */
export function completionConditionOf(taskId: string, rule: CountersignRule): string | undefined {
  const tally = `countersign.${taskId}`;
  switch (rule.kind) {
    case 'all':
      return undefined;
    case 'any':
      return `\${${tally}.completed >= 1}`;
    case 'reject-stops':
      return `\${${tally}.${rule.field}.reject >= 1}`;
    case 'at-least':
      return `\${${tally}.${rule.field}.approve >= ${rule.count}}`;
  }
}

/** Reads a completion condition back as one of the rules, when it is one. */
export function countersignRuleOf(taskId: string, condition: string | undefined): CountersignRule | null {
  if (!condition) return { kind: 'all' };
  const tally = `countersign.${taskId}`.replace(/[.$]/g, '\\$&');
  if (new RegExp(`^\\$\\{${tally}\\.completed >= 1\\}$`).test(condition)) return { kind: 'any' };
  const reject = new RegExp(`^\\$\\{${tally}\\.([A-Za-z_][\\w]*)\\.reject >= 1\\}$`).exec(condition);
  if (reject) return { kind: 'reject-stops', field: reject[1]! };
  const atLeast = new RegExp(`^\\$\\{${tally}\\.([A-Za-z_][\\w]*)\\.approve >= (\\d+)\\}$`).exec(condition);
  if (atLeast) return { kind: 'at-least', field: atLeast[1]!, count: Number(atLeast[2]) };
  return null;
}

export const DUE_PRESETS = ['PT30M', 'PT1H', 'PT4H', 'P1D', 'P3D', 'P1W'] as const;
export const CYCLE_PRESETS = ['R/PT1H', 'R/P1D'] as const;
