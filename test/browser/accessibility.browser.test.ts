/**
 * Accessibility basics of the portal and the workspace, in Chromium: every control has a name
 * (axe-core's labelling rules on each main page), a request can be filled and sent with the
 * keyboard alone, and the focused control shows a visible focus ring.
 */
import { createRequire } from 'node:module';
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { forEachDatabase } from '../for-each-database.js';
import { browserSuite, logInPage, type Site, type SiteUser } from './site.js';

jest.setTimeout(180_000);

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** What "labelled controls" means, as axe checks it. */
const LABEL_RULES = ['label', 'button-name', 'link-name', 'input-button-name', 'select-name', 'aria-input-field-name', 'aria-toggle-field-name', 'image-alt', 'document-title', 'html-has-lang', 'duplicate-id-aria'];

async function unlabelled(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const results = (await page.evaluate(`axe.run(document, { runOnly: { type: 'rule', values: ${JSON.stringify(LABEL_RULES)} } })`)) as {
    violations: Array<{ id: string; nodes: Array<{ target: string[] }> }>;
  };
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** Presses Tab until the focused element has this id (or is the submit button, for `submit`). */
async function tabTo(page: Page, target: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>(`document.activeElement.id || (document.activeElement.type === 'submit' ? 'submit' : '')`);
    if (focused === target) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

forEachDatabase('accessibility basics in a browser', (database) => {
  const suite = browserSuite(database);
  let site: Site;
  beforeEach(() => {
    site = suite.site();
  });
  /** axe is injected as a script, which the CSP would refuse: these pages are opened with it bypassed (the other browser tests keep it). */
  const logIn = (user: SiteUser, path: string) => logInPage(suite.browser(), site, user, path, { bypassCSP: true });

  it('names every control on the main pages of the portal and the workspace', async () => {
    const ann = await logIn(site.users.ann, '/');
    const { page } = ann;
    await page.getByRole('link', { name: /printer/i }).first().waitFor();
    expect(await unlabelled(page)).toEqual([]);
    await page.getByRole('link', { name: /printer/i }).first().click();
    await page.getByLabel('Subject').waitFor();
    expect(await unlabelled(page)).toEqual([]);

    // The check itself can fail: an unnamed field is caught.
    await page.evaluate(`document.body.insertAdjacentHTML('beforeend', '<input id="fd-probe">')`);
    expect(await unlabelled(page)).toEqual(['label: #fd-probe']);
    await page.evaluate(`document.getElementById('fd-probe').remove()`);

    // Keyboard only: from the subject, Tab walks to the description and on to the button; Enter sends.
    await page.getByLabel('Subject').focus();
    await page.keyboard.type('Keyboard only request');
    await tabTo(page, 'root_description');
    const ring = await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle');
    expect(ring).toBe('solid');
    await page.keyboard.type('Filled and sent without a mouse.');
    await tabTo(page, 'submit');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/tickets\/incident\/INC-/);
    await page.getByText('Keyboard only request').first().waitFor();
    expect(await unlabelled(page)).toEqual([]);
    await page.goto(`${site.url}/tickets`);
    await page.getByRole('link', { name: /INC-/ }).first().waitFor();
    expect(await unlabelled(page)).toEqual([]);
    expect(ann.problems).toEqual([]);

    const li = await logIn(site.users.li, '/workspace');
    await li.page.getByRole('tab', { name: 'My tasks' }).waitFor();
    expect(await unlabelled(li.page)).toEqual([]);
    await li.page.goto(`${site.url}/workspace/records/incident/INC-000001`);
    await li.page.getByText('Keyboard only request').first().waitFor();
    expect(await unlabelled(li.page)).toEqual([]);
    // The workspace's shortcuts: g r for the record lists, / for their search.
    await li.page.locator('body').click({ position: { x: 5, y: 300 } });
    await li.page.keyboard.press('g');
    await li.page.keyboard.press('r');
    await li.page.waitForURL(/\/workspace\/records$/);
    await li.page.getByRole('searchbox', { name: 'Search' }).waitFor();
    await li.page.keyboard.press('/');
    expect(await li.page.evaluate<string | null>(`document.activeElement.getAttribute('aria-label')`)).toBe('Search');
    expect(await unlabelled(li.page)).toEqual([]);
    expect(li.problems).toEqual([]);
  });
});
