import { Type, type Static } from '@sinclair/typebox';
import { FieldName, I18nKey, Identifier, closedObject, fileSchema, StringEnum, Reference } from './common.schema.js';

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

const Recipient = Type.Union([
  closedObject({ role: Reference }, 'Every active user holding the role who may read the record.'),
  closedObject({ field: FieldName }, 'The person a field of the record names (a person reference).'),
  closedObject(
    {
      party: StringEnum(
        ['assignee', 'requester', 'watchers', 'team', 'manager', 'task-assignee', 'task-candidates'],
        "The record's assignee, requester (caller), watchers, team members, or the requester's manager; for task events and OLA thresholds, the task's assignee or its candidates (users and holders of its candidate roles).",
      ),
    },
  ),
]);

const FieldValue = Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]);

export const NotificationsSchema = fileSchema('notifications', 'Flowdesk notification rules', {
  rules: Type.Array(
    closedObject({
      id: Identifier,
      event: StringEnum(NOTIFICATION_EVENTS),
      recordType: Type.Optional(Reference),
      when: Type.Optional(
        Type.Record(FieldName, Type.Union([FieldValue, Type.Array(FieldValue, { minItems: 1, maxItems: 50 })]), {
          description: 'Record fields (and `state`) the record must have for the rule to send: a value, or one of a list.',
        }),
      ),
      channel: StringEnum(['email', 'inbox', 'webhook']),
      recipients: Type.Array(Recipient, { minItems: 1, maxItems: 20 }),
      subjectKey: I18nKey,
      bodyKey: I18nKey,
    }),
    { minItems: 1, maxItems: 500 },
  ),
});
export type NotificationsFile = Static<typeof NotificationsSchema>;
export type NotificationRule = NotificationsFile['rules'][number];
export type NotificationRecipient = Static<typeof Recipient>;
