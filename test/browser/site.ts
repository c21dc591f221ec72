/**
 * A whole Flowdesk as `npm start` runs it — every bundle in definitions/ installed, the built web
 * apps served — on a test database, with a small world set up the way an administrator would,
 * through the API: two customer organizations, a support team, a requester in each organization
 * two agents and an administrator, contracts for the desktop service, and the team delivering it to the first.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { RunningServer } from '../../runtime/server/serve.js';
import { apiClient, type ApiClient } from '../api-app.js';
import { REPO_ROOT } from '../bundle-fixtures.js';
import type { TestDatabase } from '../for-each-database.js';
import { startFullServer } from '../full-server.js';
import { launchBrowser, type PageOptions, type TestBrowser, type WatchedPage } from './browser.js';

export const PASSWORD = 'a long enough test password';

/** Builds the web apps unless the build is fresh (bin/build-web.js decides; fast when nothing changed). */
export function ensureWebBuilt(): void {
  execFileSync(process.execPath, [join(REPO_ROOT, 'bin/build-web.js')], { cwd: REPO_ROOT, stdio: 'pipe' });
}

export interface SiteUser {
  login: string;
  userId: string;
  personId: string;
}

export interface Site {
  url: string;
  server: RunningServer;
  admin: ApiClient;
  users: { ann: SiteUser; li: SiteUser; wang: SiteUser; bob: SiteUser; ada: SiteUser };
  teamId: string;
  /** Logs a user in through the API (for setting the scene outside the browser). */
  as(user: SiteUser): Promise<ApiClient>;
  stop(): Promise<void>;
}

async function ok<T = Record<string, unknown>>(answer: Promise<{ status: number; body: unknown }>): Promise<T> {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`set-up call failed (${status}): ${JSON.stringify(body)}`);
  return body as T;
}

export async function startSite(database: TestDatabase): Promise<Site> {
  const { running: server, admin } = await startFullServer(database, { FLOWDESK_RATE_LIMIT_API: '0' });
  const url = server.url;

  const acme = await ok<{ id: string }>(admin.post('/organizations', { name: 'Acme 集团' }));
  const beta = await ok<{ id: string }>(admin.post('/organizations', { name: 'Beta Ltd' }));
  const team = await ok<{ id: string }>(admin.post('/teams', { organizationId: acme.id, name: 'IT 支持部' }));
  const person = async (login: string, organizationId: string, name: string, roles: string[], language: string): Promise<SiteUser> => {
    const p = await ok<{ id: string }>(admin.post('/persons', { organizationId, name, email: `${login}@example.test` }));
    const u = await ok<{ id: string }>(admin.post('/users', { login, password: PASSWORD, personId: p.id, roles, language, timeZone: 'Asia/Shanghai' }));
    return { login, userId: u.id, personId: p.id };
  };
  const ann = await person('ann', acme.id, 'Ann 安娜', ['portal-user'], 'en');
  const li = await person('li', acme.id, 'Li Wei 李伟', ['desktop-support', 'service-desk-agent'], 'en');
  const wang = await person('wang', acme.id, 'Wang Fang 王芳', ['desktop-support', 'service-desk-agent'], 'en');
  const bob = await person('bob', beta.id, 'Bob Brown', ['portal-user'], 'en');
  const ada = await person('ada', acme.id, 'Ada Admin', ['admin'], 'en');
  for (const agent of [li, wang]) await ok(admin.put(`/teams/${team.id}/members/${agent.personId}`));
  for (const organizationId of [acme.id, beta.id]) {
    await ok(admin.post('/catalog/contracts', { organizationId, name: 'Workplace IT', startsOn: '2020-01-01', services: [{ service: 'desktop' }, { service: 'network' }] }));
  }
  await ok(admin.put(`/catalog/delivery/${acme.id}/desktop`, { teamId: team.id }));

  return {
    url,
    server,
    admin,
    users: { ann, li, wang, bob, ada },
    teamId: team.id,
    async as(user) {
      const client = apiClient(url);
      await client.login(user.login, PASSWORD);
      return client;
    },
    stop: () => server.stop(),
  };
}

/**
 * Opens `path` in a new page, logs `user` in on the login page the app sends a stranger to, and
 * waits to be back. The labels match in either language.
 */
export async function logInPage(browser: TestBrowser, site: Pick<Site, 'url'>, user: SiteUser, path = '/', options: PageOptions = {}): Promise<WatchedPage> {
  const watched = await browser.page(options);
  const { page } = watched;
  await page.goto(`${site.url}${path}`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel(/Login|账号/).fill(user.login);
  await page.getByLabel(/Password|密码/).fill(PASSWORD);
  await page.getByRole('button', { name: /Log in|登\s?录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return watched;
}

/** A browser for the whole file and a fresh site per test, on the test's database. */
export function browserSuite(database: () => TestDatabase): { browser(): TestBrowser; site(): Site } {
  let browser: TestBrowser;
  let site: Site;
  beforeAll(async () => {
    ensureWebBuilt();
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());
  beforeEach(async () => {
    site = await startSite(database());
  });
  afterEach(async () => site?.stop());
  return { browser: () => browser, site: () => site };
}
