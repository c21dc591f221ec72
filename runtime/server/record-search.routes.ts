/**
 * Search over records (Chinese and English, see engine/records/search-text.ts). Scopes are per
 * record type, so a search over every type runs once per type the caller may read — each with
 * that type's scope in its SQL — and merges the pages, most recently updated first; a type the
 * caller has no read grant on is never searched. The cursor of a merged page holds the position
 * reached in each type.
 */
import { Type } from '@sinclair/typebox';
import { FlowdeskError, type RecordPage, type RecordScope, type RecordTypeInfo, type RecordView } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import { route, type ApiRoute } from './api-route.js';
import { Cursor, RecordPage as RecordPageSchema, TypeId } from './record-api.schema.js';
import type { RecordRouteContext } from './records.routes.js';

const DEFAULT_LIMIT = 20;
const MAX_CURSOR_LENGTH = 8192;

/** Where a merged search stands in each type: the type's own cursor, `undefined` at its start, null when done. */
type Positions = Map<string, string | null | undefined>;

const invalidCursor = () => new FlowdeskError('INPUT_INVALID', 'the cursor is not valid for this search; start again from the first page', { details: [{ pointer: '/query/cursor', message: 'invalid cursor' }] });

export function encodePositions(positions: Positions): string | null {
  const open = [...positions.values()].some((position) => position !== null);
  if (!open) return null;
  return Buffer.from(JSON.stringify({ t: Object.fromEntries([...positions].map(([type, position]) => [type, position === undefined ? '' : position])) }), 'utf8').toString('base64url');
}

/** The positions a merged cursor holds for the types searched now; types it does not name are done. */
export function decodePositions(text: string, typeIds: readonly string[]): Positions {
  if (text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) throw invalidCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const held = (parsed as { t?: unknown } | null)?.t;
  if (held === null || typeof held !== 'object' || Array.isArray(held)) throw invalidCursor();
  const positions: Positions = new Map();
  for (const typeId of typeIds) {
    const value = Object.hasOwn(held, typeId) ? (held as Record<string, unknown>)[typeId] : null;
    if (value !== null && typeof value !== 'string') throw invalidCursor();
    positions.set(typeId, value === '' ? undefined : value);
  }
  return positions;
}

/** Newest update first, then the higher id: the order of every per-type search page. */
function isBefore(a: RecordView, b: RecordView): boolean {
  return a.updatedAt !== b.updatedAt ? a.updatedAt > b.updatedAt : a.id > b.id;
}

export function searchRoutes({ store, gate, types, access }: RecordRouteContext): ApiRoute[] {
  const me = (caller: Caller | null) => caller!;

  async function searchAll(caller: Caller, text: string, cursor: string | undefined, limit: number): Promise<RecordPage> {
    const readable: Array<{ type: RecordTypeInfo; scope: RecordScope }> = [];
    for (const type of await types.list()) {
      const scope = await access.scopeFor(caller, type.id, 'read');
      if (scope.kind !== 'none') readable.push({ type, scope });
    }
    const ids = readable.map(({ type }) => type.id);
    const positions: Positions = cursor ? decodePositions(cursor, ids) : new Map(ids.map((id) => [id, undefined]));
    const pages = new Map<string, RecordPage>();
    for (const { type, scope } of readable) {
      const position = positions.get(type.id);
      if (position === null) continue;
      pages.set(type.id, await store.search({ text, scope, type, limit, ...(position ? { cursor: position } : {}) }));
    }
    const merged = [...pages.values()].flatMap((page) => page.items).sort((a, b) => (isBefore(a, b) ? -1 : 1));
    const items = merged.slice(0, limit);
    for (const { type, scope } of readable) {
      const page = pages.get(type.id);
      if (!page) continue;
      const taken = items.filter((item) => item.type === type.id).length;
      if (taken === page.items.length) positions.set(type.id, page.nextCursor);
      else if (taken > 0) {
        // Part of this type's page was used: its position after the last item taken.
        const position = positions.get(type.id);
        const upTo = await store.search({ text, scope, type, limit: taken, ...(position ? { cursor: position } : {}) });
        positions.set(type.id, upTo.nextCursor);
      }
    }
    return { items, nextCursor: encodePositions(positions) };
  }

  return [
    route({
      tag: 'records',
      access: 'user',
      method: 'get',
      path: '/search',
      summary: 'Find records whose text holds every word of q (Chinese or English), in the types the caller may read',
      description: 'Words are split on spaces; every other character, including SQL and full-text operators, is matched as itself. With `type`, one type (its read grant is needed); without, every type the caller may read, each within its own scope.',
      query: Type.Object(
        {
          q: Type.String({ minLength: 1, maxLength: 200 }),
          type: Type.Optional(TypeId),
          cursor: Type.Optional(Type.String({ maxLength: MAX_CURSOR_LENGTH, description: Cursor.description })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        },
        { additionalProperties: false },
      ),
      response: RecordPageSchema,
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND'],
      async handler({ caller, query }) {
        const limit = query.limit ?? DEFAULT_LIMIT;
        if (query.type === undefined) return searchAll(me(caller), query.q, query.cursor, limit);
        const type = await gate.type(query.type);
        const scope = await gate.scope(me(caller), type, 'read');
        return store.search({ text: query.q, scope, type, limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
      },
    }),
  ];
}
