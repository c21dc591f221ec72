/**
 * Attachments of a record: upload (multipart, one file, streamed into the store's storage with
 * its size limit and content sniffing), list and download. A download is always a download:
 * `Content-Disposition: attachment` with the cleaned name (RFC 6266 / 5987), the sniffed type,
 * `nosniff` and a sandboxing Content-Security-Policy, so no upload is ever rendered as a page of
 * this origin. Attachments of work notes exist only for callers who may read work notes.
 */
import { pipeline } from 'node:stream/promises';
import { Type } from '@sinclair/typebox';
import type { Response } from 'express';
import { FlowdeskError, type RecordScope } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import { route, type ApiRoute } from './api-route.js';
import { MULTIPART_OVERHEAD_BYTES, receiveFile, type IncomingFile } from './multipart-upload.js';
import { AttachmentView, RecordKey, RecordParams, TypeId } from './record-api.schema.js';
import type { RecordRouteContext } from './records.routes.js';

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded name>`: the
 * fallback keeps printable ASCII but quotes, backslashes and percent signs.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_').trim() || 'attachment';
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function attachmentRoutes({ store, gate, limits }: RecordRouteContext): ApiRoute[] {
  const user = { tag: 'records', access: 'user' as const };
  const me = (caller: Caller | null) => caller!;

  /** A comment the caller may attach to: any of the record's if they read work notes, else a reply they can see. */
  async function assertCommentVisible(key: string, commentId: string | undefined, scope: RecordScope, includeWorkNotes: boolean): Promise<void> {
    if (commentId === undefined || includeWorkNotes) return;
    const visible = await store.listComments(key, scope, { includeWorkNotes: false });
    if (!visible.some((comment) => comment.id === commentId)) {
      throw new FlowdeskError('INPUT_INVALID', 'the comment is not one of this record', { details: [{ pointer: '/commentId', message: 'not a comment of the record' }] });
    }
  }

  /** Reads the rest of a refused upload (bounded by the request limit) so the client gets the answer. */
  async function settle(incoming: IncomingFile, res: Response): Promise<void> {
    if (!incoming.content.destroyed) incoming.content.destroy();
    await incoming.finished;
    if (incoming.isAbandoned()) res.setHeader('Connection', 'close');
  }

  return [
    route({
      ...user,
      method: 'post',
      path: '/records/:type/:key/attachments',
      summary: 'Attach one file to the record (multipart: optional commentId field first, then the part "file")',
      description: `The type is sniffed from the content (HTML, SVG, XML and executables are refused); the client's file name is kept for display only; at most ${limits.maxAttachmentBytes} bytes. Needs the attach grant.`,
      status: 201,
      bodyType: 'multipart',
      params: RecordParams,
      body: Type.Object({ commentId: Type.Optional(Type.String({ maxLength: 36 })), file: Type.String({ contentMediaType: 'application/octet-stream' }) }),
      response: AttachmentView,
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'RECORD_NOT_FOUND', 'ATTACHMENT_REFUSED'],
      async handler({ caller, params, req, res }) {
        const { type, record, scope } = await gate.reach(me(caller), params.type, params.key, 'attach');
        const length = Number(req.headers['content-length']);
        if (Number.isFinite(length) && length > limits.maxAttachmentBytes + MULTIPART_OVERHEAD_BYTES) {
          res.setHeader('Connection', 'close');
          throw new FlowdeskError('PAYLOAD_TOO_LARGE', `an attachment holds at most ${limits.maxAttachmentBytes} bytes`);
        }
        const includeWorkNotes = await gate.allows(me(caller), type, record, 'work-note');
        const incoming = await receiveFile(req, { maxFileBytes: limits.maxAttachmentBytes, fieldNames: ['commentId'] });
        try {
          const commentId = incoming.fields['commentId'];
          await assertCommentVisible(record.id, commentId, scope, includeWorkNotes);
          const view = await store.addAttachment(record.id, { fileName: incoming.fileName, declaredType: incoming.declaredType, content: incoming.content, ...(commentId ? { commentId } : {}) }, scope, me(caller).userId);
          await incoming.finished;
          return view;
        } catch (error) {
          await settle(incoming, res);
          throw error;
        }
      },
    }),
    route({
      ...user,
      method: 'get',
      path: '/records/:type/:key/attachments',
      summary: 'The record’s attachments (those of work notes only for callers who may read work notes)',
      params: RecordParams,
      response: Type.Object({ items: Type.Array(AttachmentView) }),
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'RECORD_NOT_FOUND'],
      async handler({ caller, params }) {
        const { type, record, scope } = await gate.reach(me(caller), params.type, params.key, 'read');
        const includeWorkNotes = await gate.allows(me(caller), type, record, 'work-note');
        return { items: await store.listAttachments(record.id, scope, { includeWorkNotes }) };
      },
    }),
    route({
      ...user,
      method: 'get',
      path: '/records/:type/:key/attachments/:attachmentId',
      summary: 'Download an attachment (always as a download, never rendered)',
      params: Type.Object({ type: TypeId, key: RecordKey, attachmentId: Type.String({ pattern: '^[0-9A-Fa-f-]{1,36}$' }) }, { additionalProperties: false }),
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'RECORD_NOT_FOUND', 'NOT_FOUND'],
      async handler({ caller, params, res }) {
        const { type, record, scope } = await gate.reach(me(caller), params.type, params.key, 'read');
        const includeWorkNotes = await gate.allows(me(caller), type, record, 'work-note');
        const opened = await store.openAttachment(record.id, params.attachmentId, scope, { includeWorkNotes });
        res.status(200);
        res.setHeader('Content-Type', opened.mediaType);
        res.setHeader('Content-Length', String(opened.size));
        res.setHeader('Content-Disposition', contentDisposition(opened.fileName));
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
        res.setHeader('Cache-Control', 'private, no-cache');
        res.setHeader('ETag', `"${opened.sha256}"`);
        try {
          await pipeline(opened.stream, res);
        } catch (error) {
          // The headers are out: all that is left is to cut the download short.
          if (!res.headersSent) throw error;
          res.destroy();
        }
        return undefined;
      },
    }),
  ];
}
