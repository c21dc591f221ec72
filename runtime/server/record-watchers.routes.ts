/**
 * Watchers of a record. A person may watch (and stop watching) a record they can read; adding or
 * removing someone else needs the assign grant on the record, and that person must be one the
 * caller may assign records to (in an organization their assign grants reach).
 */
import { Type } from '@sinclair/typebox';
import { FlowdeskError } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import { route, type ApiRoute } from './api-route.js';
import { RecordKey, TypeId, WatcherView } from './record-api.schema.js';
import type { RecordRouteContext } from './records.routes.js';

const WatcherParams = Type.Object(
  { type: TypeId, key: RecordKey, personId: Type.String({ minLength: 1, maxLength: 36, description: 'A person id, or `me`.' }) },
  { additionalProperties: false },
);

export function watcherRoutes({ store, gate, access }: RecordRouteContext): ApiRoute[] {
  const user = { tag: 'records', access: 'user' as const };
  const me = (caller: Caller | null) => caller!;

  /** The record, its scope and the person, once the caller may add or remove that person. */
  async function reachFor(caller: Caller, typeId: string, key: string, personParam: string) {
    const personId = personParam === 'me' ? caller.personId : personParam;
    if (personId === null) throw new FlowdeskError('INPUT_INVALID', 'a technical account is no person and cannot watch records', { details: [{ pointer: '/params/personId', message: 'no person' }] });
    if (personId === caller.personId) return { ...(await gate.reach(caller, typeId, key, 'read')), personId };
    const reached = await gate.reach(caller, typeId, key, 'assign');
    await access.checkPlacement(caller, typeId, 'assign', { callerId: personId });
    return { ...reached, personId };
  }

  return [
    route({
      ...user,
      method: 'get',
      path: '/records/:type/:key/watchers',
      summary: 'Who watches the record',
      params: Type.Object({ type: TypeId, key: RecordKey }, { additionalProperties: false }),
      response: Type.Object({ items: Type.Array(WatcherView) }),
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'RECORD_NOT_FOUND'],
      async handler({ caller, params }) {
        const { record, scope } = await gate.reach(me(caller), params.type, params.key, 'read');
        return { items: await store.listWatchers(record.id, scope) };
      },
    }),
    route({
      ...user,
      method: 'put',
      path: '/records/:type/:key/watchers/:personId',
      summary: 'Watch the record (`me`), or add a person as a watcher (assign grant)',
      params: WatcherParams,
      response: Type.Object({ personId: Type.String(), isAdded: Type.Boolean({ description: 'False when the person already watched it.' }) }),
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'RECORD_NOT_FOUND', 'REFERENCE_OUT_OF_SCOPE'],
      async handler({ caller, params }) {
        const { record, scope, personId } = await reachFor(me(caller), params.type, params.key, params.personId);
        return { personId, isAdded: await store.watch(record.id, personId, scope, me(caller).userId) };
      },
    }),
    route({
      ...user,
      method: 'delete',
      path: '/records/:type/:key/watchers/:personId',
      summary: 'Stop watching the record (`me`), or remove a watcher (assign grant)',
      params: WatcherParams,
      status: 204,
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'RECORD_NOT_FOUND', 'REFERENCE_OUT_OF_SCOPE'],
      async handler({ caller, params }) {
        const { record, scope, personId } = await reachFor(me(caller), params.type, params.key, params.personId);
        await store.unwatch(record.id, personId, scope, me(caller).userId);
      },
    }),
  ];
}
