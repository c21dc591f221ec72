/**
 * A sample record and event for previewing a notification rule's templates: what the notification
 * engine hands a template (docs/sla-and-notifications.md): the record's number, title, state and
 * fields, the recipient's name, and what the rule's event adds (the task, the SLA threshold's
 * percent and deadline, the survey's rating). The admin edits it as JSON before previewing.
 */
import type { RecordTypeSummary } from '../draft/draft-model.js';

const SAMPLE_DUE = '2027-03-01T09:30:00.000Z';

const SAMPLE_TASK = { id: 'task-1', name: 'Review', elementId: 'review', dueAt: SAMPLE_DUE, assignee: 'ann', status: 'open' };

/** What each event adds to the record's values. */
const EVENT_VALUES: Record<string, Record<string, unknown>> = {
  'task.created': { processId: 'process-1', task: SAMPLE_TASK },
  'task.assigned': { processId: 'process-1', task: SAMPLE_TASK },
  'task.completed': { processId: 'process-1', task: { ...SAMPLE_TASK, status: 'completed' } },
  'process.completed': { processId: 'process-1' },
  'sla.threshold': { percent: 75, repeat: 0, clock: 'resolution', deadline: SAMPLE_DUE, policy: 'standard' },
  'ola.threshold': { task: SAMPLE_TASK, percent: 100, repeat: 0, ola: 'team-tasks' },
  'survey.low-rating': { survey: { id: 'satisfaction', average: 1.5, comment: 'Too slow', ratings: { speed: 1, quality: 2 } } },
};

/** The sample for a rule's event and record type: each field's value is its name in angle brackets. */
export function templateSample(event: string, recordType: RecordTypeSummary | undefined): Record<string, unknown> {
  const fields = Object.fromEntries((recordType?.fields ?? []).map((field) => [field, `‹${field}›`]));
  return {
    number: 'REC-000123',
    title: 'Sample record',
    state: recordType?.states[0] ?? 'new',
    fields,
    recipient: { name: 'Ann Lee' },
    ...(EVENT_VALUES[event] ?? {}),
  };
}

export type ParsedSample = { sample: Record<string, unknown> } | { problem: 'not-json'; detail: string } | { problem: 'not-an-object' };

/** The sample typed as JSON text, or why it cannot be one. */
export function parseSample(text: string): ParsedSample {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { problem: 'not-json', detail: (error as Error).message };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { problem: 'not-an-object' };
  return { sample: parsed as Record<string, unknown> };
}
