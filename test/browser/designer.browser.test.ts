/**
 * The designer in a real browser, end to end against a whole Flowdesk.
 */
import { jest } from '@jest/globals';
import { forEachDatabase } from '../for-each-database.js';
import type { PageOptions } from './browser.js';
import { browserSuite, logInPage, type Site, type SiteUser } from './site.js';

jest.setTimeout(240_000);

forEachDatabase('the designer in a browser', (database) => {
  const suite = browserSuite(database);
  let site: Site;
  beforeEach(() => {
    site = suite.site();
  });
  const logIn = (user: SiteUser, options: PageOptions = {}, path = '/') => logInPage(suite.browser(), site, user, path, options);

  it('smoke', async () => {
    const ada = await logIn(site.users.ada, {}, '/designer');
    const { page } = ada;
    await page.getByRole('button', { name: 'New bundle' }).click();
    await page.getByLabel('Bundle name').fill('loan-desk');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/designer\/drafts\//);
    await page.getByRole('button', { name: 'Add a file' }).hover();
    await page.getByRole('menuitem', { name: 'Processes' }).click();
    await page.getByLabel('Id').fill('loan');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.locator('.djs-palette').waitFor();
    await page.locator('[data-element-id="loan-start"]').click();
    await ada.screenshot('designer-smoke');
    expect(ada.problems).toEqual([]);
  });
});
