import { readAudit } from '../engine/index.js';
import { catalogFixture } from '../test/catalog-fixture.js';
import { forEachDatabase } from '../test/for-each-database.js';
import { ORGS, TEAMS } from '../test/org-fixture.js';
import { refusal } from '../test/refusal.js';
import type { OfferedCatalog } from './index.js';

const EMPLOYEE = ['employee'];
const inA = { organizationId: ORGS.a, roles: EMPLOYEE };
const inAEast = { organizationId: ORGS.aEast, roles: EMPLOYEE };
const inB = { organizationId: ORGS.b, roles: EMPLOYEE };

/** The tree as `family/service[/subcategory]: entry refs` (catalog-demo's without their bundle). */
function shape(tree: OfferedCatalog): string[] {
  return tree.families.flatMap((f) =>
    f.services.flatMap((s) => [
      ...(s.entries.length > 0 ? [`${f.id}/${s.id}: ${refs(s.entries)}`] : []),
      ...s.subcategories.map((c) => `${f.id}/${s.id}/${c.id}: ${refs(c.entries)}`),
    ]),
  );
}

function refs(entries: ReadonlyArray<{ ref: string }>): string {
  return entries.map((e) => e.ref.replace(/^catalog-demo:/, '')).join(' ');
}

const RESET = 'catalog-demo:reset-password';

