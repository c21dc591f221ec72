/**
 * Comments on a record: public replies (the person the record is for sees them) and internal
 * work notes. Plain text with a size limit; each one audited in its own transaction.
 */
import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../audit/audit-log.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import { childRows, findRecord } from './record-lookup.js';
import type { RecordScope } from './record-scope.js';
import { runWrite } from './record-transaction.js';
import type { RecordContext } from './record-context.js';

export type CommentKind = 'reply' | 'work-note';
export const COMMENT_KINDS: readonly CommentKind[] = ['reply', 'work-note'];

export interface CommentView {
  id: string;
  recordId: string;
  kind: CommentKind;
  body: string;
  authorId: string;
  createdAt: string;
}

export interface CommentPage {
  /** Work notes are left out unless asked for (and the caller's grants allow it). */
  includeWorkNotes: boolean;
  /** The previous page's last comment id. */
  after?: string;
  limit?: number;
}

interface CommentRow {
  child_id: string;
  record_id: string;
  kind: CommentKind;
  body: string;
  author_id: string;
  created_at: string;
}

const MAX_LIST = 1000;

export function createCommentStore({ db, clock, limits }: RecordContext) {
  function checkedBody(kind: unknown, body: unknown): { kind: CommentKind; body: string } {
    if (typeof kind !== 'string' || !(COMMENT_KINDS as readonly string[]).includes(kind)) {
      throw new FlowdeskError('INPUT_INVALID', 'a comment is a reply or a work-note', { details: [{ pointer: '/kind', message: 'reply or work-note' }] });
    }
    // eslint-disable-next-line no-control-regex
    const text = typeof body === 'string' ? body.replace(/\u0000/g, '').trim() : '';
    if (text === '') throw new FlowdeskError('INPUT_INVALID', 'a comment needs some text', { details: [{ pointer: '/body', message: 'empty' }] });
    if ([...text].length > limits.maxCommentChars) {
      throw new FlowdeskError('INPUT_INVALID', `a comment holds at most ${limits.maxCommentChars} characters`, { details: [{ pointer: '/body', message: 'too long' }] });
    }
    return { kind: kind as CommentKind, body: text };
  }

  return {
    /** Adds a reply or work note to the record (found under the scope inside the transaction). */
    async addComment(key: string, input: { kind: CommentKind; body: string }, scope: RecordScope, actor: string): Promise<CommentView> {
      const { kind, body } = checkedBody(input.kind, input.body);
      return runWrite(db, undefined, async (trx) => {
        const record = await findRecord(trx, key, scope, { lock: db.dialect });
        const comment: CommentView = { id: uuidv7(), recordId: record.id, kind, body, authorId: actor, createdAt: clock.now().toISOString() };
        await trx('record_comments').insert({ id: comment.id, record_id: record.id, kind, body, author_id: actor, created_at: comment.createdAt });
        await appendAudit(trx, clock, { actor, action: 'record.comment', targetType: 'record', targetId: record.id, details: { number: record.number, commentId: comment.id, after: { kind, body } } });
        return comment;
      });
    },

    /** The record's comments, oldest first. */
    async listComments(key: string, scope: RecordScope, page: CommentPage): Promise<CommentView[]> {
      const limit = Math.min(Math.max(1, Math.floor(page.limit ?? MAX_LIST)), MAX_LIST);
      const rows = await childRows<CommentRow>(db.knex, key, scope, ['c.id as child_id', 'c.kind', 'c.body', 'c.author_id', 'c.created_at'], (query) => {
        query.leftJoin({ c: 'record_comments' }, (on) => {
          on.on('c.record_id', '=', 'r.id');
          if (!page.includeWorkNotes) on.andOnVal('c.kind', '=', 'reply');
          if (page.after !== undefined) on.andOnVal('c.id', '>', page.after);
        });
        query.orderBy('c.id').limit(limit);
      });
      return rows.map((row) => ({ id: row.child_id, recordId: row.record_id, kind: row.kind, body: row.body, authorId: row.author_id, createdAt: row.created_at }));
    },
  };
}
