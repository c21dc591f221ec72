import type { Knex } from 'knex';
import type { Fields } from './record-fields.js';

/** A record as the API shows it. */
export interface RecordView {
  id: string;
  type: string;
  /** The human number, e.g. INC-000042. */
  number: string;
  organizationId: string;
  /** The person the record is for. */
  callerId: string | null;
  /** The user (or technical actor) that created it. */
  createdBy: string;
  teamId: string | null;
  assigneeId: string | null;
  state: string;
  title: string;
  fields: Fields;
  /** Bumped by every update; the ETag / If-Match value. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A page of records and the cursor of the next one (null on the last page). */
export interface RecordPage {
  items: RecordView[];
  nextCursor: string | null;
}

export interface RecordRow {
  id: string;
  type: string;
  seq: number;
  number: string;
  organization_id: string;
  caller_id: string | null;
  created_by: string;
  team_id: string | null;
  assignee_id: string | null;
  state: string;
  title: string;
  data: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The columns of a records row, qualified by `alias`, for selects that join other tables. */
export function recordColumns(alias: string): string[] {
  return ['id', 'type', 'seq', 'number', 'organization_id', 'caller_id', 'created_by', 'team_id', 'assignee_id', 'state', 'title', 'data', 'version', 'created_at', 'updated_at'].map((c) => `${alias}.${c}`);
}

export function toRecordView(row: RecordRow): RecordView {
  return {
    id: row.id,
    type: row.type,
    number: row.number,
    organizationId: row.organization_id,
    callerId: row.caller_id ?? null,
    createdBy: row.created_by,
    teamId: row.team_id ?? null,
    assigneeId: row.assignee_id ?? null,
    state: row.state,
    title: row.title,
    fields: JSON.parse(row.data) as Fields,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const NUMBER = /^[A-Za-z][A-Za-z0-9]{0,9}-\d{1,18}$/;

/**
 * Narrows `query` to the record named by `key`: its human number (any case) or its id. Both are
 * exact matches on a unique column.
 */
export function whereRecordKey(query: Knex.QueryBuilder, key: string, alias: string): Knex.QueryBuilder {
  if (NUMBER.test(key)) return query.where(`${alias}.number`, key.toUpperCase());
  return query.where(`${alias}.id`, key);
}
