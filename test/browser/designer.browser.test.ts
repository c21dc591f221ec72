/**
 * The designer in a real browser, end to end against a whole Flowdesk: an administrator builds a
 * bundle from nothing — a record type, forms, a process drawn in the modeler with its Flowdesk
 * settings set in the panel, a catalog entry and grants — publishes it, a requester starts it
 * from the portal and an agent completes it in the workspace.
 */
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { forEachDatabase } from '../for-each-database.js';
import type { PageOptions } from './browser.js';
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
    expect(ada.problems).toEqual([]);
  });
});

async function until(condition: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
