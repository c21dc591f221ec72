/**
 * The portal and the workspace in a real browser (Debian's Chromium), end to end against a whole
 * Flowdesk: a requester submits an incident (first refused in the browser, then accepted), an
 * agent finds it in the team queue with its SLA countdown, claims and resolves it, the requester
 * confirms and rates it, and a requester of another organization can reach it neither in lists
 * nor by its address. No console error is allowed on any page.
 */
import { jest } from '@jest/globals';
import { forEachDatabase } from '../for-each-database.js';
import { selectOption, type PageOptions, type WatchedPage } from './browser.js';
import { browserSuite, logInPage, type Site, type SiteUser } from './site.js';

jest.setTimeout(180_000);

forEachDatabase('the portal and workspace in a browser', (database) => {
  const suite = browserSuite(database);
  let site: Site;
  beforeEach(() => {
    site = suite.site();
  });
  const logIn = (user: SiteUser, options: PageOptions = {}, path = '/') => logInPage(suite.browser(), site, user, path, options);

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
    // A reply with a file: the file is uploaded once the reply exists, and listed on the ticket.
    await page.getByRole('textbox', { name: 'Reply' }).fill('It also shows error E-07.');
    await page.locator('input[type=file]').last().setInputFiles({ name: 'printer-error.txt', mimeType: 'text/plain', buffer: Buffer.from('E-07 paper jam in tray 2\n') });
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('[data-comment-kind="reply"]', { hasText: 'It also shows error E-07.' }).waitFor();
    await page.getByRole('link', { name: 'printer-error.txt' }).waitFor();
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
    await selectOption(li.page, accept.getByRole('combobox', { name: 'Agent' }), 'Li Wei', 'Li');
    await accept.getByRole('button', { name: 'Complete' }).click();
    const work = li.page.locator('[data-task="work"]');
    await work.waitFor();
    // Fields change in place where grants and state allow; a work note joins the timeline.
    await li.page.getByRole('button', { name: 'Edit' }).click();
    await li.page.getByRole('textbox', { name: 'Contact phone' }).fill('+86 21 5555 0100');
    await li.page.getByRole('button', { name: 'Save' }).click();
    await expectText(li.page, '+86 21 5555 0100');
    await li.page.getByRole('textbox', { name: 'Reply' }).fill('Ordered a new fuser unit.');
    await li.page.getByRole('button', { name: 'Send' }).click();
    await li.page.locator('[data-comment-kind="work-note"]', { hasText: 'Ordered a new fuser unit.' }).waitFor();
    await work.getByLabel('Resolved: ask the caller to confirm').check();
    await selectOption(li.page, work.getByRole('combobox', { name: 'Resolution code' }), 'Hardware replaced');
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

  it('links a new incident to an earlier one as its parent, shows the relation on both, and hands the work to another agent', async () => {
    const annApi = await site.as(site.users.ann);
    const ask = (subject: string) => annApi.post('/catalog/entries/itil-incident:report-printer-problem/requests', { data: { subject, description: `${subject}, since this morning.`, impact: 2, urgency: 2 } });
    const parent = (await ask('Floor 3 printers offline')).body.record as { id: string; number: string };
    const child = (await ask('My printer is offline')).body.record as { id: string; number: string };
    const liApi = await site.as(site.users.li);
    await until(async () => (await liApi.get('/tasks?view=queue')).body.items.length >= 2);
    const task = (await liApi.get(`/tasks?view=queue&recordId=${child.id}`)).body.items[0] as { id: string };
    expect((await liApi.post(`/tasks/${task.id}/claim`)).status).toBe(200);

    const li = await logIn(site.users.li, {}, `/workspace/records/incident/${child.number}`);
    const accept = li.page.locator('[data-task="accept-desktop"]');
    await selectOption(li.page, accept.getByRole('combobox', { name: 'Agent' }), 'Li Wei', 'Li');
    await selectOption(li.page, accept.getByRole('combobox', { name: 'Parent incident' }), parent.number, 'Floor');
    await accept.getByRole('button', { name: 'Complete' }).click();
    await li.page.locator('[data-task="work"]').waitFor();
    await li.page.getByRole('link', { name: parent.number }).waitFor();

    // Hand the work to Wang: it leaves Li's page and lands in Wang's tasks.
    await li.page.getByRole('button', { name: 'Reassign' }).click();
    await selectOption(li.page, li.page.getByRole('combobox', { name: 'Reassign to…' }), 'Wang Fang', 'Wang');
    await li.page.getByRole('textbox', { name: 'Reason (optional)' }).fill('Wang is on floor 3 today');
    await li.page.locator('.ant-popover').getByRole('button', { name: 'Reassign' }).click();
    await li.page.getByText('Held by').waitFor();
    await li.screenshot('workspace-reassigned');
    const wangTasks = (await (await site.as(site.users.wang)).get('/tasks?view=mine')).body.items as Array<{ elementId: string; record: { number: string } }>;
    expect(wangTasks.map((t) => [t.elementId, t.record.number])).toEqual([['work', child.number]]);

    // The parent lists its child.
    await li.page.goto(`${site.url}/workspace/records/incident/${parent.number}`);
    await li.page.getByRole('link', { name: child.number }).waitFor();

    // The list view searches words on the server.
    await li.page.goto(`${site.url}/workspace/records/incident`);
    await li.page.getByRole('link', { name: child.number }).waitFor();
    await li.page.getByRole('searchbox', { name: 'Search' }).fill('Floor');
    await li.page.keyboard.press('Enter');
    await li.page.getByRole('link', { name: child.number }).waitFor({ state: 'detached' });
    await li.page.getByRole('link', { name: parent.number }).waitFor();
    expect(li.problems).toEqual([]);
  });

  it('sends the browser to the login page, and back, when its session ends while a page is open', async () => {
    const ann = await logIn(site.users.ann, {}, '/tickets');
    await ann.page.getByText('You have no tickets yet.').waitFor();
    // Ended elsewhere: the password is reset by an administrator, which ends the account's sessions.
    expect((await site.admin.put(`/users/${site.users.ann.userId}/password`, { password: 'another long enough password' })).status).toBe(204);
    await ann.page.getByRole('link', { name: 'Request something' }).click();
    await ann.page.waitForURL(/\/login\?next=%2F/);
    await ann.page.getByLabel('Login').fill('ann');
    await ann.page.getByLabel('Password').fill('another long enough password');
    await ann.page.getByRole('button', { name: 'Log in' }).click();
    await ann.page.getByRole('searchbox', { name: /Search the catalog/ }).waitFor();
    expect(new URL(ann.page.url()).pathname).toBe('/');
    expect(ann.problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
  });

  it("shows the server's refusal of a field on that field", async () => {
    const ann = await logIn(site.users.ann);
    const { page } = ann;
    // A refusal only the server can make (the browser's validator passed): answered here as the server would.
    await page.route('**/api/v1/catalog/entries/*/requests', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'TASK_FORM_INVALID', message: 'the form data has 1 problem(s)', details: [{ pointer: '/contactPhone', message: 'is not a number we can call' }] }, requestId: 'test' }),
      }),
    );
    await page.getByRole('link', { name: /printer/i }).first().click();
    await page.getByLabel('Subject').fill('Printer jams');
    await page.getByLabel('Description').fill('Every page jams.');
    await page.getByLabel('Contact phone').fill('123');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expectText(page, 'Some fields need your attention.');
    const phoneField = page.locator('.form-group, .ant-form-item', { has: page.getByLabel('Contact phone') }).last();
    await phoneField.getByText('is not a number we can call').waitFor();
    await ann.screenshot('portal-server-refusal');
    expect(ann.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });

  it('lets a requester on a 375-px phone switch to Chinese for good, find an entry by pinyin initials and submit it', async () => {
    const ann = await logIn(site.users.ann, { viewport: { width: 375, height: 740 }, isMobile: true });
    const { page } = ann;
    // The page turns Chinese at once (the select's name with it): no check that it shows the choice.
    await page.getByRole('combobox', { name: 'Language' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '简体中文' }).click();
    await expectText(page, '申请服务');
    // Kept with the account: a new page load, even a new browser, comes back in Chinese.
    await page.reload();
    await expectText(page, '我的工单');
    expect((await (await site.as(site.users.ann)).get('/auth/me')).body.user.language).toBe('zh-CN');

    await page.getByRole('searchbox', { name: '搜索服务目录（支持拼音首字母）' }).fill('dyj');
    await page.getByRole('link', { name: /打印机故障/ }).click();
    await page.getByLabel('标题').waitFor();
    await page.getByRole('button', { name: /^提\s?交$/ }).click();
    await expectText(page, '此项为必填项。');
    await page.getByLabel('标题').fill('三楼打印机卡纸');
    await page.getByLabel('问题描述').fill('东侧打印机每页都卡纸。');
    await ann.screenshot('portal-phone-zh-CN-form');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: /^提\s?交$/ }).click();
    await page.waitForURL(/\/tickets\/incident\/INC-/);
    await expectText(page, '三楼打印机卡纸');
    await expectText(page, '处理记录');
    await ann.screenshot('portal-phone-zh-CN-ticket');
    expect(ann.problems).toEqual([]);
  });
});

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
