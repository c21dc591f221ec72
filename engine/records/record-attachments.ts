/**
 * Attachments of a record. An upload streams through a size limit into storage under a
 * generated key after its first bytes were sniffed; the row is written (and audited) only once
 * the bytes are stored, and the bytes are removed again if the row cannot be written.
 */
import { Readable } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../audit/audit-log.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { Transaction } from '../storage/transaction.js';
import { assertAllowedName, sanitizeFileName, sniffMediaType, SNIFF_BYTES } from './attachment-policy.js';
import { newStorageKey } from './attachment-storage.js';
import type { RecordContext } from './record-context.js';
import { childRows, findRecord } from './record-lookup.js';
import type { RecordScope } from './record-scope.js';
import { runWrite } from './record-transaction.js';

export interface NewAttachment {
  /** The client's file name: display only, sanitized. */
  fileName: string;
  content: Readable | Buffer | Uint8Array;
  /** What the client said the type is: recorded in the audit, never trusted. */
  declaredType?: string;
  /** A comment of the same record the file belongs to. */
  commentId?: string;
}

export interface AttachmentView {
  id: string;
  recordId: string;
  commentId: string | null;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdBy: string;
  createdAt: string;
}

export interface OpenedAttachment {
  stream: Readable;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
}

interface AttachmentRow {
  child_id: string;
  record_id: string;
  comment_id: string | null;
  storage_key: string;
  file_name: string;
  media_type: string;
  size: number | string;
  sha256: string;
  created_by: string;
  created_at: string;
}

const COLUMNS = ['c.id as child_id', 'c.comment_id', 'c.storage_key', 'c.file_name', 'c.media_type', 'c.size', 'c.sha256', 'c.created_by', 'c.created_at'];

function toView(row: AttachmentRow): AttachmentView {
  return {
    id: row.child_id,
    recordId: row.record_id,
    commentId: row.comment_id ?? null,
    fileName: row.file_name,
    mediaType: row.media_type,
    size: Number(row.size),
    sha256: row.sha256,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

const tooLarge = (max: number) => new FlowdeskError('PAYLOAD_TOO_LARGE', `an attachment holds at most ${max} bytes`);
const asBuffer = (chunk: unknown): Buffer => (Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));

/**
 * Reads the first SNIFF_BYTES of the content and returns them with a stream of the whole content
 * that fails with PAYLOAD_TOO_LARGE past `max` bytes (and stops reading the source then).
 */
async function readHead(content: NewAttachment['content'], max: number): Promise<{ head: Buffer; isComplete: boolean; whole: () => Readable; discard: () => Promise<void> }> {
  const source = content instanceof Readable ? content : Readable.from([asBuffer(content)]);
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  const discard = async () => {
    await iterator.return?.();
  };
  const chunks: Buffer[] = [];
  let length = 0;
  let isComplete = false;
  while (length < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      isComplete = true;
      break;
    }
    const chunk = asBuffer(next.value);
    chunks.push(chunk);
    length += chunk.length;
    if (length > max) {
      await discard();
      throw tooLarge(max);
    }
  }
  const head = Buffer.concat(chunks);
  async function* all(): AsyncGenerator<Buffer> {
    let size = head.length;
    let isDone = isComplete;
    try {
      yield head;
      while (!isDone) {
        const next = await iterator.next();
        if (next.done) {
          isDone = true;
          break;
        }
        const chunk = asBuffer(next.value);
        size += chunk.length;
        if (size > max) throw tooLarge(max);
        yield chunk;
      }
    } finally {
      if (!isDone) await discard();
    }
  }
  return { head: head.subarray(0, SNIFF_BYTES), isComplete, whole: () => Readable.from(all()), discard };
}

