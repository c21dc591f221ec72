import { join } from 'node:path';
import { createBundleRegistry, createSchemaValidator, loadBundleFromPath, systemClock } from '../../engine/index.js';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { callerFor, ORGS, PERSONS, seedOrganizations, TEAMS, userIdOf } from '../../test/org-fixture.js';
import { createRecordAccess, type RecordAccess } from './record-access.js';
import { createRoleCatalog } from './role-catalog.js';

const ACCESS_BUNDLE = join(REPO_ROOT, 'runtime', 'access', 'fixtures', 'access-bundle');

forEachDatabase('record access from grants', (database) => {
  let access: RecordAccess;
  beforeEach(async () => {
    const { db } = database();
    await seedOrganizations(db);
    const registry = createBundleRegistry({ db, clock: systemClock, schemas: createSchemaValidator() });
    await registry.importBundles([await loadBundleFromPath(ACCESS_BUNDLE)], { actor: 'tester' });
    access = createRecordAccess({ db, roles: createRoleCatalog(registry) });
  });

  it('turns each grant scope into the terms a query applies', async () => {
    const ann = callerFor(PERSONS.ann, ['portal-user']);
    expect(await access.scopeFor(ann, 'ticket', 'read')).toEqual({ kind: 'some', terms: [{ callerPersonId: PERSONS.ann }, { createdByUserId: userIdOf(PERSONS.ann) }] });
    const manager = await access.scopeFor(callerFor(PERSONS.ann, ['customer-manager']), 'ticket', 'read');
    expect(manager).toMatchObject({ kind: 'some', terms: [{ organizationIds: expect.arrayContaining([ORGS.a, ORGS.aEast]) }] });
    expect((manager as { terms: Array<{ organizationIds: readonly string[] }> }).terms[0]!.organizationIds).toHaveLength(2);
    expect(await access.scopeFor(callerFor(PERSONS.sam, ['support-agent']), 'ticket', 'update')).toEqual({ kind: 'some', terms: [{ teamIds: [TEAMS.desk] }] });
    expect(await access.scopeFor(callerFor(PERSONS.ann, ['local-desk']), 'ticket', 'read')).toEqual({ kind: 'some', terms: [{ organizationIds: [ORGS.a] }] });
    expect(await access.scopeFor(callerFor(PERSONS.sam, ['service-desk']), 'ticket', 'export')).toEqual({ kind: 'all' });
    expect(await access.scopeFor(callerFor(PERSONS.sam, ['admin']), 'ticket', 'delete')).toEqual({ kind: 'all' });
  });

  it('gives nothing without a grant for the action, the type, or the token scope', async () => {
    expect(await access.scopeFor(callerFor(PERSONS.ann, ['portal-user']), 'ticket', 'update')).toEqual({ kind: 'none' });
    expect(await access.scopeFor(callerFor(PERSONS.ann, ['portal-user']), 'other-type', 'read')).toEqual({ kind: 'none' });
    expect(await access.scopeFor(callerFor(PERSONS.ann, []), 'ticket', 'read')).toEqual({ kind: 'none' });
    const readOnlyToken = callerFor(PERSONS.sam, ['service-desk'], { tokenScopes: ['read'] });
    expect(await access.scopeFor(readOnlyToken, 'ticket', 'read')).toEqual({ kind: 'all' });
    expect(await access.scopeFor(readOnlyToken, 'ticket', 'update')).toEqual({ kind: 'none' });
  });

  it('places a portal user’s new record in their organization, for themselves, and refuses every other reference', async () => {
    const ann = callerFor(PERSONS.ann, ['portal-user']);
    expect(await access.placeNew(ann, 'ticket', {})).toEqual({ organizationId: ORGS.a, callerId: PERSONS.ann, teamId: null, assigneeId: null });
    for (const wanted of [{ organizationId: ORGS.b }, { organizationId: 'no-such-org' }, { callerId: PERSONS.bob }, { callerId: PERSONS.amy }, { teamId: TEAMS.desk }, { assigneeId: userIdOf(PERSONS.sam) }]) {
      await expect(access.placeNew(ann, 'ticket', wanted)).rejects.toMatchObject({ code: 'REFERENCE_OUT_OF_SCOPE' });
    }
    await expect(access.placeNew(callerFor(PERSONS.ann, ['customer-manager']), 'ticket', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets an organization-scoped desk file for its own organization only, and the service desk anywhere', async () => {
    const lena = callerFor(PERSONS.ann, ['local-desk']);
    expect(await access.placeNew(lena, 'ticket', { callerId: PERSONS.ann })).toMatchObject({ organizationId: ORGS.a });
    await expect(access.placeNew(lena, 'ticket', { callerId: PERSONS.amy })).rejects.toMatchObject({ code: 'REFERENCE_OUT_OF_SCOPE' });
    await expect(access.placeNew(lena, 'ticket', { organizationId: ORGS.aEast })).rejects.toMatchObject({ code: 'REFERENCE_OUT_OF_SCOPE' });
    const desk = callerFor(PERSONS.sam, ['service-desk']);
    expect(await access.placeNew(desk, 'ticket', { organizationId: ORGS.b, callerId: PERSONS.bob, teamId: TEAMS.bTeam })).toEqual({ organizationId: ORGS.b, callerId: PERSONS.bob, teamId: TEAMS.bTeam, assigneeId: null });
    await expect(access.placeNew(desk, 'ticket', { callerId: 'no-such-person' })).rejects.toMatchObject({ code: 'REFERENCE_OUT_OF_SCOPE' });
    await expect(access.checkPlacement(callerFor(PERSONS.sam, ['support-agent']), 'ticket', 'assign', { teamId: TEAMS.bTeam })).rejects.toMatchObject({ code: 'REFERENCE_OUT_OF_SCOPE' });
  });

  it('limits writable fields to what the grants list', async () => {
    expect(await access.writableFields(callerFor(PERSONS.ann, ['portal-user']), 'ticket', 'create')).toEqual(new Set(['subject', 'details', 'priority']));
    expect(await access.writableFields(callerFor(PERSONS.sam, ['service-desk', 'portal-user']), 'ticket', 'create')).toBeNull();
  });
});
