/**
 * The data of the api-records bench, written from the bench process into the server's database:
 * organizations and persons straight into the identity tables (as test/org-fixture.ts does), and
 * the bulk of the tickets through the record store's own create — validation, number, indexed
 * values, search grams, history and audit, exactly what the API's create does after its access
 * checks — FILL_BATCH creates per transaction, while the server is idle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBundleRegistry, createFileAttachmentStorage, createRecordStore, createRecordTypes, createSchemaValidator, inTransaction, systemClock, type Database, type NewRecord } from '../engine/index.js';
import { sampleTicket, seededRandom } from './api-records-sample.js';

export const ORGANIZATIONS = 20;
const PERSONS_PER_ORGANIZATION = 5;
const FILL_BATCH = 250;

/** The states the filled tickets are in: half open (new, assigned), half done. */
const STATES: ReadonlyArray<readonly [string, number]> = [
  ['new', 0.3],
  ['assigned', 0.2],
  ['resolved', 0.2],
  ['closed', 0.3],
];

export interface Identity {
  organizationIds: string[];
  /** The persons of each organization, by organization id. */
  personsOf: Map<string, string[]>;
}

export async function seedIdentity(db: Database): Promise<Identity> {
  const at = new Date().toISOString();
  const organizationIds = Array.from({ length: ORGANIZATIONS }, (_, i) => `bench-org-${String(i + 1).padStart(2, '0')}`);
  await db.knex('organizations').insert(organizationIds.map((id, i) => ({ id, parent_id: null, path: `/${id}/`, code: id, name: `Customer ${i + 1}`, status: 'active', created_at: at, updated_at: at })));
  const personsOf = new Map<string, string[]>();
  const persons = organizationIds.flatMap((organization_id) => {
    const ids = Array.from({ length: PERSONS_PER_ORGANIZATION }, (_, i) => `${organization_id}-person-${i + 1}`);
    personsOf.set(organization_id, ids);
    return ids.map((id) => ({ id, organization_id, name: id, email: `${id}@example.test`, status: 'active', created_at: at, updated_at: at }));
  });
  await db.knex('persons').insert(persons);
  return { organizationIds, personsOf };
}

function stateOf(random: () => number): string {
  let left = random();
  for (const [state, share] of STATES) {
    if ((left -= share) < 0) return state;
  }
  return STATES[0]![0];
}

export interface Fill {
  records: number;
  wallMs: number;
}

/**
 * Creates `count` tickets through the record store, spread evenly over the organizations and
 * their persons, in the states above; `seed` makes the text the same on every run.
 */
export async function fillTickets(db: Database, identity: Identity, count: number, seed: number): Promise<Fill> {
  const attachments = mkdtempSync(join(tmpdir(), 'flowdesk-bench-attachments-'));
  const types = createRecordTypes(createBundleRegistry({ db, clock: systemClock, schemas: createSchemaValidator() }), { clock: systemClock });
  const store = createRecordStore({ db, clock: systemClock, types, attachments: createFileAttachmentStorage(attachments) });
  const type = await types.get('ticket');
  const random = seededRandom(seed);
  const start = Date.now();
  try {
    for (let done = 0; done < count; done += FILL_BATCH) {
      const batch: NewRecord[] = [];
      for (let i = done; i < Math.min(count, done + FILL_BATCH); i++) {
        const organizationId = identity.organizationIds[i % identity.organizationIds.length]!;
        const persons = identity.personsOf.get(organizationId)!;
        batch.push({ type, organizationId, callerId: persons[Math.floor(random() * persons.length)]!, state: stateOf(random), fields: { ...sampleTicket(random) }, actor: 'bench-fill' });
      }
      await inTransaction(db, async (trx) => {
        for (const input of batch) await store.create(trx, input);
      });
    }
    return { records: count, wallMs: Date.now() - start };
  } finally {
    rmSync(attachments, { recursive: true, force: true });
  }
}
