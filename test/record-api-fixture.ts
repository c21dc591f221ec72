/**
 * The record API over HTTP for route and attack tests: the real edge (createApp), the auth and
 * identity routes and the record routes over one test database, the organizations fixture (P, A
 * with A-East below it, B), the access fixture bundle (type `ticket` and its roles) and the record
 * API fixture bundle (type `request` with reference fields, type `notice` that every portal user
 * may read), and accounts that log in like a browser:
 *
 * | login | person (organization) | roles |
 * |---|---|---|
 * | ann, amy, bob | ann (A), amy (A-East), bob (B) | portal-user |
 * | sam | sam (P, team desk) | support-agent |
 * | mia | mia (A) | customer-manager |
 * | dora | dora (P) | service-desk |
 * | root | none | admin |
 *
 * Records are seeded through the store (fast), as their callers would have filed them.
 */
import { join } from 'node:path';
import {
  createBundleRegistry,
  createFileAttachmentStorage,
  createManualClock,
  createRecordStore,
  createRecordTypes,
  createSchemaValidator,
  loadBundleFromPath,
  type RecordStore,
  type RecordTypes,
  type RecordView,
} from '../engine/index.js';
import { createRecordAccess } from '../runtime/access/record-access.js';
import { createRoleCatalog } from '../runtime/access/role-catalog.js';
import { hashPassword } from '../runtime/identity/passwords.js';
import { recordRoutes, type RecordApiLimits } from '../runtime/server/records.routes.js';
import { apiClient, identitySetup, startApiTestApp, type ApiClient, type ApiTestApp } from './api-app.js';
import { REPO_ROOT } from './bundle-fixtures.js';
import type { TestDatabase } from './for-each-database.js';
import { ORGS, PERSONS, seedOrganizations, TEAMS, userIdOf } from './org-fixture.js';

export const ACCESS_BUNDLE = join(REPO_ROOT, 'runtime', 'access', 'fixtures', 'access-bundle');
export const RECORD_API_BUNDLE = join(REPO_ROOT, 'runtime', 'server', 'fixtures', 'records-api-bundle');
export const MORE_PERSONS = { mia: 'person-mia', dora: 'person-dora' } as const;
export { ORGS, PERSONS, TEAMS, userIdOf };

export type Login = 'ann' | 'amy' | 'bob' | 'sam' | 'mia' | 'dora' | 'root';
const ROLES: Record<Login, string[]> = { ann: ['portal-user'], amy: ['portal-user'], bob: ['portal-user'], sam: ['support-agent'], mia: ['customer-manager'], dora: ['service-desk'], root: ['admin'] };
export const PASSWORD = 'a long enough test password';

let passwordHash: Promise<string> | undefined;

export interface RecordApi {
  app: ApiTestApp;
  store: RecordStore;
  types: RecordTypes;
  clock: ReturnType<typeof createManualClock>;
  attachmentsDir: string;
  /** A client logged in as the user (logged in once, on first use). */
  as(login: Login): Promise<ApiClient>;
  /** The user id of a login. */
  userId(login: Login): string;
  /** A record written through the store, as `login` filed it (placement defaults: their organization and person). */
  seed(login: Login, typeId: string, fields: Record<string, unknown>, placement?: { organizationId?: string; callerId?: string | null; teamId?: string | null; assigneeId?: string | null }): Promise<RecordView>;
  close(): Promise<void>;
}

const PERSON_OF: Record<Login, string | null> = { ann: PERSONS.ann, amy: PERSONS.amy, bob: PERSONS.bob, sam: PERSONS.sam, mia: MORE_PERSONS.mia, dora: MORE_PERSONS.dora, root: null };
const ORG_OF: Record<string, string> = { [PERSONS.ann]: ORGS.a, [PERSONS.amy]: ORGS.aEast, [PERSONS.bob]: ORGS.b, [PERSONS.sam]: ORGS.provider, [MORE_PERSONS.mia]: ORGS.a, [MORE_PERSONS.dora]: ORGS.provider };

export async function startRecordApi(t: TestDatabase, options: { limits?: Partial<RecordApiLimits> } = {}): Promise<RecordApi> {
  const { db } = t;
  const at = '2026-01-01T00:00:00.000Z';
  await seedOrganizations(db);
  await db.knex('persons').insert([
    { id: MORE_PERSONS.mia, organization_id: ORGS.a, name: 'mia', email: 'mia@example.test', status: 'active', created_at: at, updated_at: at },
    { id: MORE_PERSONS.dora, organization_id: ORGS.provider, name: 'dora', email: 'dora@example.test', status: 'active', created_at: at, updated_at: at },
  ]);
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  await db.knex('users').whereIn('id', Object.values(PERSONS).map(userIdOf)).update({ password_hash: hash });
  const base = { kind: 'local', password_hash: hash, status: 'active', failed_logins: 0, language: 'en', time_zone: 'UTC', created_at: at, updated_at: at };
  await db.knex('users').insert([
    { ...base, id: 'user-mia', login: 'mia', person_id: MORE_PERSONS.mia },
    { ...base, id: 'user-dora', login: 'dora', person_id: MORE_PERSONS.dora },
    { ...base, id: 'user-root', login: 'root', person_id: null },
  ]);
  const userId = (login: Login) => `user-${login}`;
  await db.knex('user_roles').insert((Object.keys(ROLES) as Login[]).flatMap((login) => ROLES[login].map((role_id) => ({ user_id: userId(login), role_id }))));

  const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));
  const registry = createBundleRegistry({ db, clock, schemas: createSchemaValidator() });
  await registry.importBundles([await loadBundleFromPath(ACCESS_BUNDLE), await loadBundleFromPath(RECORD_API_BUNDLE)], { actor: 'tester' });
  const types = createRecordTypes(registry, { maxAgeMs: 60_000 });
  const attachmentsDir = join(t.dir, 'attachments');
  const store = createRecordStore({ db, clock, types, attachments: createFileAttachmentStorage(attachmentsDir), ...(options.limits?.maxAttachmentBytes ? { limits: { maxAttachmentBytes: options.limits.maxAttachmentBytes } } : {}) });
  const roles = createRoleCatalog(registry);
  const access = createRecordAccess({ db, roles });
  const identity = identitySetup(db, clock, { roleIds: await roles.roleIds() });
  const app = await startApiTestApp({ ...identity, routes: [...identity.routes, ...recordRoutes({ clock, store, types, access, ...(options.limits ? { limits: options.limits } : {}) })] });

  const clients = new Map<Login, Promise<ApiClient>>();
  const login = async (name: Login) => {
    const client = apiClient(app.url);
    const answer = await client.login(name, PASSWORD);
    if (answer.status !== 200) throw new Error(`${name} could not log in: ${JSON.stringify(answer.body)}`);
    return client;
  };

  return {
    app,
    store,
    types,
    clock,
    attachmentsDir,
    userId,
    as(name) {
      let client = clients.get(name);
      if (!client) clients.set(name, (client = login(name)));
      return client;
    },
    async seed(name, typeId, fields, placement = {}) {
      const person = PERSON_OF[name];
      // Each record a second later than the one before: lists sorted by time have one order.
      clock.advance(1000);
      return store.create({
        type: await types.get(typeId),
        organizationId: placement.organizationId ?? (person ? ORG_OF[person]! : ORGS.provider),
        callerId: placement.callerId === undefined ? person : placement.callerId,
        teamId: placement.teamId ?? null,
        assigneeId: placement.assigneeId ?? null,
        fields,
        actor: userId(name),
      });
    },
    close: () => app.close(),
  };
}
