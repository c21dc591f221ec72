/**
 * The closed lists of values the bundle schemas allow, which the editors offer in pickers (each
 * value has a text in the editors' tables). choices.test.ts checks each list against the enum of
 * the engine's schema, so a value added there fails the test until it is added here.
 */
export const NOTIFICATION_EVENTS = [
  'record.created',
  'record.updated',
  'task.created',
  'task.assigned',
  'task.completed',
  'process.completed',
  'sla.threshold',
  'ola.threshold',
  'survey.low-rating',
] as const;

export const NOTIFICATION_CHANNELS = ['email', 'inbox', 'webhook'] as const;

export const RECIPIENT_PARTIES = ['assignee', 'requester', 'watchers', 'team', 'manager', 'task-assignee', 'task-candidates'] as const;

export const SLA_METRICS = ['response', 'resolution'] as const;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const QUALITY_MEASURES = [
  'count',
  'share',
  'average-duration',
  'sla-met-share',
  'response-in-time',
  'resolution-in-time',
  'reopen-rate',
  'first-contact-resolution',
  'satisfaction-average',
] as const;

/** Measures over resolved records: they need the rule's `resolvedStates`. */
export const RESOLUTION_MEASURES: readonly string[] = ['reopen-rate', 'first-contact-resolution'];

export const QUALITY_GROUPS = ['team', 'agent', 'service', 'organization'] as const;

export const QUALITY_PERIODS = ['day', 'week', 'month', 'quarter'] as const;

export const TARGET_OPS = ['>=', '<='] as const;

export const GRANT_ACTIONS = ['read', 'create', 'update', 'assign', 'comment', 'work-note', 'attach', 'delete', 'export', 'cancel'] as const;

export const GRANT_SCOPES = ['own', 'organization', 'organization-tree', 'team', 'all'] as const;
