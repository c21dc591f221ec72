import { Type } from '@sinclair/typebox';
import { pino } from 'pino';
import { createManualClock, scheduleJob } from '../../engine/index.js';
import { expectRefused, listenOnLoopback } from '../../test/bad-input.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from '../config.js';
import { route, type ApiRoute } from './api-route.js';
import { createApp } from './app.js';
import { createMetrics, type OutboxDepth } from './metrics.js';

const silent = pino({ level: 'silent' });
const http: HttpConfig = { ...DEFAULT_HTTP_CONFIG, rateLimits: { api: { limit: 0, windowMs: 1000 }, login: { limit: 0, windowMs: 1000 } } };
const routes: ApiRoute[] = [
  route({
    method: 'get',
    path: '/things/:id',
    summary: 'A thing',
    tag: 'test',
    access: 'public',
    params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
    handler: async ({ params }) => ({ id: params.id }),
  }),
];

/** The value of one sample line, e.g. `flowdesk_jobs_due 2`. */
function sample(text: string, series: string): string | undefined {
  return text.split('\n').find((line) => line.startsWith(`${series} `))?.slice(series.length + 1);
}

forEachDatabase('metrics', (database) => {
  const clock = createManualClock(new Date('2026-11-23T09:00:00Z'));
  let served: { url: string; close(): Promise<void> } | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });
  const serve = async (options: { token?: string; outboxDepth?: OutboxDepth } = {}) => {
    const { db } = database();
    const metrics = createMetrics({ db, log: silent, clock, ...(options.outboxDepth ? { outboxDepth: options.outboxDepth } : {}) });
    const config = { http: { ...http, ...(options.token ? { metricsToken: options.token } : {}) } };
    served = await listenOnLoopback(createApp({ log: silent, db, routes, config, metrics }));
    return served.url;
  };
  const scrape = async (url: string) => (await fetch(`${url}/metrics`)).text();

  it('times requests by route pattern, never by raw URL, and lumps unmatched ones together', async () => {
    const url = await serve();
    await fetch(`${url}/api/v1/things/inc-000123`);
    await fetch(`${url}/api/v1/things/inc-000124`);
    await fetch(`${url}/no/such/page-1`);
    await fetch(`${url}/no/such/page-2`);
    await fetch(`${url}/healthz`);
    const text = await scrape(url);
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="/api/v1/things/:id",status_code="200"}')).toBe('2');
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="(unmatched)",status_code="404"}')).toBe('2');
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="/healthz",status_code="200"}')).toBe('1');
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/v1\/things\/:id",status_code="200"\}/);
    expect(text).not.toMatch(/inc-00012|page-1/);
  });

  it('counts due and failed jobs from the jobs table on each scrape', async () => {
    const { db } = database();
    const url = await serve();
    expect(sample(await scrape(url), 'flowdesk_jobs_due')).toBe('0');
    await scheduleJob(db.knex, clock, { type: 'test.due', dueAt: new Date(clock.now().getTime() - 1000) });
    await scheduleJob(db.knex, clock, { type: 'test.due', dueAt: clock.now() });
    await scheduleJob(db.knex, clock, { type: 'test.later', dueAt: new Date(clock.now().getTime() + 3_600_000) });
    const failed = await scheduleJob(db.knex, clock, { type: 'test.failed', dueAt: clock.now() });
    await db.knex('jobs').where({ id: failed }).update({ status: 'failed' });
    const text = await scrape(url);
    expect(sample(text, 'flowdesk_jobs_due')).toBe('2');
    expect(sample(text, 'flowdesk_jobs_failed')).toBe('1');
    clock.advance(3_600_000);
    expect(sample(await scrape(url), 'flowdesk_jobs_due')).toBe('3');
  });

  it('reads the outbox depth: the messages waiting for their channel', async () => {
    const { db } = database();
    const url = await serve();
    expect(sample(await scrape(url), 'flowdesk_outbox_depth')).toBe('0');
    const message = { channel: 'email', rule_id: 'r', record_id: null, recipient: 'a@example.test', locale: 'en', subject: 's', text: 't', html: null, created_at: '2026-03-02T09:00:00.000Z' };
    await db.knex('outbox').insert([{ id: 'a', ...message }, { id: 'b', ...message }]);
    expect(sample(await scrape(url), 'flowdesk_outbox_depth')).toBe('2');
  });

  it('takes an injected outbox depth', async () => {
    const url = await serve({ outboxDepth: async () => 42 });
    expect(sample(await scrape(url), 'flowdesk_outbox_depth')).toBe('42');
  });

  it('reports Node process metrics in its own registry, not the global one', async () => {
    const first = await serve();
    await fetch(`${first}/api/v1/things/a`);
    const text = await scrape(first);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    await served!.close();
    const second = await serve();
    expect(await scrape(second)).not.toMatch(/route="\/api\/v1\/things\/:id"/);
  });

  it('asks for the bearer token when FLOWDESK_METRICS_TOKEN is set', async () => {
    const url = await serve({ token: 'scrape-token-0123456789' });
    const anonymous = await fetch(`${url}/metrics`);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectRefused(anonymous, 'UNAUTHENTICATED');
    await expectRefused(await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } }), 'UNAUTHENTICATED');
    const allowed = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456789' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
  });
});
