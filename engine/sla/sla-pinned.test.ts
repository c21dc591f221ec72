import { join } from 'node:path';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, userIdOf } from '../../test/org-fixture.js';
import { recordsFixture } from '../../test/records-fixture.js';
import { createSlaDefinitionSource } from './sla-definitions.js';
import { createSlaEngine } from './sla-engine.js';

/** Tickets have two policies without conditions, and a field marked x-flowdesk-sla. */
const BUNDLE = join(REPO_ROOT, 'engine', 'process', 'fixtures', 'record-process-bundle');

forEachDatabase('a record that names its SLA policy', (database) => {
  it('follows that policy only; a record naming none follows every policy that applies', async () => {
    const { clock, registry, types, store } = await recordsFixture(database(), BUNDLE, new Date('2026-03-09T09:00:00+08:00'));
    const engine = createSlaEngine({ db: database().db, clock, definitions: createSlaDefinitionSource(registry, { maxAgeMs: 0 }), actions: { run: async () => undefined } });
    store.observe(engine.observer);
    const type = await types.get('ticket');
    const create = (fields: Record<string, unknown>) => store.create({ type, organizationId: ORGS.a, callerId: PERSONS.ann, actor: userIdOf(PERSONS.ann), fields });
    const policiesOf = async (id: string) => (await engine.clocksOf(id)).map((c) => [c.policyId, c.targetMs / 3_600_000]).sort();
    expect(await policiesOf((await create({ subject: 'VPN', sla: 'ticket-gold' })).id)).toEqual([['ticket-gold', 4]]);
    expect(await policiesOf((await create({ subject: 'VPN' })).id)).toEqual([['ticket-gold', 4], ['ticket-standard', 8]]);
  });
});