forEachDatabase('the service catalog', (database) => {
  it("offers an organization its contracts' services, to the organizations below it too, and nothing to others", async () => {
    const { catalog, contract } = await catalogFixture(database());
    await contract(ORGS.a, [{ service: 'accounts' }, { service: 'printing' }]);

    const expected = [
      'workplace-it/accounts/passwords: reset-password unlock-account catalog-extra:reset-password',
      'workplace-it/accounts/mail: catalog-extra:mailbox-quota',
      'workplace-it/printing: printer-fault',
    ];
    expect(shape(await catalog.listOffered(inA))).toEqual(expected);
    expect(shape(await catalog.listOffered(inAEast))).toEqual(expected);
    expect(await catalog.listOffered(inB)).toEqual({ families: [] });
    expect(await catalog.listOffered({ organizationId: null, roles: EMPLOYEE })).toEqual({ families: [] });
  });

  it('shows titles in the language asked for, English by default', async () => {
    const { catalog, contract } = await catalogFixture(database());
    await contract(ORGS.a, [{ service: 'printing' }]);
    const [zh] = (await catalog.listOffered(inA, { lang: 'zh-CN' })).families;
    expect(zh).toMatchObject({ title: '办公IT', description: '办公电脑、账号和打印机。', services: [{ title: '打印', entries: [{ title: '打印机故障', ref: 'catalog-demo:printer-fault', service: { id: 'printing', title: '打印' } }] }] });
    const [en] = (await catalog.listOffered(inA)).families;
    expect(en).toMatchObject({ title: 'Workplace IT', services: [{ title: 'Printing', entries: [{ title: 'Printer not working', keywords: ['卡纸', 'paper jam'] }] }] });
  });

  it('hides the services of inactive, not yet started and expired contracts; the last day still counts', async () => {
    const { catalog, contract } = await catalogFixture(database());
    await contract(ORGS.a, [{ service: 'accounts' }], { status: 'inactive' });
    await contract(ORGS.a, [{ service: 'printing' }], { startsOn: '2026-03-03' });
    await contract(ORGS.a, [{ service: 'rooms' }], { endsOn: '2026-03-01' });
    expect(await catalog.listOffered(inA)).toEqual({ families: [] });

    await contract(ORGS.a, [{ service: 'rooms' }], { startsOn: '2026-03-02', endsOn: '2026-03-02' });
    expect(shape(await catalog.listOffered(inA))).toEqual(['facilities/rooms: book-room']);
  });

  it('offers an entry that names roles only to holders of one of them', async () => {
    const { catalog, contract } = await catalogFixture(database());
    await contract(ORGS.a, [{ service: 'accounts' }]);
    const passwords = 'workplace-it/accounts/passwords: reset-password unlock-account catalog-extra:reset-password';
    const mail = 'workplace-it/accounts/mail: catalog-extra:mailbox-quota';
    expect(shape(await catalog.listOffered(inA))).toEqual([passwords, mail]);
    expect(shape(await catalog.listOffered({ organizationId: ORGS.a, roles: ['manager'] }))).toEqual([passwords, 'workplace-it/accounts/access: grant-access', mail]);
    await expect(refusal(catalog.resolveEntry(inA, 'grant-access'))).resolves.toMatchObject({ code: 'CATALOG_ENTRY_NOT_FOUND' });
  });

  it('resolves an entry to what it starts: bundle version, record type, process, form, SLA and calendar', async () => {
    const { catalog, contract } = await catalogFixture(database());
    const made = await contract(ORGS.a, [{ service: 'accounts' }, { service: 'printing' }]);
    const resolved = await catalog.resolveEntry({ organizationId: ORGS.a, roles: ['manager'] }, 'catalog-demo:grant-access', { lang: 'zh-CN' });
    const [version] = (await database().db.knex('bundle_versions').where({ bundle_name: 'catalog-demo' }).select('id')) as Array<{ id: string }>;
    expect(resolved).toEqual({
      entry: expect.objectContaining({ id: 'grant-access', title: '申请系统权限', subcategory: { id: 'access', title: '系统权限' } }),
      bundle: { name: 'catalog-demo', version: '1.0.0', versionId: version!.id },
      recordType: { bundle: 'catalog-demo', id: 'ticket' },
      process: { bundle: 'catalog-demo', id: 'fulfil' },
      startForm: null,
      sla: { bundle: 'catalog-demo', id: 'standard' },
      slaSource: 'entry',
      // No calendar of its own: its SLA policy's.
      calendar: { bundle: 'catalog-demo', id: 'office' },
      approvals: [
        { id: 'line-manager', role: { bundle: 'catalog-demo', id: 'manager' } },
        { id: 'desk-check', role: { bundle: 'catalog-demo', id: 'desk' } },
      ],
      contractId: made.id,
      deliveringTeamId: null,
    });
    expect(await catalog.resolveEntry(inA, 'unlock-account')).toMatchObject({ sla: null, slaSource: null, calendar: { bundle: 'catalog-demo', id: 'office' }, startForm: null });
  });

  it("applies a contract's SLA policy to the entries of its record type, the nearest organization's contract winning", async () => {
    const { catalog, contract } = await catalogFixture(database());
    await contract(ORGS.a, [{ service: 'accounts', slaPolicy: 'gold' }, { service: 'rooms', slaPolicy: 'catalog-demo:gold' }]);
    expect(await catalog.resolveEntry(inA, RESET)).toMatchObject({ sla: { bundle: 'catalog-demo', id: 'gold' }, slaSource: 'contract' });
    expect(await catalog.resolveEntry(inAEast, RESET)).toMatchObject({ slaSource: 'contract' });
    // The gold policy is written for tickets; a booking keeps its own.
    expect(await catalog.resolveEntry(inA, 'book-room')).toMatchObject({ sla: { bundle: 'catalog-demo', id: 'booking-standard' }, slaSource: 'entry' });

    const east = await contract(ORGS.aEast, [{ service: 'accounts' }]);
    expect(await catalog.resolveEntry(inAEast, RESET)).toMatchObject({ sla: { id: 'standard' }, slaSource: 'entry', contractId: east.id });
    expect(await catalog.resolveEntry(inA, RESET)).toMatchObject({ sla: { id: 'gold' } });
  });

  it('names the team that delivers the service to the organization, or to the nearest one above it', async () => {
    const { catalog, contract } = await catalogFixture(database());
    await contract(ORGS.a, [{ service: 'accounts' }, { service: 'printing' }]);
    await catalog.delivery.set('admin', { organizationId: ORGS.a, service: 'accounts', teamId: TEAMS.desk });
    expect(await catalog.resolveEntry(inAEast, RESET)).toMatchObject({ deliveringTeamId: TEAMS.desk });
    expect(await catalog.resolveEntry(inAEast, 'printer-fault')).toMatchObject({ deliveringTeamId: null });

    await catalog.delivery.set('admin', { organizationId: ORGS.aEast, service: 'accounts', teamId: TEAMS.bTeam });
    expect(await catalog.resolveEntry(inAEast, RESET)).toMatchObject({ deliveringTeamId: TEAMS.bTeam });
    expect(await catalog.resolveEntry(inA, RESET)).toMatchObject({ deliveringTeamId: TEAMS.desk });
  });

  it('answers an entry that is not offered to the caller exactly like one that does not exist', async () => {
    const { catalog, contract } = await catalogFixture(database());
    await contract(ORGS.a, [{ service: 'accounts' }]);
    const notOffered = await refusal(catalog.resolveEntry(inB, RESET));
    const unknown = await refusal(catalog.resolveEntry(inB, 'no-such-entry'));
    expect(notOffered).toMatchObject({ code: 'CATALOG_ENTRY_NOT_FOUND', httpStatus: 404 });
    expect(unknown.code).toBe('CATALOG_ENTRY_NOT_FOUND');
    expect(notOffered.message.replace(RESET, 'X')).toBe(unknown.message.replace('no-such-entry', 'X'));
    expect((await refusal(catalog.resolveEntry(inA, 'other-bundle:reset-password'))).code).toBe('CATALOG_ENTRY_NOT_FOUND');
    const ambiguous = await refusal(catalog.resolveEntry(inA, 'reset-password'));
    expect(ambiguous).toMatchObject({ code: 'CATALOG_ENTRY_NOT_FOUND', message: expect.stringContaining('bundle:id') });
    expect(await catalog.resolveEntry(inA, 'catalog-extra:reset-password')).toMatchObject({ entry: { ref: 'catalog-extra:reset-password', title: 'Reset a mailbox password', subcategory: { title: 'Passwords' } }, recordType: { bundle: 'catalog-extra', id: 'note' } });
    expect(await catalog.resolveEntry(inA, 'mailbox-quota')).toMatchObject({ entry: { ref: 'catalog-extra:mailbox-quota' } });
  });

  it('keeps contracts: checks what they name and their dates, replaces services on update, audits each change', async () => {
    const { catalog, contract } = await catalogFixture(database());
    const made = await contract(ORGS.a, [{ service: 'printing' }, { service: 'accounts', slaPolicy: 'gold' }]);
    expect(made).toMatchObject({ organizationId: ORGS.a, status: 'active', startsOn: '2026-01-01', endsOn: null, services: [{ service: 'accounts', slaPolicy: 'catalog-demo:gold' }, { service: 'printing', slaPolicy: null }] });

    const refused = async (promise: Promise<unknown>) => {
      const error = await refusal(promise);
      return { code: error.code, pointer: (error.details as Array<{ pointer: string }> | undefined)?.[0]?.pointer };
    };
    expect(await refused(contract('org-nope', []))).toEqual({ code: 'REFERENCE_NOT_FOUND', pointer: 'body/organizationId' });
    expect(await refused(contract(ORGS.a, [{ service: 'no-such-service' }]))).toEqual({ code: 'REFERENCE_NOT_FOUND', pointer: 'body/services/0/service' });
    expect(await refused(contract(ORGS.a, [{ service: 'rooms', slaPolicy: 'platinum' }]))).toEqual({ code: 'REFERENCE_NOT_FOUND', pointer: 'body/services/0/slaPolicy' });
    expect(await refused(contract(ORGS.a, [{ service: 'rooms' }, { service: 'rooms' }]))).toEqual({ code: 'INPUT_INVALID', pointer: 'body/services/1/service' });
    expect(await refused(contract(ORGS.a, [], { endsOn: '2025-12-31' }))).toEqual({ code: 'INPUT_INVALID', pointer: 'body/endsOn' });
    expect(await refused(contract(ORGS.a, [], { startsOn: '2026-02-30' }))).toEqual({ code: 'INPUT_INVALID', pointer: 'body/startsOn' });
    expect(await refused(catalog.contracts.update('admin', 'no-such-id', { name: 'x' }))).toEqual({ code: 'NOT_FOUND', pointer: undefined });

    const updated = await catalog.contracts.update('admin', made.id, { name: 'Renewed', endsOn: '2026-12-31', services: [{ service: 'rooms' }] });
    expect(updated).toMatchObject({ name: 'Renewed', endsOn: '2026-12-31', services: [{ service: 'rooms', slaPolicy: null }] });
    expect(await catalog.contracts.get(made.id)).toEqual(updated);
    expect(await catalog.contracts.update('admin', made.id, { name: 'Renewed' })).toEqual(updated);
    expect(await catalog.contracts.list({ organizationId: ORGS.b })).toEqual([]);
    expect(await catalog.contracts.list({ organizationId: ORGS.a })).toEqual([updated]);

    const audit = await readAudit(database().db.knex, 'catalog_contract', made.id);
    expect(audit.map((a) => a.action)).toEqual(['catalog.contract.create', 'catalog.contract.update']);
    expect(audit[1]!.details).toMatchObject({ before: { name: `contract of ${ORGS.a}` }, after: { name: 'Renewed' } });
    expect(await database().db.knex('catalog_contracts').count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('keeps delivery rows: one per organization and service, checked, audited, removable', async () => {
    const { catalog } = await catalogFixture(database());
    const set = (teamId: string, service = 'accounts', organizationId: string = ORGS.a) => catalog.delivery.set('admin', { organizationId, service, teamId });
    expect(await set(TEAMS.desk)).toMatchObject({ organizationId: ORGS.a, service: 'accounts', teamId: TEAMS.desk });
    expect(await set(TEAMS.bTeam)).toMatchObject({ teamId: TEAMS.bTeam });
    expect((await refusal(set('team-nope'))).code).toBe('REFERENCE_NOT_FOUND');
    expect((await refusal(set(TEAMS.desk, 'no-such-service'))).code).toBe('REFERENCE_NOT_FOUND');
    expect((await refusal(set(TEAMS.desk, 'accounts', 'org-nope'))).code).toBe('REFERENCE_NOT_FOUND');
    expect(await catalog.delivery.list({ organizationId: ORGS.a })).toEqual([expect.objectContaining({ service: 'accounts', teamId: TEAMS.bTeam })]);

    await catalog.delivery.remove('admin', ORGS.a, 'accounts');
    expect((await refusal(catalog.delivery.remove('admin', ORGS.a, 'accounts'))).code).toBe('NOT_FOUND');
    expect(await catalog.delivery.list()).toEqual([]);
    const audit = await readAudit(database().db.knex, 'catalog_delivery', `${ORGS.a}/accounts`);
    expect(audit.map((a) => a.action)).toEqual(['catalog.delivery.set', 'catalog.delivery.set', 'catalog.delivery.remove']);
  });
});
