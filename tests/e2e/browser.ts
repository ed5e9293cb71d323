/**
 * Real Chromium for end-to-end tests (Debian's /usr/bin/chromium driven by playwright-core).
 * Each test gets a fresh browser context (fresh IndexedDB, service worker and cache) and a list of
 * requests that went to any origin other than the app's own — the privacy promise, asserted.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

export { launch } from '../../scripts/lib/chromium';
export const SCREENSHOTS = join(process.cwd(), 'screenshots');

export interface Session {
  context: BrowserContext;
  page: Page;
  /** requests to origins other than the app's */
  foreign: string[];
  /** console errors and page errors seen */
  errors: string[];
}

export async function openApp(
  browser: Browser,
  appUrl: string,
  opts: { path?: string } = {},
): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const origin = new URL(appUrl).origin;
  const foreign: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => {
    const u = r.url();
    if (/^(data|blob|chrome-extension):/.test(u)) return;
    if (new URL(u).origin !== origin) foreign.push(u);
  });
  const page = await context.newPage();
  watch(page, errors);
  await page.goto(appUrl + (opts.path ?? ''));
  return { context, page, foreign, errors };
}

/**
 * A page in a fresh context of its own (`init` runs before the app's scripts), its errors logged
 * into `errors`, for tests that set the viewport or device themselves.
 */
export async function openPage(
  browser: Browser,
  options: BrowserContextOptions,
  errors: string[],
  init?: Parameters<BrowserContext['addInitScript']>[0],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  watch(page, errors);
  return { context, page };
}

export function watch(page: Page, errors: string[]): void {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export async function dataState(
  page: Page,
  state: 'loading' | 'ready' | 'error',
  timeout = 60_000,
) {
  try {
    await page.locator(`[data-testid="data-status"][data-state="${state}"]`).waitFor({ timeout });
  } catch (e) {
    // Leave evidence for a failed wait: what the page showed, and its status line.
    const name = `failed-${Date.now()}`;
    await shot(page, name).catch(() => undefined);
    const text = await page
      .locator('body')
      .innerText()
      .catch(() => '(no page)');
    throw new Error(
      `${(e as Error).message}\nscreenshot: screenshots/${name}.png\npage text: ${text.slice(0, 600)}`,
    );
  }
}
