import { Type } from '@sinclair/typebox';
import { listAudit, type Database } from '../../engine/index.js';
import { route, type ApiRoute } from './api-route.js';

const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown(), { description: 'What changed: before and after where the write had them; never secrets.' }),
});

/** The audit log of every write, for administrators: newest first, paged by the last id seen. */
export function auditRoutes({ db }: { db: Database }): ApiRoute[] {
  return [
    route({
      method: 'get',
      path: '/audit',
      summary: 'Read the audit log',
      tag: 'audit',
      access: 'admin',
      query: Type.Object(
        {
          targetType: Type.Optional(Type.String({ maxLength: 100 })),
          targetId: Type.Optional(Type.String({ maxLength: 300 })),
          actor: Type.Optional(Type.String({ maxLength: 200 })),
          before: Type.Optional(Type.String({ maxLength: 36, description: 'The last id of the previous page.' })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        },
        { additionalProperties: false },
      ),
      response: Type.Object({ entries: Type.Array(AuditEntry), next: Type.Union([Type.String(), Type.Null()]) }),
      handler: async ({ query }) => {
        const entries = await listAudit(db.knex, query);
        return { entries, next: entries.length === query.limit ? entries[entries.length - 1]!.id : null };
      },
    }),
  ];
}
