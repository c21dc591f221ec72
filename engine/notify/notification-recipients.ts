/**
 * Who a rule's recipients are for one record: people (with their account, when they have one,
 * for the in-app channel and the language). A user who may not read the record receives nothing
 * about it, whatever the rule says: the runtime decides that (`canRead`), the same way it scopes
 * every query.
 */
import type { NotificationRecipient } from '../bundle/schemas/index.js';
import type { RecordView } from '../records/record-view.js';
import type { Transaction } from '../storage/transaction.js';

export interface Recipient {
  personId: string | null;
  userId: string | null;
  name: string;
  email: string | null;
  /** `zh-CN` or `en`. */
  locale: string;
}

export type CanRead = (trx: Transaction, userId: string, record: RecordView) => Promise<boolean>;

interface PersonRow {
  person_id: string | null;
  user_id: string | null;
  name: string | null;
  login: string | null;
  email: string | null;
  language: string | null;
}

export function localeOf(language: string | null): string {
  return language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Persons with their (first active) account. */
async function persons(trx: Transaction, personIds: readonly string[]): Promise<PersonRow[]> {
  if (personIds.length === 0) return [];
  return (await trx('persons')
    .leftJoin('users', (on) => on.on('users.person_id', '=', 'persons.id').andOnVal('users.status', '=', 'active'))
    .whereIn('persons.id', personIds)
    .where('persons.status', 'active')
    .select('persons.id as person_id', 'users.id as user_id', 'persons.name', 'users.login', 'persons.email', 'users.language')) as PersonRow[];
}

/** Active users, with their person when they have one. */
function users(trx: Transaction) {
  return trx('users').leftJoin('persons', 'persons.id', 'users.person_id').where('users.status', 'active').select('persons.id as person_id', 'users.id as user_id', 'persons.name', 'users.login', 'persons.email', 'users.language');
}

/** The task an event is about, for the task parties. */
export interface RecipientTask {
  assignee: string | null;
  candidateUsers: readonly string[];
  candidateGroups: readonly string[];
}

async function rowsFor(trx: Transaction, recipient: NotificationRecipient, record: RecordView, task: RecipientTask | null): Promise<PersonRow[]> {
  if ('role' in recipient) return (await users(trx).join('user_roles', 'user_roles.user_id', 'users.id').where('user_roles.role_id', recipient.role)) as PersonRow[];
  if ('field' in recipient) {
    const value = record.fields[recipient.field];
    return typeof value === 'string' ? persons(trx, [value]) : [];
  }
  switch (recipient.party) {
    case 'assignee':
      return record.assigneeId ? ((await users(trx).where('users.id', record.assigneeId)) as PersonRow[]) : [];
    case 'requester':
      return record.callerId ? persons(trx, [record.callerId]) : [];
    case 'watchers':
      return persons(trx, (await trx('record_watchers').where({ record_id: record.id }).pluck('person_id')) as string[]);
    case 'team':
      return record.teamId ? persons(trx, (await trx('team_members').where({ team_id: record.teamId }).pluck('person_id')) as string[]) : [];
    case 'task-assignee':
      return task?.assignee ? ((await users(trx).where('users.id', task.assignee)) as PersonRow[]) : [];
    case 'task-candidates': {
      if (!task || task.assignee) return [];
      const byRole = task.candidateGroups.length > 0 ? ((await users(trx).join('user_roles', 'user_roles.user_id', 'users.id').whereIn('user_roles.role_id', task.candidateGroups)) as PersonRow[]) : [];
      const byName = task.candidateUsers.length > 0 ? ((await users(trx).whereIn('users.id', task.candidateUsers)) as PersonRow[]) : [];
      return [...byRole, ...byName];
    }
    case 'manager': {
      if (!record.callerId) return [];
      const managers = (await trx('persons').where({ id: record.callerId }).whereNotNull('manager_id').pluck('manager_id')) as string[];
      return persons(trx, managers);
    }
  }
}

/** The distinct people the recipients name, those with an account only if they may read the record. */
export async function recipientsOf(trx: Transaction, recipients: readonly NotificationRecipient[], record: RecordView, canRead: CanRead, task: RecipientTask | null = null): Promise<Recipient[]> {
  const found = new Map<string, Recipient>();
  for (const recipient of recipients) {
    for (const row of await rowsFor(trx, recipient, record, task)) {
      const key = row.user_id ?? `person:${row.person_id}`;
      if (found.has(key)) continue;
      if (row.user_id && !(await canRead(trx, row.user_id, record))) continue;
      found.set(key, { personId: row.person_id, userId: row.user_id, name: row.name ?? row.login ?? '', email: row.email, locale: localeOf(row.language) });
    }
  }
  return [...found.values()];
}
