import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editText, REPO_ROOT } from '../../test/bundle-fixtures.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { recordsFixture } from '../../test/records-fixture.js';
import { ORGS, PERSONS, TEAMS, userIdOf } from '../../test/org-fixture.js';
import { readBundleDirectory } from '../bundle/bundle-files.js';
import { validateBundle } from '../bundle/bundle-validator.js';
import { createSchemaValidator } from '../bundle/schema-validator.js';
import { createProcessRuntime, createRecordEffectWriter } from './index.js';

const BUNDLE = join(REPO_ROOT, 'engine', 'process', 'fixtures', 'record-process-bundle');
const ANN = userIdOf(PERSONS.ann);
const SAM = userIdOf(PERSONS.sam);
const noScripts = { call: () => Promise.reject(new Error('no scripts in these tests')) };

async function setUp(t: TestDatabase) {
  const { clock, types, store } = await recordsFixture(t, BUNDLE, new Date('2026-03-09T01:00:00Z'));
  const processes = createProcessRuntime({ db: t.db, clock, schemas: createSchemaValidator(), scripts: noScripts, recordEffects: createRecordEffectWriter({ records: store, types }) });
  const ticket = await store.create({ type: await types.get('ticket'), organizationId: ORGS.a, callerId: PERSONS.ann, actor: ANN, fields: { subject: '打印机卡纸' } });
  const instance = await processes.start({ bundle: 'record-process-tests', processId: 'ticket-flow', record: { id: ticket.id, type: 'ticket' }, actor: ANN });
  const read = () => store.get(ticket.id, { kind: 'all' });
  const openTask = async (elementId: string) => (await processes.tasks.list({ instanceId: instance.id })).find((t) => t.elementId === elementId)!;
  return { store, processes, ticket, instance, read, openTask };
}

forEachDatabase('process steps change their record', (database) => {
  it('moves the record to the state of the task it reaches, in the same transaction as the start', async () => {
    const { read } = await setUp(database());
    expect(await read()).toMatchObject({ state: 'assigned', version: 2 });
  });

  it('copies the finished task\'s named variables into the record\'s fields and team, as the completing user', async () => {
    const { processes, read, openTask, store, ticket } = await setUp(database());
    await processes.completeTask((await openTask('triage')).id, { id: SAM, groups: ['ticket-agents'] }, { priority: 'high', team: TEAMS.desk });
    expect(await read()).toMatchObject({ state: 'waiting', teamId: TEAMS.desk, fields: { subject: '打印机卡纸', priority: 'high' }, version: 3 });
    const history = await store.history(ticket.id, { kind: 'all' });
    expect(history.filter((h) => h.version === 3).map((h) => [h.kind, h.field ?? null, h.newValue, h.actor])).toEqual(
      expect.arrayContaining([
        ['state', null, 'waiting', SAM],
        ['team', null, TEAMS.desk, SAM],
        ['field', 'priority', 'high', SAM],
      ]),
    );
  });

  it('writes nothing when the record refuses the change: the task stays open and the record as it was', async () => {
    const { processes, read, openTask } = await setUp(database());
    const triage = await openTask('triage');
    await expect(processes.completeTask(triage.id, { id: SAM, groups: ['ticket-agents'] }, { priority: 'urgent' })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    expect(await read()).toMatchObject({ state: 'assigned', version: 2 });
    expect((await openTask('triage'))?.id).toBe(triage.id);
  });

  it('reaches the end state when the process ends', async () => {
    const { processes, read, openTask } = await setUp(database());
    await processes.completeTask((await openTask('triage')).id, { id: SAM, groups: ['ticket-agents'] }, { priority: 'low' });
    await processes.completeTask((await openTask('wait')).id, { id: SAM, groups: ['ticket-agents'] }, {});
    expect(await read()).toMatchObject({ state: 'done', fields: { priority: 'low' }, teamId: null });
  });
});

describe('the bundle validator on record effects', () => {
  const problemsOf = async (edit: (xml: string) => string) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'flowdesk-record-effects-')), 'bundle');
    cpSync(BUNDLE, dir, { recursive: true });
    editText(dir, 'processes/ticket-flow.bpmn', edit);
    return (await validateBundle(await readBundleDirectory(dir), { schemas: createSchemaValidator() })).problems.map((p) => ({ code: p.code, element: p.element, message: p.message }));
  };

  it('accepts the fixture', async () => {
    expect(await problemsOf((x) => x)).toEqual([]);
  });

  it('names a state or field the record type lacks, and effects in a process without a record type', async () => {
    expect(await problemsOf((x) => x.replace('flowdesk:recordState="waiting"', 'flowdesk:recordState="parked"').replace('flowdesk:recordFields="priority"', 'flowdesk:recordFields="priority, colour"'))).toEqual([
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', element: 'triage', message: 'field "colour" is not defined by record type "ticket"' },
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', element: 'wait', message: 'state "parked" is not defined by record type "ticket"' },
    ]);
    expect(await problemsOf((x) => x.replace(' flowdesk:recordType="ticket"', ''))).toEqual(
      expect.arrayContaining([{ code: 'BUNDLE_BPMN_INVALID', element: 'triage', message: 'flowdesk:recordState changes the process\'s record, but the process declares no flowdesk:recordType' }]),
    );
  });
});
