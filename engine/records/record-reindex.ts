/**
 * Rebuilding the indexed values and search rows of a type's records: after a new bundle version
 * changes which fields are indexed, or after the search rules change. Batches of records, each
 * batch its own transaction; records are not otherwise touched (no version, history or audit).
 */
import type { RecordContext } from './record-context.js';
import type { Fields } from './record-fields.js';
import { rewriteSearch } from './record-search.js';
import { runWrite } from './record-transaction.js';
import { writeValues } from './record-values.js';
import { searchBodyOf } from './search-text.js';

const BATCH = 200;

export function createRecordReindexer({ db, types, limits }: RecordContext) {
  return {
    /** Rebuilds every record of the type; returns how many there were. @throws RECORD_TYPE_NOT_FOUND */
    async reindex(typeId: string): Promise<number> {
      const type = await types.get(typeId);
      let after = '';
      let total = 0;
      for (;;) {
        const rows = (await db.knex('records').where({ type: type.id }).andWhere('id', '>', after).orderBy('id').limit(BATCH).select('id', 'number', 'data')) as Array<{ id: string; number: string; data: string }>;
        if (rows.length === 0) return total;
        await runWrite(db, undefined, async (trx) => {
          for (const row of rows) {
            const fields = JSON.parse(row.data) as Fields;
            await writeValues(trx, type, row.id, fields, false);
            await rewriteSearch(trx, row.id, searchBodyOf({ number: row.number, fields }, limits.maxSearchableChars));
          }
        });
        total += rows.length;
        after = rows[rows.length - 1]!.id;
      }
    },
  };
}
