/**
 * outbox: how fast queued e-mail notifications leave. MESSAGES cases of the SLA fixture bundle are
 * created through the record store (bench/case-runtime.ts: `openRuntime` with FLOWDESK_SMTP_URL
 * set), each writing its `case-received` mail to the requester into the outbox with a
 * `notify.send` job; then the job runner of `flowdesk serve` runs until idle, each job reading its
 * outbox row, sending it with nodemailer and deleting the row with an audit entry, the job
 * completed in that transaction. The SMTP server is `smtp-server` on loopback in its own process
 * (bench/smtp-sink.ts), its CPU counted apart; like many mail servers it pauses (100 ms) before it
 * greets a new connection. SQLite file, then MariaDB (FLOWDESK_BENCH_MYSQL_URL, default the local
 * server).
 *
 * Flowdesk is measured twice: with FLOWDESK_SMTP_URL as an operator writes it (nodemailer then
 * opens one SMTP connection per message), and with `?pool=true` on that URL (nodemailer keeps up to
 * 5 connections open and reuses them): a second node on the same database drains a second queue.
 * Baseline, in the same run: the same messages (read from the outbox before it drains) sent
 * straight with nodemailer, one connection per message, 10 at a time as the runner's batch runs
 * them; the same with a pooled transport is shown beside it. Runs alternate which of baseline and
 * Flowdesk goes first; the figures are medians over the runs.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { inTransaction } from '../engine/index.js';
import type { FlowdeskRuntime } from '../runtime/flowdesk-runtime.js';
import { markdownTable, median, round, timed, type Bench, type BenchResult } from './harness.js';
import { MAIL_FROM, openCaseRuntime, openNode, serveJobRunner, type CaseRuntime } from './case-runtime.js';
import { scratchMariadb, scratchSqlite, type ScratchDatabase } from './bench-databases.js';
import { startSmtpSink, type SmtpSink } from './spawn-smtp-sink.js';

const MESSAGES = 1_000;
const RUNS = 3;
const QUEUE_BATCH = 100;
/** The job runner's default batch: jobs claimed, and run, together. */
const BATCH = 10;

interface Rate {
  perSecond: number;
  cpuMsPerMessage: number;
  sinkCpuMsPerMessage: number;
  databaseCpuMsPerMessage: number | null;
}

interface Message {
  recipient: string;
  subject: string;
  text: string;
  html: string | null;
}

