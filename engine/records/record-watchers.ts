/** Persons who follow a record (notified of its changes); adding or removing one is audited. */
import { appendAudit } from '../audit/audit-log.js';
import type { RecordContext } from './record-context.js';
import { childRows, findRecord } from './record-lookup.js';
import type { RecordScope } from './record-scope.js';
import { runWrite } from './record-transaction.js';

export interface WatcherView {
  personId: string;
  addedBy: string;
  createdAt: string;
}

export function createWatcherStore({ db, clock }: RecordContext) {
  return {
    /** Adds the person as a watcher; watching twice changes nothing. Returns whether it was added. */
    async watch(key: string, personId: string, scope: RecordScope, actor: string): Promise<boolean> {
      return runWrite(db, undefined, async (trx) => {
        const record = await findRecord(trx, key, scope, { lock: db.dialect });
        const existing = await trx('record_watchers').where({ record_id: record.id, person_id: personId }).first('person_id');
        if (existing) return false;
        await trx('record_watchers').insert({ record_id: record.id, person_id: personId, added_by: actor, created_at: clock.now().toISOString() });
        await appendAudit(trx, clock, { actor, action: 'record.watch', targetType: 'record', targetId: record.id, details: { number: record.number, after: { personId } } });
        return true;
      });
    },

    /** Removes the person from the watchers. Returns whether they were one. */
    async unwatch(key: string, personId: string, scope: RecordScope, actor: string): Promise<boolean> {
      return runWrite(db, undefined, async (trx) => {
        const record = await findRecord(trx, key, scope, { lock: db.dialect });
        const removed = await trx('record_watchers').where({ record_id: record.id, person_id: personId }).delete();
        if (removed === 0) return false;
        await appendAudit(trx, clock, { actor, action: 'record.unwatch', targetType: 'record', targetId: record.id, details: { number: record.number, before: { personId } } });
        return true;
      });
    },

    async listWatchers(key: string, scope: RecordScope): Promise<WatcherView[]> {
      const rows = await childRows<{ child_id: string; added_by: string; created_at: string }>(db.knex, key, scope, ['c.person_id as child_id', 'c.added_by', 'c.created_at'], (query) => {
        query.leftJoin({ c: 'record_watchers' }, 'c.record_id', 'r.id').orderBy('c.created_at').orderBy('c.person_id').limit(1000);
      });
      return rows.map((row) => ({ personId: row.child_id, addedBy: row.added_by, createdAt: row.created_at }));
    },
  };
}
