import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { DEFAULT_HTTP_CONFIG } from '../config.js';
import { listenOnLoopback } from '../../test/bad-input.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { createApp } from './app.js';
import { createMetrics } from './metrics.js';
import { webApps } from './web-apps.js';

const page = (name: string) => `<!doctype html><html><head><meta name="csp-nonce" content="" /><title>${name}</title></head><body></body></html>`;

/** A built-apps folder as bin/build-web.js leaves it, in miniature. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-web-'));
  mkdirSync(join(dir, 'workspace'));
  mkdirSync(join(dir, 'login'));
  mkdirSync(join(dir, 'designer'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), page('portal'));
  writeFileSync(join(dir, 'workspace/index.html'), page('workspace'));
  writeFileSync(join(dir, 'login/index.html'), page('login'));
  writeFileSync(join(dir, 'designer/index.html'), page('designer'));
  writeFileSync(join(dir, 'assets/portal-abc123.js'), 'console.log(1);');
  return dir;
}

forEachDatabase('the web apps as served', (database) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  const serve = async (dir: string) => {
    const log = pino({ level: 'silent' });
    const { db } = database();
    const app = createApp({ log, db, routes: [], config: { http: DEFAULT_HTTP_CONFIG }, metrics: createMetrics({ db, log, processMetrics: false }), web: webApps(dir) });
    const served = await listenOnLoopback(app);
    close = served.close;
    return served.url;
  };

  it('sends each app its page with the CSP nonce of that response, never cached', async () => {
    const url = await serve(fakeBuild());
    for (const [path, title] of [['/', 'portal'], ['/tickets/incident/INC-000001', 'portal'], ['/workspace', 'workspace'], ['/workspace/records/x/y', 'workspace'], ['/login', 'login'], ['/designer', 'designer'], ['/designer/drafts/d1', 'designer']] as const) {
      const answer = await fetch(`${url}${path}`);
      const html = await answer.text();
      expect([path, answer.status, html.includes(`<title>${title}</title>`)]).toEqual([path, 200, true]);
      const nonce = /'nonce-([^']+)'/.exec(answer.headers.get('content-security-policy')!)![1];
      expect(html).toContain(`<meta name="csp-nonce" content="${nonce}" />`);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('caches hashed assets for good, and answers paths that are no page with the JSON 404', async () => {
    const url = await serve(fakeBuild());
    const asset = await fetch(`${url}/assets/portal-abc123.js`);
    expect([asset.status, await asset.text()]).toEqual([200, 'console.log(1);']);
    expect(asset.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    for (const path of ['/assets/missing.js', '/favicon.ico', '/api/v1/nothing-here']) {
      const answer = await fetch(`${url}${path}`);
      expect([path, answer.status, ((await answer.json()) as { error: { code: string } }).error.code]).toEqual([path, 404, 'NOT_FOUND']);
    }
  });

  it('says the apps are not built instead of failing obscurely', async () => {
    const url = await serve(join(tmpdir(), 'flowdesk-no-such-build'));
    const answer = await fetch(`${url}/`);
    expect([answer.status, ((await answer.json()) as { error: { code: string; message: string } }).error]).toEqual([503, { code: 'NOT_READY', message: expect.stringMatching(/npm run build/), details: [] }]);
  });
});