export function createAttachmentStore({ db, clock, limits, attachments: storage }: RecordContext) {
  async function checkComment(knex: Transaction | RecordContext['db']['knex'], recordId: string, commentId: string | undefined): Promise<boolean> {
    if (commentId === undefined) return false;
    const comment = (await knex('record_comments').where({ id: commentId, record_id: recordId }).first('kind')) as { kind: string } | undefined;
    if (!comment) throw new FlowdeskError('INPUT_INVALID', 'the comment is not one of this record', { details: [{ pointer: '/commentId', message: 'not a comment of the record' }] });
    return comment.kind === 'work-note';
  }

  return {
    /**
     * Stores an upload on the record.
     * @throws RECORD_NOT_FOUND, PAYLOAD_TOO_LARGE (counted while streaming), ATTACHMENT_REFUSED (empty, type or name not accepted), INPUT_INVALID
     */
    async addAttachment(key: string, input: NewAttachment, scope: RecordScope, actor: string): Promise<AttachmentView> {
      const fileName = sanitizeFileName(input.fileName);
      assertAllowedName(fileName, limits.blockedExtensions);
      // Before reading a byte: nothing is stored for a record the caller cannot reach.
      const record = await findRecord(db.knex, key, scope);
      await checkComment(db.knex, record.id, input.commentId);
      const upload = await readHead(input.content, limits.maxAttachmentBytes);
      let mediaType: string;
      try {
        mediaType = await sniffMediaType(upload.head, upload.isComplete, limits.allowedMediaTypes);
      } catch (error) {
        await upload.discard();
        throw error;
      }
      const storageKey = newStorageKey();
      const blob = await storage.put(storageKey, upload.whole());
      try {
        return await runWrite(db, undefined, async (trx) => {
          const locked = await findRecord(trx, record.id, scope, { lock: db.dialect });
          const isWorkNote = await checkComment(trx, locked.id, input.commentId);
          const view: AttachmentView = {
            id: uuidv7(),
            recordId: locked.id,
            commentId: input.commentId ?? null,
            fileName,
            mediaType,
            size: blob.size,
            sha256: blob.sha256,
            createdBy: actor,
            createdAt: clock.now().toISOString(),
          };
          await trx('record_attachments').insert({
            id: view.id,
            record_id: view.recordId,
            comment_id: view.commentId,
            is_work_note: isWorkNote,
            storage_key: storageKey,
            file_name: fileName,
            media_type: mediaType,
            size: view.size,
            sha256: view.sha256,
            created_by: actor,
            created_at: view.createdAt,
          });
          const declared = typeof input.declaredType === 'string' ? input.declaredType.slice(0, 100) : null;
          await appendAudit(trx, clock, { actor, action: 'record.attach', targetType: 'record', targetId: locked.id, details: { number: locked.number, attachmentId: view.id, after: { fileName, mediaType, declaredType: declared, size: view.size, sha256: view.sha256, commentId: view.commentId } } });
          return view;
        });
      } catch (error) {
        await storage.delete(storageKey);
        throw error;
      }
    },

    /** The record's attachments, oldest first; those on work notes only with `includeWorkNotes` (default: hidden). */
    async listAttachments(key: string, scope: RecordScope, options: { includeWorkNotes: boolean } = { includeWorkNotes: false }): Promise<AttachmentView[]> {
      const rows = await childRows<AttachmentRow>(db.knex, key, scope, COLUMNS, (query) => {
        query.leftJoin({ c: 'record_attachments' }, (on) => {
          on.on('c.record_id', '=', 'r.id');
          if (!options.includeWorkNotes) on.andOnVal('c.is_work_note', '=', false);
        });
        query.orderBy('c.id').limit(1000);
      });
      return rows.map(toView);
    },

    /**
     * The content of one attachment with what a download needs (the route sends it with
     * Content-Disposition: attachment and the file name as RFC 5987 filename*).
     * @throws RECORD_NOT_FOUND, NOT_FOUND (no such attachment on the record)
     */
    async openAttachment(key: string, attachmentId: string, scope: RecordScope, options: { includeWorkNotes: boolean } = { includeWorkNotes: false }): Promise<OpenedAttachment> {
      const rows = await childRows<AttachmentRow>(db.knex, key, scope, COLUMNS, (query) => {
        query.leftJoin({ c: 'record_attachments' }, (on) => {
          on.on('c.record_id', '=', 'r.id').andOnVal('c.id', '=', String(attachmentId));
          if (!options.includeWorkNotes) on.andOnVal('c.is_work_note', '=', false);
        });
      });
      const row = rows[0];
      if (!row) throw new FlowdeskError('NOT_FOUND', 'no such attachment on this record');
      return { stream: await storage.open(row.storage_key), fileName: row.file_name, mediaType: row.media_type, size: Number(row.size), sha256: row.sha256 };
    },
  };
}
