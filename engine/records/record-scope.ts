import type { Knex } from 'knex';

/**
 * Which records a query may touch: decided from the caller's grants in runtime/access, applied in
 * SQL. Grants are per record type: a scope that names `recordType` reaches records of that type
 * only, so a scope made for one type can never reach a record of another by its id or number.
 */
export type RecordScope = ({ kind: 'all' } | { kind: 'none' } | { kind: 'some'; terms: ScopeTerm[] }) & { recordType?: string }; // OR of terms

/** One way a record can be in reach; a scope of kind `some` reaches a record when any term does. */
export type ScopeTerm =
  | { organizationIds: readonly string[] } // record.organization_id IN (…)
  | { callerPersonId: string } // record.caller_id = …  (the person the record is for)
  | { createdByUserId: string } // record.created_by = …
  | { teamIds: readonly string[] }; // record.team_id IN (…)

type Clause = (builder: Knex.QueryBuilder) => void;

/**
 * Adds the scope to the WHERE of `query`, on the records table under `alias`, as one
 * parenthesized group so the OR of terms cannot leak into the query's other conditions. Fails
 * closed: a term with an empty list or no known key reaches nothing (a term that somehow names
 * several keys must meet all of them), and so does a scope of an unknown kind.
 */
export function applyScope(query: Knex.QueryBuilder, scope: RecordScope, alias = 'records'): Knex.QueryBuilder {
  if (scope.recordType !== undefined) query.where(`${alias}.type`, scope.recordType);
  if (scope.kind === 'all') return query;
  const clauses = scope.kind === 'some' && Array.isArray(scope.terms) ? scope.terms.flatMap((term) => clauseOf(term, alias)) : [];
  if (clauses.length === 0) return query.whereRaw('1 = 0');
  return query.where((group) => {
    for (const clause of clauses) group.orWhere((inner) => clause(inner));
  });
}

/** The term as one AND group, or nothing when it cannot reach any record. */
function clauseOf(term: ScopeTerm, alias: string): Clause[] {
  const parts: Clause[] = [];
  const record = term as Partial<Record<'organizationIds' | 'teamIds' | 'callerPersonId' | 'createdByUserId', unknown>>;
  const lists: Array<[unknown, string]> = [
    [record.organizationIds, 'organization_id'],
    [record.teamIds, 'team_id'],
  ];
  for (const [value, column] of lists) {
    if (value === undefined) continue;
    const ids = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    if (ids.length === 0) return [];
    parts.push((b) => b.whereIn(`${alias}.${column}`, ids));
  }
  const singles: Array<[unknown, string]> = [
    [record.callerPersonId, 'caller_id'],
    [record.createdByUserId, 'created_by'],
  ];
  for (const [value, column] of singles) {
    if (value === undefined) continue;
    if (typeof value !== 'string') return [];
    parts.push((b) => b.where(`${alias}.${column}`, value));
  }
  if (parts.length === 0) return [];
  return [(b) => parts.forEach((part) => part(b))];
}
