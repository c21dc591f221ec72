/** Teams of persons (support groups): whom work is assigned to. */
import { v7 as uuidv7 } from 'uuid';
import { appendAudit, type Clock, type Database } from '../../engine/index.js';
import { changes, hasChanges, identityCommand, referenced, target } from './identity-command.js';
import { teamView, type TeamView } from './identity-views.js';

export interface TeamStore {
  list(filter: { organizationId?: string | undefined }): Promise<TeamView[]>;
  create(actor: string, input: { organizationId: string; name: string; email?: string | undefined }): Promise<TeamView>;
  update(actor: string, id: string, input: { organizationId?: string | undefined; name?: string | undefined; email?: string | null | undefined }): Promise<TeamView>;
  /** Adds a person to the team; a member already is left as is. */
  addMember(actor: string, teamId: string, personId: string): Promise<TeamView>;
  /** Removes a person from the team; a non-member is left as is. */
  removeMember(actor: string, teamId: string, personId: string): Promise<TeamView>;
}

interface TeamRow {
  id: string;
  organization_id: string;
  name: string;
  email: string | null;
  created_at: string;
}

export function createTeamStore({ db, clock }: { db: Database; clock: Clock }): TeamStore {
  async function membersOf(knex: Database['knex'], teamIds: string[]): Promise<Map<string, string[]>> {
    const members = new Map<string, string[]>(teamIds.map((id) => [id, []]));
    if (teamIds.length === 0) return members;
    for (const row of (await knex('team_members').whereIn('team_id', teamIds)) as Array<{ team_id: string; person_id: string }>) members.get(row.team_id)?.push(row.person_id);
    return members;
  }

  async function membershipChange(actor: string, teamId: string, personId: string, add: boolean): Promise<TeamView> {
    return identityCommand(db, async (trx) => {
      const team = await target<TeamRow>(trx, 'teams', teamId);
      await target(trx, 'persons', personId);
      const isMember = (await trx('team_members').where({ team_id: teamId, person_id: personId }).first('person_id')) !== undefined;
      if (add && !isMember) await trx('team_members').insert({ team_id: teamId, person_id: personId });
      if (!add && isMember) await trx('team_members').where({ team_id: teamId, person_id: personId }).delete();
      if (add !== isMember) {
        await appendAudit(trx, clock, { actor, action: add ? 'team.member-add' : 'team.member-remove', targetType: 'team', targetId: teamId, details: { personId } });
      }
      return teamView({ ...team }, (await membersOf(trx, [teamId])).get(teamId) ?? []);
    });
  }

  return {
    async list(filter) {
      const query = db.knex('teams').orderBy('name').orderBy('id');
      if (filter.organizationId !== undefined) query.where({ organization_id: filter.organizationId });
      const rows = (await query) as TeamRow[];
      const members = await membersOf(db.knex, rows.map((r) => r.id));
      return rows.map((row) => teamView({ ...row }, members.get(row.id) ?? []));
    },

    async create(actor, input) {
      return identityCommand(db, async (trx) => {
        await referenced(trx, 'organizations', input.organizationId, 'body/organizationId');
        const row: TeamRow = { id: uuidv7(), organization_id: input.organizationId, name: input.name, email: input.email ?? null, created_at: clock.now().toISOString() };
        await trx('teams').insert(row);
        await appendAudit(trx, clock, { actor, action: 'team.create', targetType: 'team', targetId: row.id, details: { after: { organizationId: row.organization_id, name: row.name, email: row.email } } });
        return teamView({ ...row }, []);
      });
    },

    async update(actor, id, input) {
      return identityCommand(db, async (trx) => {
        const row = await target<TeamRow>(trx, 'teams', id);
        if (input.organizationId !== undefined) await referenced(trx, 'organizations', input.organizationId, 'body/organizationId');
        const diff = changes(row, { organization_id: input.organizationId, name: input.name, email: input.email });
        if (hasChanges(diff)) {
          await trx('teams').where({ id }).update(diff.after);
          await appendAudit(trx, clock, { actor, action: 'team.update', targetType: 'team', targetId: id, details: diff });
        }
        return teamView({ ...row, ...diff.after }, (await membersOf(trx, [id])).get(id) ?? []);
      });
    },

    addMember: (actor, teamId, personId) => membershipChange(actor, teamId, personId, true),
    removeMember: (actor, teamId, personId) => membershipChange(actor, teamId, personId, false),
  };
}
