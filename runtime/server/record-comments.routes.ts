/**
 * Comments on a record: public replies (the comment grant) and internal work notes (the
 * work-note grant). Work notes are listed only to callers whose work-note grant reaches the
 * record; to everyone else they do not exist.
 */
import { Type } from '@sinclair/typebox';
import type { Caller } from '../access/caller.js';
import { route, type ApiRoute } from './api-route.js';
import { CommentView, RecordParams, afterPageOptions, afterPageQuery } from './record-api.schema.js';
import type { RecordRouteContext } from './records.routes.js';

export function commentRoutes({ store, gate }: RecordRouteContext): ApiRoute[] {
  const user = { tag: 'records', access: 'user' as const };
  const me = (caller: Caller | null) => caller!;
  return [
    route({
      ...user,
      method: 'get',
      path: '/records/:type/:key/comments',
      summary: 'The record’s comments, oldest first: replies, and work notes for those who may read them',
      params: RecordParams,
      query: afterPageQuery('comment'),
      response: Type.Object({ items: Type.Array(CommentView) }),
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'RECORD_NOT_FOUND'],
      async handler({ caller, params, query }) {
        const { type, record, scope } = await gate.reach(me(caller), params.type, params.key, 'read');
        const includeWorkNotes = await gate.allows(me(caller), type, record, 'work-note');
        return { items: await store.listComments(record.id, scope, { includeWorkNotes, ...afterPageOptions(query) }) };
      },
    }),
    route({
      ...user,
      method: 'post',
      path: '/records/:type/:key/comments',
      summary: 'Add a public reply (comment grant) or an internal work note (work-note grant)',
      status: 201,
      params: RecordParams,
      body: Type.Object({ kind: Type.Union([Type.Literal('reply'), Type.Literal('work-note')]), body: Type.String({ minLength: 1, maxLength: 20_000, description: 'Plain text; stored and returned as text, never rendered as markup.' }) }),
      response: CommentView,
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'RECORD_NOT_FOUND'],
      async handler({ caller, params, body }) {
        const action = body.kind === 'work-note' ? 'work-note' : 'comment';
        const { record, scope } = await gate.reach(me(caller), params.type, params.key, action);
        return store.addComment(record.id, { kind: body.kind, body: body.body }, scope, me(caller).userId);
      },
    }),
  ];
}