function check(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`outbox bench: ${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

async function count(c: CaseRuntime, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const [row] = (await c.runtime.db.knex(table).where(where).count({ n: '*' })) as Array<{ n: number | string }>;
  return Number(row!.n);
}

/** Runs `send`, checks the sink took MESSAGES more, and measures it in this process, the sink and the database. */
async function measured(sink: SmtpSink, scratch: ScratchDatabase | null, send: () => Promise<void>): Promise<Rate> {
  const before = { received: await sink.received(), sink: sink.cpuMs(), database: scratch?.serverCpuMs?.() ?? 0 };
  const { wallMs, cpuMs } = await timed(send);
  const sinkCpuMs = sink.cpuMs() - before.sink;
  const databaseCpuMs = scratch?.serverCpuMs ? scratch.serverCpuMs() - before.database : null;
  check('messages the SMTP server took', (await sink.received()) - before.received, MESSAGES);
  const per = (value: number) => value / MESSAGES;
  return { perSecond: (MESSAGES * 1000) / wallMs, cpuMsPerMessage: per(cpuMs), sinkCpuMsPerMessage: per(sinkCpuMs), databaseCpuMsPerMessage: databaseCpuMs === null ? null : per(databaseCpuMs) };
}

/** Sends the messages straight with nodemailer, BATCH at a time. */
async function sendDirect(transport: Transporter, messages: readonly Message[]): Promise<void> {
  for (let at = 0; at < messages.length; at += BATCH) {
    await Promise.all(messages.slice(at, at + BATCH).map((m) => transport.sendMail({ from: MAIL_FROM, to: m.recipient, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}) })));
  }
}

/** A node's serve job runner drains the outbox. */
async function drainOutbox(c: CaseRuntime, node: FlowdeskRuntime): Promise<void> {
  const audits = await count(c, 'audit_log', { action: 'notification.sent' });
  const { runner, problems } = serveJobRunner(node, c.clock, 'bench-outbox');
  const totals = await runner.runUntilIdle();
  check('runs', totals, { claimed: MESSAGES, ran: MESSAGES, failed: 0, lost: 0 });
  check('problems logged', problems, []);
  check('outbox rows left', await count(c, 'outbox'), 0);
  check('notification.sent audit entries added', (await count(c, 'audit_log', { action: 'notification.sent' })) - audits, MESSAGES);
}

/** Creates MESSAGES cases (QUEUE_BATCH per transaction), each queuing one mail; returns the queued messages. */
async function queueMessages(c: CaseRuntime, queued: number): Promise<Message[]> {
  for (let at = 0; at < MESSAGES; at += QUEUE_BATCH) {
    await inTransaction(c.runtime.db, async (trx) => {
      for (let i = at; i < Math.min(MESSAGES, at + QUEUE_BATCH); i++) await c.runtime.records.create(trx, c.caseInput(queued + i, 'p3'));
    });
  }
  check('queued mails', await count(c, 'outbox', { channel: 'email' }), MESSAGES);
  check('pending notify.send jobs', await count(c, 'jobs', { type: 'notify.send', status: 'pending' }), MESSAGES);
  return (await c.runtime.db.knex('outbox').select('recipient', 'subject', 'text', 'html')) as Message[];
}

type Sender = 'flowdesk' | 'flowdeskPooled' | 'direct' | 'directPooled';

interface DatabaseFigures {
  label: string;
  rates: Record<Sender, Rate>;
}

const medianRate = (rates: Rate[]): Rate => ({
  perSecond: median(rates.map((r) => r.perSecond)),
  cpuMsPerMessage: median(rates.map((r) => r.cpuMsPerMessage)),
  sinkCpuMsPerMessage: median(rates.map((r) => r.sinkCpuMsPerMessage)),
  databaseCpuMsPerMessage: rates[0]!.databaseCpuMsPerMessage === null ? null : median(rates.map((r) => r.databaseCpuMsPerMessage!)),
});

async function benchDatabase(sink: SmtpSink, scratch: ScratchDatabase | null): Promise<DatabaseFigures | null> {
  if (!scratch) return null;
  const direct = nodemailer.createTransport(sink.url);
  const directPooled = nodemailer.createTransport({ url: sink.url, pool: true });
  let c: CaseRuntime | undefined;
  let pooledNode: FlowdeskRuntime | undefined;
  try {
    c = await openCaseRuntime(scratch, { smtpUrl: sink.url });
    pooledNode = await openNode(scratch, c.clock, `${sink.url}?pool=true`);
    const runs: Record<Sender, Rate[]> = { flowdesk: [], flowdeskPooled: [], direct: [], directPooled: [] };
    for (let run = 0; run < RUNS; run++) {
      const messages = await queueMessages(c, 2 * run * MESSAGES);
      const pair: Array<[Sender, () => Promise<void>, ScratchDatabase | null]> = [
        ['direct', () => sendDirect(direct, messages), null],
        ['flowdesk', () => drainOutbox(c!, c!.runtime), scratch],
      ];
      for (const [sender, send, database] of run % 2 === 0 ? pair : pair.reverse()) runs[sender].push(await measured(sink, database, send));
      runs.directPooled.push(await measured(sink, null, () => sendDirect(directPooled, messages)));
      await queueMessages(c, (2 * run + 1) * MESSAGES);
      runs.flowdeskPooled.push(await measured(sink, scratch, () => drainOutbox(c!, pooledNode!)));
    }
    const rates = Object.fromEntries(Object.entries(runs).map(([sender, rs]) => [sender, medianRate(rs)])) as Record<Sender, Rate>;
    return { label: scratch.label, rates };
  } finally {
    direct.close();
    directPooled.close();
    await pooledNode?.close();
    await c?.close();
    await scratch.drop();
  }
}

const SENDERS: ReadonlyArray<[Sender, string]> = [
  ['direct', `baseline: nodemailer straight, a connection per message, ${BATCH} at a time`],
  ['flowdesk', 'Flowdesk: outbox → notify.send jobs → nodemailer (a connection per message)'],
  ['flowdeskPooled', 'Flowdesk, FLOWDESK_SMTP_URL with ?pool=true'],
  ['directPooled', 'for comparison: nodemailer straight, pooled connections'],
];

function rowsOf(d: DatabaseFigures): Array<Array<string | number>> {
  const base = d.rates.direct;
  return SENDERS.map(([sender, label]) => {
    const rate = d.rates[sender];
    const database = rate.databaseCpuMsPerMessage === null ? '—' : round(rate.databaseCpuMsPerMessage, 3);
    return [d.label, label, round(rate.perSecond, 1), round(rate.cpuMsPerMessage, 3), round(rate.sinkCpuMsPerMessage, 3), database, round(rate.perSecond / base.perSecond, 2), round(rate.cpuMsPerMessage / base.cpuMsPerMessage, 2)];
  });
}

function figuresOf(prefix: string, rate: Rate): Record<string, number> {
  const figures: Record<string, number> = {
    [`${prefix}MessagesPerSecond`]: round(rate.perSecond, 1),
    [`${prefix}CpuMsPerMessage`]: round(rate.cpuMsPerMessage, 3),
    [`${prefix}SmtpServerCpuMsPerMessage`]: round(rate.sinkCpuMsPerMessage, 3),
  };
  if (rate.databaseCpuMsPerMessage !== null) figures[`${prefix}DatabaseCpuMsPerMessage`] = round(rate.databaseCpuMsPerMessage, 3);
  return figures;
}

const prefixOf = (d: DatabaseFigures) => (d.label === 'SQLite' ? 'sqlite' : 'mariadb');

export const outboxBench: Bench = {
  name: 'outbox',
  async run(): Promise<BenchResult> {
    const sink = await startSmtpSink();
    try {
      const sqlite = (await benchDatabase(sink, scratchSqlite()))!;
      const mariadb = await benchDatabase(sink, await scratchMariadb('outbox'));
      const all = [sqlite, ...(mariadb ? [mariadb] : [])];
      return {
        name: 'outbox',
        description:
          `${MESSAGES.toLocaleString('en')} e-mail notifications queued in the outbox (one per case created through the record store), sent by the serve job runner's notify.send jobs with nodemailer to smtp-server on loopback (its own process; it pauses 100 ms before greeting a connection); ` +
          `baseline: the same messages sent straight with nodemailer, a connection per message, ${BATCH} at a time; medians of ${RUNS} runs; CPU ms per message of this process (user + system), of the SMTP server process and of the local mariadbd; ` +
          `× baseline columns: messages/s and CPU ms per message over the baseline's; ratio = Flowdesk on SQLite messages/s / baseline messages/s`,
        figures: Object.assign({}, ...all.map((d) => ({ ...figuresOf(prefixOf(d), d.rates.flowdesk), ...figuresOf(`${prefixOf(d)}Pooled`, d.rates.flowdeskPooled), ...figuresOf(`${prefixOf(d)}DirectPooled`, d.rates.directPooled) }))) as Record<string, number>,
        baseline: Object.assign({}, ...all.map((d) => figuresOf(`${prefixOf(d)}Direct`, d.rates.direct))) as Record<string, number>,
        ratio: round(sqlite.rates.flowdesk.perSecond / sqlite.rates.direct.perSecond, 3),
        table: markdownTable(['database', 'sender', 'messages/s', 'CPU ms/message', 'SMTP server CPU ms/message', 'mariadbd CPU ms/message', '× baseline messages/s', '× baseline CPU'], all.flatMap(rowsOf)),
      };
    } finally {
      await sink.close();
    }
  },
};
