/**
 * The portal and the workspace in a real browser (Debian's Chromium), end to end against a whole
 * Flowdesk: a requester submits an incident (first refused in the browser, then accepted), an
 * agent finds it in the team queue with its SLA countdown, claims and resolves it, the requester
 * confirms and rates it, and a requester of another organization can reach it neither in lists
 * nor by its address. No console error is allowed on any page.
 */
import { jest } from '@jest/globals';
import { forEachDatabase } from '../for-each-database.js';
import { launchBrowser, type TestBrowser, type WatchedPage } from './browser.js';
import { ensureWebBuilt, PASSWORD, startSite, type Site, type SiteUser } from './site.js';

jest.setTimeout(180_000);

forEachDatabase('the portal and workspace in a browser', (database) => {
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

  async function logIn(user: SiteUser, options: Parameters<TestBrowser['page']>[0] = {}, path = '/'): Promise<WatchedPage> {
    const watched = await browser.page(options);
    const { page } = watched;
    await page.goto(`${site.url}${path}`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel(/Login|账号/).fill(user.login);
    await page.getByLabel(/Password|密码/).fill(PASSWORD);
    await page.getByRole('button', { name: /Log in|登录/ }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return watched;
  }

  it('takes an incident from a portal request through the agent queue to a confirmed, rated resolution', async () => {
    const ann = await logIn(site.users.ann);
    const { page } = ann;
    await page.getByRole('link', { name: /printer/i }).first().click();
    await page.getByLabel('Subject').waitFor();
    await ann.screenshot('portal-request-form');
    // Refused in the browser: nothing is sent while the subject is missing.
    await page.getByRole('button', { name: 'Submit' }).click();
    await expectText(page, 'This field is required.');
    await ann.screenshot('portal-request-invalid');
    expect(await site.server.runtime.db.knex('records').count({ n: '*' })).toEqual([{ n: 0 }]);

    await page.getByLabel('Subject').fill('Printer on floor 3 jams');
    await page.getByLabel('Description').fill('The printer by the east window jams on every page.');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(/\/tickets\/incident\/INC-/);
    const number = /INC-\d+/.exec(page.url())![0];
    await expectText(page, number);
    await expectText(page, 'Printer on floor 3 jams');
    await ann.screenshot('portal-ticket-new');
    const stored = await (await site.as(site.users.ann)).get(`/records/incident/${number}`);
    expect(stored.body.fields).toMatchObject({ subject: 'Printer on floor 3 jams', impact: 3, urgency: 2 });
    // The browser sent no category of its own (a select starts empty); the process's triage sets it from the entry.
    expect(stored.body.fields.category ?? 'printer').toBe('printer');

    // The agent: the team queue shows it with its SLA countdown; claim, accept, resolve. (The
    // first task follows a triage step the job runner takes: wait for it before opening the inbox.)
    const liApi = await site.as(site.users.li);
    await until(async () => (await liApi.get('/tasks?view=queue')).body.items.length > 0);
    const li = await logIn(site.users.li, {}, '/workspace');
    const queueTab = li.page.getByRole('tab', { name: "My teams' queues" });
    await queueTab.click();
    await expect(queueTab.getAttribute('aria-selected')).resolves.toBe('true');
    const row = li.page.getByRole('row', { name: new RegExp(number) });
    await row.waitFor();
    await expect(row.locator('[data-sla-colour]').first().getAttribute('data-sla-colour')).resolves.toBe('green');
    await li.screenshot('workspace-queue');
    await row.getByRole('button', { name: /Claim/ }).click();
    await li.page.waitForURL(new RegExp(`/workspace/records/incident/${number}`));
    const accept = li.page.locator('[data-task="accept-desktop"]');
    await accept.getByRole('combobox', { name: 'Agent' }).click();
    await li.page.keyboard.type('Li');
    await chooseOption(li.page, 'Li Wei');
    await accept.getByRole('button', { name: 'Complete' }).click();
    const work = li.page.locator('[data-task="work"]');
    await work.waitFor();
    await work.getByLabel('Resolved: ask the caller to confirm').check();
    await work.getByRole('combobox', { name: 'Resolution code' }).click();
    await chooseOption(li.page, 'Hardware replaced');
    await work.getByRole('textbox', { name: 'Resolution' }).fill('Replaced the fuser unit; printing works again.');
    await li.screenshot('workspace-record-resolve');
    await work.getByRole('button', { name: 'Complete' }).click();
    await li.page.locator('[data-state="resolved"]').waitFor();
    expect(li.problems).toEqual([]);

    // The requester confirms, then rates 5 stars on each of the three dimensions.
    await page.reload();
    const confirm = page.locator('[data-task="confirm"]');
    await confirm.getByLabel('Solved: close the incident').check();
    await confirm.getByRole('button', { name: 'Complete' }).click();
    await page.locator('[data-state="closed"]').waitFor();
    const survey = page.locator('[data-survey="open"]');
    await survey.waitFor();
    for (const dimension of ['speed', 'attitude', 'quality']) await survey.locator(`[data-dimension="${dimension}"] li`).nth(4).click();
    await survey.getByLabel('Comment (optional)').fill('Quick and friendly.');
    await survey.getByRole('button', { name: 'Send rating' }).click();
    await page.locator('[data-survey="answered"]').waitFor();
    await ann.screenshot('portal-ticket-rated');
    const answers = (await site.server.runtime.db.knex('survey_responses').select('status', 'ratings', 'comment')) as Array<{ status: string; ratings: string; comment: string }>;
    expect(answers.map((a) => [a.status, JSON.parse(a.ratings), a.comment])).toEqual([['answered', { speed: 5, attitude: 5, quality: 5 }, 'Quick and friendly.']]);
    expect(ann.problems).toEqual([]);

    // Another organization's requester: not in their list, not by its address.
    const bob = await logIn(site.users.bob, {}, '/tickets');
    await expectText(bob.page, 'You have no tickets yet.');
    await bob.page.goto(`${site.url}/tickets/incident/${number}`);
    await expectText(bob.page, 'This ticket does not exist or is not yours to see.');
    expect(await bob.page.getByText('Printer on floor 3 jams').count()).toBe(0);
    await bob.screenshot('portal-other-organization');
    expect(bob.problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
  });
});

/** antd draws the options of an open select as plain items (its role=option copies are for screen readers and hidden). */
async function chooseOption(page: WatchedPage['page'], text: string): Promise<void> {
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the condition did not come true in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function expectText(page: WatchedPage['page'], text: string): Promise<void> {
  await page.getByText(text, { exact: false }).first().waitFor({ state: 'visible' });
}
