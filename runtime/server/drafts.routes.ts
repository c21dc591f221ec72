/**
 * Bundle drafts over HTTP, for the designer (administrators only): make a draft (a new bundle,
 * from an installed version, or from an archive), read and save its files against the version read, check it as
 * publishing would, see what changed, publish it as a new version, export its archive, drop it.
 * See runtime/drafts/draft-store.ts.
 */
import { Type } from '@sinclair/typebox';
import { DEFAULT_BUNDLE_LIMITS, FlowdeskError } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import type { DraftStore } from '../drafts/draft-store.js';
import { Closed, Nullable, route, type ApiRoute } from './api-route.js';
import { MULTIPART_OVERHEAD_BYTES, receiveFile } from './multipart-upload.js';

const TAG = 'designer';
const Id = Type.String({ minLength: 1, maxLength: 36 });
const IdParams = Closed({ id: Id });
const Path = Type.String({ minLength: 1, maxLength: 255 });
const Semver = Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$', maxLength: 64 });

const DraftSummary = Closed({
  id: Type.String(),
  bundle: Type.String(),
  baseVersion: Nullable(Type.String({ description: 'The installed version it was made from; null for a new bundle.' })),
  version: Type.Integer({ description: 'Counts saves: send it with the next save.' }),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});
const DraftView = Type.Composite([DraftSummary, Closed({ files: Type.Array(Closed({ path: Type.String(), size: Type.Integer(), sha256: Type.String() })) })]);
const Problem = Type.Object({ code: Type.String(), file: Type.Optional(Type.String()), pointer: Type.Optional(Type.String()), message: Type.String() });

/** An administrator's API token needs `*` to change drafts (any scope reads them). */
function writer(caller: Caller | null): string {
  const via = caller!.via;
  if (via.kind === 'token' && !via.scopes.includes('*')) throw new FlowdeskError('FORBIDDEN', "this API token's scopes do not allow changing bundle drafts (needs *)");
  return caller!.userId;
}

