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
] as const;

const Recipient = Type.Union([
  closedObject({ role: Reference }),
  closedObject({ field: FieldName }),
  closedObject({ party: StringEnum(['assignee', 'requester', 'watchers']) }),
]);

export const NotificationsSchema = fileSchema('notifications', 'Flowdesk notification rules', {
  rules: Type.Array(
    closedObject({
      id: Identifier,
      event: StringEnum(NOTIFICATION_EVENTS),
      recordType: Type.Optional(Reference),
      channel: StringEnum(['email', 'inbox', 'webhook']),
      recipients: Type.Array(Recipient, { minItems: 1, maxItems: 20 }),
      subjectKey: I18nKey,
      bodyKey: I18nKey,
    }),
    { minItems: 1, maxItems: 500 },
  ),
});
export type NotificationsFile = Static<typeof NotificationsSchema>;
