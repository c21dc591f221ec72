/**
 * A scenario's world made real: organizations, teams, people and their user accounts, customer
 * contracts and delivery models, written through the identity and catalog stores (audited like an
 * administrator's writes), and the two-way map between the scenario's symbolic ids and the rows'
 * real ids — real ids never show in results or diffs.
 */
import { appendAudit, inTransaction, SCENARIO_WORLD_TOKEN, type ScenarioWorldDefinition } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import type { FlowdeskRuntime } from '../flowdesk-runtime.js';
import { createIdentityStore, resolveCaller } from '../identity/index.js';
import { insertUser } from '../identity/user-store.js';

/** Who the audit log records as writing the world. */
export const SCENARIO_ACTOR = 'system:scenario';
/** Contracts are in force from long before any scenario starts. */
const CONTRACTS_START = '2000-01-01';
/** Where mail goes for a person the world gives no address. */
const DEFAULT_MAIL_DOMAIN = 'example.test';

export interface WorldPerson {
  /** The scenario's id. */
  id: string;
  personId: string;
  userId: string;
  email: string;
  organizationId: string;
}

export interface ScenarioWorld {
  /** @throws Error for an id the world does not define (validation rules that out). */
  person(id: string): WorldPerson;
  team(id: string): string;
  organization(id: string): string;
  /** The person whose account or address this is, by scenario id. */
  personOfUser(userId: string): string | undefined;
  personOfEmail(email: string): string | undefined;
  /** A team id as the scenario names it (other ids, such as role ids, are left as they are). */
  groupName(id: string): string;
  /** The caller a person's request would be made as: their organization, teams and roles. */
  caller(id: string): Promise<Caller>;
  /** `$user:ann`, `$person:ann`, `$team:desk`, `$organization:acme` replaced by real ids, at any depth. */
  resolve<T>(value: T): T;
  /** The other way: every real id in the value (strings at any depth, also inside text) shown as its token. */
  describe(value: unknown): unknown;
}

export async function buildWorld(runtime: FlowdeskRuntime, world: ScenarioWorldDefinition): Promise<ScenarioWorld> {
  const { db, clock } = runtime;
  const identity = createIdentityStore({ db, clock, roleIds: () => runtime.roles.roleIds() });
  const organizations = new Map<string, string>();
  const teams = new Map<string, string>();
  const people = new Map<string, WorldPerson>();

  for (const o of world.organizations) {
    const created = await identity.organizations.create(SCENARIO_ACTOR, { name: o.name, parentId: o.parent === undefined ? null : organizations.get(o.parent)! });
    organizations.set(o.id, created.id);
  }
  for (const t of world.teams ?? []) teams.set(t.id, (await identity.teams.create(SCENARIO_ACTOR, { organizationId: organizations.get(t.organization)!, name: t.name })).id);
  for (const p of world.people) {
    const email = p.email ?? `${p.id}@${DEFAULT_MAIL_DOMAIN}`;
    const organizationId = organizations.get(p.organization)!;
    const person = await identity.persons.create(SCENARIO_ACTOR, { organizationId, name: p.name, email });
    // Scenario accounts have no password: nobody logs in as them.
    const userId = await inTransaction(db, async (trx) => {
      const user = await insertUser(trx, clock, { login: p.id, kind: 'local', person_id: person.id, language: p.language ?? 'en' });
      await appendAudit(trx, clock, { actor: SCENARIO_ACTOR, action: 'user.create', targetType: 'user', targetId: user.id, details: { after: { login: user.login, kind: 'local', personId: person.id } } });
      return user.id;
    });
    await identity.users.setRoles(SCENARIO_ACTOR, userId, p.roles.map(bareId));
    for (const team of p.teams ?? []) await identity.teams.addMember(SCENARIO_ACTOR, teams.get(team)!, person.id);
    people.set(p.id, { id: p.id, personId: person.id, userId, email, organizationId });
  }
  for (const p of world.people.filter((p) => p.manager !== undefined)) {
    await identity.persons.update(SCENARIO_ACTOR, people.get(p.id)!.personId, { managerId: people.get(p.manager!)!.personId });
  }
  for (const [i, c] of (world.contracts ?? []).entries()) {
    const services = c.services.map((service) => ({ service, slaPolicy: c.sla ?? null }));
    await runtime.catalog.contracts.create(SCENARIO_ACTOR, { organizationId: organizations.get(c.organization)!, name: `Contract ${i + 1} of ${c.organization}`, startsOn: CONTRACTS_START, services });
  }
  for (const d of world.delivery ?? []) {
    await runtime.catalog.delivery.set(SCENARIO_ACTOR, { organizationId: organizations.get(d.organization)!, service: d.service, teamId: teams.get(d.team)! });
  }
  return worldView(db.knex, organizations, teams, people);
}

/** Role ids are unique across installed bundles; accounts hold them without the bundle. */
function bareId(ref: string): string {
  return ref.slice(ref.indexOf(':') + 1);
}

function worldView(knex: FlowdeskRuntime['db']['knex'], organizations: Map<string, string>, teams: Map<string, string>, people: Map<string, WorldPerson>): ScenarioWorld {
  const defined = <T>(map: Map<string, T>, kind: string, id: string): T => {
    const found = map.get(id);
    if (found === undefined) throw new Error(`the scenario's world defines no ${kind} "${id}"`);
    return found;
  };
  const tokens = new Map<string, string>();
  for (const [id, real] of organizations) tokens.set(real, `$organization:${id}`);
  for (const [id, real] of teams) tokens.set(real, `$team:${id}`);
  for (const [id, p] of people) {
    tokens.set(p.personId, `$person:${id}`);
    tokens.set(p.userId, `$user:${id}`);
  }
  const teamNames = new Map([...teams].map(([id, real]) => [real, id]));
  const idPattern = tokens.size > 0 ? new RegExp([...tokens.keys()].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : null;

  const resolveToken = (text: string): string => {
    const token = SCENARIO_WORLD_TOKEN.exec(text);
    if (!token) return text;
    const [, kind, id] = token as unknown as [string, string, string];
    if (kind === 'team') return defined(teams, 'team', id);
    if (kind === 'organization') return defined(organizations, 'organization', id);
    const person = defined(people, 'person', id);
    return kind === 'user' ? person.userId : person.personId;
  };
  const deep = (value: unknown, text: (s: string) => string): unknown => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map((v) => deep(v, text));
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v, text)]));
  };

  return {
    person: (id) => defined(people, 'person', id),
    team: (id) => defined(teams, 'team', id),
    organization: (id) => defined(organizations, 'organization', id),
    personOfUser: (userId) => [...people.values()].find((p) => p.userId === userId)?.id,
    personOfEmail: (email) => [...people.values()].find((p) => p.email.toLowerCase() === email.toLowerCase())?.id,
    groupName: (id) => teamNames.get(id) ?? id,
    async caller(id) {
      const caller = await resolveCaller(knex, defined(people, 'person', id).userId, { kind: 'session', sessionId: 'scenario' });
      if (!caller) throw new Error(`the account of "${id}" is not active`);
      return caller;
    },
    resolve: <T>(value: T) => deep(value, resolveToken) as T,
    describe: (value) => (idPattern ? deep(value, (s) => s.replace(idPattern, (real) => tokens.get(real)!)) : value),
  };
}
