/**
 * CSV export of a record list: the same filters, sort and scope as the list (the scope of the
 * export grant, in the SQL of each page), streamed page by page up to a row cap. The file opens
 * cleanly in Excel (UTF-8 with a byte-order mark, CRLF) and cannot run as a formula there: a cell
 * that starts with = + - @, a tab or a carriage return gets a leading apostrophe (OWASP's CSV
 * injection advice; iTop CVE-2024-54139, GLPI CVE-2026-26027).
 */
import { Type } from '@sinclair/typebox';
import type { Response } from 'express';
import type { RecordTypeInfo, RecordView } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import { route, type ApiRoute } from './api-route.js';
import { Sort, TypeParams, filterQuery } from './record-api.schema.js';
import { filtersOf } from './record-filters.js';
import type { RecordRouteContext } from './records.routes.js';

const BOM = '\ufeff';
const PAGE = 200;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula starts defused, quoted when it holds a quote, comma or line break. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

const BASE_COLUMNS = ['number', 'state', 'title', 'organizationId', 'callerId', 'teamId', 'assigneeId', 'createdBy', 'createdAt', 'updatedAt'] as const;

/** The columns of a type's export: the record's own, then each top-level field of its schema. */
export function exportColumns(type: RecordTypeInfo): { header: string[]; cells(record: RecordView): unknown[] } {
  const properties = type.fields['properties'];
  const fields = properties !== null && typeof properties === 'object' ? Object.keys(properties) : [];
  return {
    header: [...BASE_COLUMNS, ...fields.map((field) => `fields.${field}`)],
    cells: (record) => [...BASE_COLUMNS.map((column) => record[column]), ...fields.map((field) => record.fields[field])],
  };
}

/** Writes a chunk, waiting when the client reads slower than the database answers. */
async function write(res: Response, chunk: string): Promise<void> {
  if (res.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      res.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      res.off('drain', onDrain);
      reject(new Error('the client went away during an export'));
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

export function exportRoutes({ store, gate, limits, clock }: RecordRouteContext): ApiRoute[] {
  const me = (caller: Caller | null) => caller!;
  return [
    route({
      tag: 'records',
      access: 'user',
      method: 'get',
      path: '/records/:type/export.csv',
      summary: 'Export the records a list with these filters returns, as CSV (needs the export grant)',
      description: `At most ${limits.exportRowCap} rows; when there are more, X-Flowdesk-Export-Truncated is true and the filters should be narrowed.`,
      params: TypeParams,
      query: filterQuery({ sort: Type.Optional(Sort) }, 'The same filters and sort as the list'),
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND'],
      async handler({ caller, params, query, req, res }) {
        const type = await gate.type(params.type);
        const scope = await gate.scope(me(caller), type, 'export');
        const filters = filtersOf(query);
        const sort = query.sort ?? 'number';
        // The first page before any header: a bad filter or sort is still an error answer.
        let page = await store.list({ type, scope, filters, sort, limit: Math.min(PAGE, limits.exportRowCap) });
        const total = page.nextCursor === null ? page.items.length : await store.count({ type, scope, filters });
        const columns = exportColumns(type);
        res.status(200);
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${type.id}-${clock.now().toISOString().slice(0, 10)}.csv"`);
        res.setHeader('Cache-Control', 'private, no-store');
        res.setHeader('X-Flowdesk-Export-Truncated', String(total > limits.exportRowCap));
        try {
          await write(res, BOM + csvRow(columns.header));
          let written = 0;
          for (;;) {
            const rows = page.items.slice(0, limits.exportRowCap - written);
            if (rows.length > 0) await write(res, rows.map((record) => csvRow(columns.cells(record))).join(''));
            written += rows.length;
            if (page.nextCursor === null || written >= limits.exportRowCap) break;
            page = await store.list({ type, scope, filters, sort, cursor: page.nextCursor, limit: Math.min(PAGE, limits.exportRowCap - written) });
          }
          res.end();
        } catch (error) {
          // The headers are out: a cut-off file is the only answer left; the log says why.
          req.log?.error({ err: error }, 'record export failed');
          res.destroy();
        }
        return undefined;
      },
    }),
  ];
}
