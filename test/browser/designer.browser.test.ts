/**
 * The designer in a real browser, end to end against a whole Flowdesk: an administrator builds a
 * bundle from nothing — a record type, forms, a process drawn in the modeler with its Flowdesk
 * settings set in the panel, a catalog entry and grants — publishes it, a requester starts it
 * from the portal and an agent completes it in the workspace.
 */
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { forEachDatabase } from '../for-each-database.js';
import { selectOption, type PageOptions } from './browser.js';
import { modeler } from './modeler.js';
import { browserSuite, logInPage, type Site, type SiteUser } from './site.js';

jest.setTimeout(300_000);

/** Adds a file of a kind through the "Add a file" menu (an id for kinds with one file per definition). */
async function addFile(page: Page, kind: string, id?: string): Promise<void> {
  await page.getByRole('button', { name: 'Add a file' }).hover();
  await page.getByRole('menuitem', { name: kind, exact: true }).click();
  if (id) {
    await page.getByLabel('Id').fill(id);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
  }
}

forEachDatabase('the designer in a browser', (database) => {
  const suite = browserSuite(database);
  let site: Site;
  beforeEach(() => {
    site = suite.site();
  });
  const logIn = (user: SiteUser, options: PageOptions = {}, path = '/') => logInPage(suite.browser(), site, user, path, options);

  it('builds a bundle from nothing, publishes it, and it runs from the portal to the workspace', async () => {
    const ada = await logIn(site.users.ada, {}, '/designer');
    const { page } = ada;
    await page.getByRole('button', { name: 'New bundle' }).click();
    await page.getByLabel('Bundle name').fill('loan-desk');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/designer\/drafts\//);
    const draftId = /drafts\/([^/?]+)/.exec(page.url())![1]!;

    await addFile(page, 'Record types', 'loan');
    await addFile(page, 'Forms', 'loan-request');
    await addFile(page, 'Forms', 'loan-review');
    await addFile(page, 'Processes', 'loan');

    const bpmn = modeler(page);
    await page.locator('.djs-palette').waitFor();
    await bpmn.selectProcess();
    await bpmn.openGroup('flowdesk-record');
    await bpmn.choose('flowdesk-recordType', 'loan');

    await bpmn.select('loan-start');
    await bpmn.openGroup('flowdesk-form');
    await bpmn.choose('flowdesk-formKey', 'loan-request');

    const review = await bpmn.changeType(await bpmn.append('loan-start', 'append.append-task'), 'replace-with-user-task');
    await bpmn.select(review);
    await bpmn.identify('review', 'Review the request');
    await bpmn.openGroup('flowdesk-form');
    await bpmn.choose('flowdesk-formKey', 'loan-review');
    await bpmn.openGroup('flowdesk-assignment');
    await bpmn.choose('flowdesk-addRole', 'service-desk-agent');
    await bpmn.openGroup('flowdesk-due');
    await bpmn.fill('flowdesk-dueIn', 'PT4H');

    await bpmn.select(await bpmn.append('review', 'append.gateway'));
    await bpmn.identify('decided', 'Approved?');
    for (const [id, name] of [['hand-over', 'Hand the item over'], ['tell-refusal', 'Tell the requester why not']] as const) {
      const task = await bpmn.changeType(await bpmn.append('decided', 'append.append-task'), 'replace-with-user-task');
      await bpmn.select(task);
      await bpmn.identify(id, name);
      await bpmn.openGroup('flowdesk-assignment');
      await bpmn.choose('flowdesk-addRole', 'service-desk-agent');
    }
    const end = await bpmn.append('hand-over', 'append.end-event');
    await bpmn.connect('tell-refusal', end);
    await ada.screenshot('designer-process');

    // Conditions on the gateway's two ways out.
    const xml = async () => (await site.admin.get(`/drafts/${draftId}/file?path=${encodeURIComponent('processes/loan.bpmn')}`)).body.content as string;
    const flowTo = (text: string, target: string) => new RegExp(`<bpmn:sequenceFlow id="([^"]+)" sourceRef="decided" targetRef="${target}"`).exec(text)?.[1];
    let saved = '';
    await until(async () => {
      saved = await xml();
      return flowTo(saved, 'tell-refusal') !== undefined;
    });
    for (const [target, decision] of [['hand-over', 'approve'], ['tell-refusal', 'reject']] as const) {
      await bpmn.select(flowTo(saved, target)!);
      await bpmn.openGroup('flowdesk-condition');
      await bpmn.fill('flowdesk-condition', `\${decision == "${decision}"}`);
    }
    await until(async () => (await xml()).includes('decision == &#34;reject&#34;') || (await xml()).includes('decision == "reject"'));
    saved = await xml();
    expect(saved).toMatch(/<bpmn:startEvent id="loan-start" flowdesk:formKey="loan-request"/);
    expect(saved).toMatch(/<bpmn:userTask id="review" name="Review the request" flowdesk:formKey="loan-review" flowdesk:candidateGroups="service-desk-agent" flowdesk:dueIn="PT4H"/);
    expect(saved).toMatch(/<bpmn:process id="loan" isExecutable="true" flowdesk:recordType="loan">/);

    // The rest of the bundle: forms, grants and the catalog entry.
    await writeJson(page, 'forms/loan-request.json', {
      id: 'loan-request',
      titleKey: 'form.loan-request',
      schema: {
        type: 'object',
        required: ['subject', 'item'],
        properties: {
          subject: { type: 'string', title: 'field.subject', minLength: 1, maxLength: 200 },
          item: { type: 'string', title: 'field.item', oneOf: [{ const: 'laptop', title: 'item.laptop' }, { const: 'projector', title: 'item.projector' }] },
          days: { type: 'integer', title: 'field.days', minimum: 1, maximum: 30 },
        },
      },
    });
    await writeJson(page, 'forms/loan-review.json', {
      id: 'loan-review',
      titleKey: 'form.loan-review',
      schema: { type: 'object', required: ['decision'], properties: { decision: { type: 'string', title: 'field.decision', oneOf: [{ const: 'approve', title: 'decision.approve' }, { const: 'reject', title: 'decision.reject' }] } } },
    });
    await addFile(page, 'Roles and grants');
    await writeJson(page, 'roles.json', {
      roles: [
        { id: 'portal-user', titleKey: 'role.portal-user', grants: [{ recordType: 'loan', actions: ['read', 'create', 'comment'], scope: 'own' }] },
        { id: 'service-desk-agent', titleKey: 'role.service-desk-agent', grants: [{ recordType: 'loan', actions: ['read', 'update', 'assign', 'comment'], scope: 'organization-tree' }] },
      ],
    });
    await addFile(page, 'Catalog');
    await writeJson(page, 'catalog.json', {
      families: [{ id: 'lending', titleKey: 'family.lending' }],
      services: [{ id: 'loans', family: 'lending', titleKey: 'service.loans', keywords: ['借用'] }],
      entries: [{ id: 'borrow-equipment', titleKey: 'entry.borrow-equipment', family: 'lending', service: 'loans', keywords: ['laptop', '笔记本'], recordType: 'loan', process: 'loan', startForm: 'loan-request' }],
    });

    // Every text in both languages, in the texts editor.
    await page.getByRole('menuitem', { name: 'i18n/en.json' }).click();
    await page.getByRole('textbox', { name: / (en|zh-CN)$/ }).first().waitFor();
    // Rows leave the "missing" list once both languages have a text: fill the first empty box until none is left.
    const firstEmpty = () => page.evaluate(() => [...document.querySelectorAll<HTMLTextAreaElement>('textarea[aria-label$=" en"], textarea[aria-label$=" zh-CN"]')].find((box) => !box.value)?.getAttribute('aria-label') ?? null);
    for (let label = await firstEmpty(); label; label = await firstEmpty()) {
      const [key, locale] = label.split(' ') as [string, string];
      const box = page.getByRole('textbox', { name: label, exact: true });
      await box.fill(locale === 'en' ? key.split('.').pop()!.replace(/-/g, ' ') : `中文 ${key}`);
      await box.blur();
    }
    await ada.screenshot('designer-texts');

    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('No problems: publishing would make version 0.1.0.').waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/designer\/?$/);
    const installed = await site.admin.get('/bundles');
    expect(installed.body.bundles.map((b: { name: string; version: string }) => `${b.name}@${b.version}`)).toContain('loan-desk@0.1.0');
    expect(ada.problems).toEqual([]);

    // A requester starts it from the portal; an agent takes it to the end in the workspace.
    const acme = (await site.admin.get('/organizations')).body.organizations.find((o: { name: string }) => o.name === 'Acme 集团');
    expect((await site.admin.post('/catalog/contracts', { organizationId: acme.id, name: 'Lending', startsOn: '2020-01-01', services: [{ service: 'loans' }] })).status).toBe(201);
    const ann = await logIn(site.users.ann);
    await ann.page.getByRole('link', { name: /borrow equipment/i }).first().click();
    await ann.page.getByLabel('subject').fill('A laptop for the Shenzhen trip');
    await selectOption(ann.page, ann.page.getByRole('combobox', { name: 'item' }), 'laptop');
    await ann.page.getByLabel('days').fill('5');
    await ann.page.getByRole('button', { name: 'Submit' }).click();
    await ann.page.waitForURL(/\/tickets\/loan\/LOA-/);
    const number = /LOA-\d+/.exec(ann.page.url())![0];
    expect(ann.problems).toEqual([]);

    const li = await logIn(site.users.li, {}, '/workspace');
    await li.page.getByRole('tab', { name: "My teams' queues" }).click();
    const row = li.page.getByRole('row', { name: new RegExp(number) });
    await row.getByRole('button', { name: /Claim/ }).click();
    await li.page.waitForURL(new RegExp(`/workspace/records/loan/${number}`));
    const reviewTask = li.page.locator('[data-task="review"]');
    await selectOption(li.page, reviewTask.getByRole('combobox', { name: 'decision' }), 'approve');
    await reviewTask.getByRole('button', { name: 'Complete' }).click();
    const handOver = li.page.locator('[data-task="hand-over"]');
    await handOver.getByRole('button', { name: /Claim/ }).click();
    await handOver.getByRole('button', { name: 'Complete' }).click();
    const liApi = await site.as(site.users.li);
    const record = await liApi.get(`/records/loan/${number}`);
    await until(async () => (await liApi.get(`/tasks?recordId=${record.body.id}`)).body.items.length === 0);
    const instances = await site.server.runtime.db.knex('process_instances').where({ record_id: record.body.id }).select('status');
    expect(instances).toEqual([{ status: 'completed' }]);
    expect(li.problems).toEqual([]);
  });
});

/** Replaces a draft file's text through the designer's text view. */
async function writeJson(page: Page, path: string, value: unknown): Promise<void> {
  await page.getByRole('menuitem', { name: path }).click();
  await page.getByRole('textbox', { name: path }).fill(JSON.stringify(value, null, 2));
}

async function until(condition: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
