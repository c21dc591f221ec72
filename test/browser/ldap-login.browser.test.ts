/**
 * The login page with a company directory: a directory account logs in with its LDAP password
 * (a real OpenLDAP on loopback), lands in the portal, and its person comes from the directory; a
 * wrong password gets the login page's message. No console error but the refused login's 4xx.
 */
import { jest } from '@jest/globals';
import { forEachDatabase } from '../for-each-database.js';
import { startFullServer } from '../full-server.js';
import { LDAP_USERS, startLdapServer, type LdapTestServer } from '../ldap-server.js';
import { launchBrowser, type TestBrowser } from './browser.js';
import { ensureWebBuilt } from './site.js';
import type { RunningServer } from '../../runtime/server/serve.js';

jest.setTimeout(120_000);

forEachDatabase('logging in from the directory in a browser', (database) => {
  let ldap: LdapTestServer;
  let browser: TestBrowser;
  let running: RunningServer | undefined;
  beforeAll(async () => {
    ensureWebBuilt();
    ldap = await startLdapServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await ldap?.stop();
  });
  afterEach(async () => running?.stop());

  it('logs a directory account in through the login page and refuses a wrong password', async () => {
    const started = await startFullServer(database(), ldap.env('STAFF'));
    running = started.running;
    expect((await started.admin.post('/organizations', { name: 'Staff', code: 'STAFF' })).status).toBe(201);

    const watched = await browser.page();
    const { page } = watched;
    await page.goto(`${running.url}/tickets`);
    await page.getByLabel('Login').fill(LDAP_USERS.alice.login);
    await page.getByLabel('Password').fill('not the directory password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('The login or password is wrong.').waitFor();

    await page.getByLabel('Password').fill(LDAP_USERS.alice.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/tickets$/);
    await page.getByText('You have no tickets yet.').waitFor();
    await watched.screenshot('login-directory-account');
    const persons = (await started.admin.get('/persons')).body.persons as Array<{ name: string; email: string }>;
    expect(persons).toContainEqual(expect.objectContaining({ name: LDAP_USERS.alice.name, email: LDAP_USERS.alice.email }));
    expect(watched.problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
  });
});
