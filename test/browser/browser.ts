/**
 * Debian's Chromium driven by playwright-core, as ARCHITECTURE.md says (never a downloaded
 * browser): a fresh profile per launch, every console error, page error and failed request
 * collected per page so a test can assert there were none, and screenshots in test-results/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT } from '../bundle-fixtures.js';

export const CHROMIUM = process.env['FLOWDESK_CHROMIUM'] ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(REPO_ROOT, 'test-results');

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface PageOptions {
  viewport?: { width: number; height: number };
  isMobile?: boolean;
  locale?: string;
  timezoneId?: string;
  /** Only for injecting test tools (axe): the apps' own pages are tested under the real CSP. */
  bypassCSP?: boolean;
}

export interface TestBrowser {
  /** A new browser context (its own cookies) with a page watched for errors. */
  page(options?: PageOptions): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught exceptions and CSP violations seen so far. */
  problems: string[];
  screenshot(name: string): Promise<string>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  // playwright gives every launch a fresh, temporary profile (it refuses --user-data-dir here).
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    async page(options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 900 },
        isMobile: options.isMobile ?? false,
        hasTouch: options.isMobile ?? false,
        locale: options.locale ?? 'en-US',
        timezoneId: options.timezoneId ?? 'Asia/Shanghai',
        bypassCSP: options.bypassCSP ?? false,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const problems: string[] = [];
      // Where a CSP violation comes from (the console line alone does not say).
      await page.addInitScript(
        "document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP ${e.violatedDirective} from ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`))",
      );
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      return {
        page,
        context,
        problems,
        async screenshot(name) {
          const path = join(SCREENSHOTS, `${name}.png`);
          await page.screenshot({ path, fullPage: true });
          return path;
        },
      };
    },
    async close() {
      await browser.close();
    },
  };
}

/**
 * Picks `text` in an antd select: opens it, types `search` first when given (remote selects),
 * clicks the option, and checks the select shows it — trying again when a re-render (a page's
 * polling) swallowed the click. antd draws options as plain items (its role=option copies are
 * hidden, for screen readers).
 */
export async function selectOption(page: Page, select: Locator, text: string, search?: string): Promise<void> {
  const root = select.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  for (let attempt = 1; ; attempt++) {
    await select.click();
    if (search) await page.keyboard.type(search);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
    if ((await root.innerText()).includes(text)) return;
    if (attempt === 3) throw new Error(`the select never showed ${text}`);
    await page.keyboard.press('Escape');
  }
}
