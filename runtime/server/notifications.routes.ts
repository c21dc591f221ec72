/** The caller's in-app notifications (the bell): newest first with the unread count, and marking them read. */
import { Type } from '@sinclair/typebox';
import { listInbox, markInboxRead, type Clock, type Database } from '../../engine/index.js';
import { route, type ApiRoute } from './api-route.js';

const Id = Type.String({ pattern: '^[0-9a-f-]{36}$' });
const Notification = Type.Object({
  id: Type.String(),
  recordId: Type.Union([Type.String(), Type.Null()]),
  ruleId: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export function notificationRoutes({ db, clock }: { db: Database; clock: Clock }): ApiRoute[] {
  return [
    route({
      tag: 'notifications',
      access: 'user',
      method: 'get',
      path: '/notifications',
      summary: "The caller's in-app notifications, newest first, and how many are unread",
      query: Type.Object(
        {
          before: Type.Optional(Id),
          unread: Type.Optional(Type.Boolean({ description: 'Only the unread ones.' })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        },
        { additionalProperties: false },
      ),
      response: Type.Object({ items: Type.Array(Notification), unread: Type.Integer(), next: Type.Union([Type.String(), Type.Null()]) }),
      async handler({ caller, query }) {
        const page = await listInbox(db.knex, caller!.userId, { limit: query.limit, ...(query.before ? { before: query.before } : {}), ...(query.unread ? { unreadOnly: true } : {}) });
        return { ...page, next: page.items.length === query.limit ? page.items[page.items.length - 1]!.id : null };
      },
    }),
    route({
      tag: 'notifications',
      access: 'user',
      method: 'post',
      path: '/notifications/read',
      summary: 'Mark some (ids) or all of the caller’s notifications read',
      body: Type.Union([Type.Object({ ids: Type.Array(Id, { minItems: 1, maxItems: 200, uniqueItems: true }) }, { additionalProperties: false }), Type.Object({ all: Type.Literal(true) }, { additionalProperties: false })]),
      response: Type.Object({ marked: Type.Integer() }),
      async handler({ caller, body }) {
        return { marked: await markInboxRead(db, clock, caller!.userId, 'ids' in body ? body.ids : 'all') };
      },
    }),
  ];
}