export function draftRoutes({ drafts }: { drafts: DraftStore }): ApiRoute[] {
  const admin = { tag: TAG, access: 'admin' as const };
  return [
    route({ ...admin, method: 'get', path: '/drafts', summary: 'Every bundle draft, the most recently saved first', response: Closed({ drafts: Type.Array(DraftSummary) }), handler: async () => ({ drafts: await drafts.list() }) }),
    route({
      ...admin,
      method: 'post',
      path: '/drafts',
      summary: 'Start a draft: of a new bundle (from: null), or from an installed version ("newest" or a version: also how an old version is restored)',
      status: 201,
      body: Closed({ bundle: Type.String({ minLength: 1, maxLength: 100 }), from: Nullable(Type.String({ minLength: 1, maxLength: 64 })) }),
      response: DraftView,
      errors: ['BUNDLE_NOT_FOUND'],
      handler: async ({ caller, body }) => drafts.create(writer(caller), body.bundle, body.from),
    }),
    route({
      ...admin,
      method: 'post',
      path: '/drafts/import',
      summary: 'Start a draft from a bundle archive (multipart, the part "file"): made on the newest installed version of its bundle, so its diff previews what publishing it would change',
      status: 201,
      bodyType: 'multipart',
      body: Type.Object({ file: Type.String({ contentMediaType: 'application/gzip' }) }),
      response: DraftView,
      errors: ['BUNDLE_ARCHIVE_MALFORMED', 'PAYLOAD_TOO_LARGE', 'INPUT_INVALID'],
      async handler({ caller, req, res }) {
        const actor = writer(caller);
        const maxBytes = DEFAULT_BUNDLE_LIMITS.maxBundleBytes;
        const length = Number(req.headers['content-length']);
        if (Number.isFinite(length) && length > maxBytes + MULTIPART_OVERHEAD_BYTES) {
          res.setHeader('Connection', 'close');
          throw new FlowdeskError('PAYLOAD_TOO_LARGE', `an archive holds at most ${maxBytes} bytes`);
        }
        const incoming = await receiveFile(req, { maxFileBytes: maxBytes, fieldNames: [] });
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of incoming.content) {
          size += (chunk as Buffer).length;
          if (size > maxBytes) {
            incoming.content.destroy();
            await incoming.finished;
            if (incoming.isAbandoned()) res.setHeader('Connection', 'close');
            throw new FlowdeskError('PAYLOAD_TOO_LARGE', `an archive holds at most ${maxBytes} bytes`);
          }
          chunks.push(chunk as Buffer);
        }
        await incoming.finished;
        return drafts.importArchive(actor, Buffer.concat(chunks));
      },
    }),
    route({ ...admin, method: 'get', path: '/drafts/:id', summary: 'A draft and its files', params: IdParams, response: DraftView, errors: ['DRAFT_NOT_FOUND'], handler: async ({ params }) => drafts.get(params.id) }),
    route({
      ...admin,
      method: 'get',
      path: '/drafts/:id/file',
      summary: "One of a draft's files, as text",
      params: IdParams,
      query: Closed({ path: Path }),
      response: Closed({ path: Type.String(), content: Type.String() }),
      errors: ['DRAFT_NOT_FOUND', 'NOT_FOUND'],
      handler: async ({ params, query }) => ({ path: query.path, content: (await drafts.readFile(params.id, query.path)).toString('utf8') }),
    }),
    route({
      ...admin,
      method: 'put',
      path: '/drafts/:id/files',
      summary: 'Save: write (content) or remove (null) files, on the draft version you read',
      description: 'A save made on an older version than the draft is now at is refused with DRAFT_VERSION_CONFLICT: load the draft again, nothing is overwritten.',
      params: IdParams,
      body: Closed({ version: Type.Integer({ minimum: 1 }), changes: Type.Array(Closed({ path: Path, content: Nullable(Type.String()) }), { minItems: 1, maxItems: 500 }) }),
      response: DraftView,
      errors: ['DRAFT_NOT_FOUND', 'DRAFT_VERSION_CONFLICT', 'BUNDLE_PATH_UNSAFE', 'PAYLOAD_TOO_LARGE'],
      handler: async ({ caller, params, body }) => drafts.save(writer(caller), params.id, body.version, body.changes),
    }),
    route({
      ...admin,
      method: 'post',
      path: '/drafts/:id/check',
      summary: 'Validate a draft as publishing would (definitions, references into required bundles, the version it would take)',
      params: IdParams,
      response: Closed({ valid: Type.Boolean(), version: Type.String(), problems: Type.Array(Problem) }),
      errors: ['DRAFT_NOT_FOUND'],
      handler: async ({ caller, params }) => drafts.check(params.id, caller!.userId),
    }),
    route({
      ...admin,
      method: 'get',
      path: '/drafts/:id/diff',
      summary: 'What the draft changes against an installed version (`against`; by default the one it came from, or the newest): files, definitions, process elements, form and record fields, and the suggested semver bump',
      params: IdParams,
      query: Closed({ against: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
      response: Closed({ diff: Nullable(Type.Record(Type.String(), Type.Unknown())) }),
      errors: ['DRAFT_NOT_FOUND', 'BUNDLE_NOT_FOUND'],
      handler: async ({ params, query }) => ({ diff: (await drafts.diff(params.id, query.against)) as Record<string, unknown> | null }),
    }),
    route({
      ...admin,
      method: 'get',
      path: '/drafts/:id/base-file',
      summary: 'One file as the compared installed version has it (`against`, as for the diff), to show its changes line by line; content is null when that version has no such file',
      params: IdParams,
      query: Closed({ path: Path, against: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
      response: Closed({ path: Type.String(), content: Nullable(Type.String()) }),
      errors: ['DRAFT_NOT_FOUND', 'BUNDLE_NOT_FOUND', 'BUNDLE_PATH_UNSAFE'],
      handler: async ({ params, query }) => ({ path: query.path, content: await drafts.baseFile(params.id, query.path, query.against) }),
    }),
    route({
      ...admin,
      method: 'post',
      path: '/drafts/:id/publish',
      summary: 'Publish a draft as a new immutable bundle version (the suggested next version unless one is given); the draft is then gone',
      params: IdParams,
      body: Closed({ version: Type.Optional(Semver) }),
      response: Closed({ name: Type.String(), version: Type.String() }),
      errors: ['DRAFT_NOT_FOUND', 'BUNDLE_INVALID', 'BUNDLE_VERSION_CONFLICT'],
      handler: async ({ caller, params, body }) => {
        const { name, version } = await drafts.publish(writer(caller), params.id, body.version);
        return { name, version };
      },
    }),
    route({
      ...admin,
      method: 'get',
      path: '/drafts/:id/archive',
      summary: 'The draft as a bundle archive (.tgz), byte for byte what `flowdesk bundle pack` makes of the same files',
      params: IdParams,
      errors: ['DRAFT_NOT_FOUND'],
      async handler({ params, res }) {
        const { name, version, archive } = await drafts.archive(params.id);
        res.status(200);
        res.setHeader('Content-Type', 'application/gzip');
        res.setHeader('Content-Disposition', `attachment; filename="${name}-${version}.tgz"`);
        res.setHeader('Content-Length', String(archive.length));
        res.end(archive);
        return undefined;
      },
    }),
    route({
      ...admin,
      method: 'delete',
      path: '/drafts/:id',
      summary: 'Drop a draft',
      params: IdParams,
      status: 204,
      errors: ['DRAFT_NOT_FOUND'],
      handler: async ({ caller, params }) => drafts.remove(writer(caller), params.id),
    }),
  ];
}
