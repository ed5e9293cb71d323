/**
 * The bench's browser side: each phase runs in a freshly launched Chromium on one persistent
 * profile (so later phases reuse what earlier ones stored), with the page's errors and the bench
 * page's progress lines (`reel-bench <json>`) printed.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, chromiumArgs } from './chromium';

export const BASE = '/reel/';
export const READY = '[data-testid="data-status"][data-state="ready"]';
export const WARM_RUNS = 3;

export function log(line: string) {
  console.log(`[bench] ${line}`);
}

export const secondsSince = (t: number) => ((Date.now() - t) / 1000).toFixed(1);

export function launchProfile(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs(),
    viewport: { width: 1280, height: 900 },
  });
}

export async function firstPage(context: BrowserContext): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' && !text.startsWith('Failed to load resource'))
      log(`console error: ${text}`);
    else if (text.startsWith('reel-bench ')) progressLine(text.slice('reel-bench '.length));
  });
  page.context().on('response', (r) => {
    if (r.status() >= 400) log(`HTTP ${r.status()} for ${r.url()}`);
  });
  return page;
}

function progressLine(json: string) {
  const e = JSON.parse(json) as Record<string, unknown>;
  if (e.event === 'epoch')
    log(
      `  ${String(e.kind)} epoch ${String(e.epoch)}: loss ${Number(e.loss).toFixed(4)}, ` +
        `val RMSE ${Number(e.valRmse).toFixed(4)}, ${Number(e.seconds).toFixed(1)} s`,
    );
  else if (e.event === 'train') log(`  ${String(e.kind)}: ${String(e.phase)}`);
}

/**
 * The stored data set's counts, as the Data page shows them (the first screen after the data is
 * ready may be the signup, which has none); -1 where a figure is missing.
 */
export async function dataCounts(
  page: Page,
  appUrl: string,
): Promise<{ ratings: number; users: number; movies: number }> {
  await page.goto(`${appUrl}#/data`);
  await page.locator(READY).waitFor({ timeout: 5 * 60_000 });
  const count = (what: string) =>
    page
      .locator(`[data-testid="count-${what}"]`)
      .first()
      .innerText({ timeout: 5000 })
      .then((t) => Number(t.replace(/\D/g, '')))
      .catch(() => -1);
  return {
    ratings: await count('ratings'),
    users: await count('users'),
    movies: await count('movies'),
  };
}

/**
 * Signs up (three genres) and rates ten offers, each time the first one not rated yet (rated
 * offers stay in place, marked). Returns the time of the tenth click (Date.now()).
 */
export async function signUpAndRateTen(page: Page): Promise<number> {
  const start = page.getByRole('button', { name: 'Get started' });
  if (await start.count()) await start.click();
  for (const g of ['Comedy', 'Drama', 'Thriller'])
    await page.locator(`[data-genre="${g}"]`).click();
  await page.locator('[data-testid="signup-submit"]').click();
  let tenth = 0;
  for (let i = 0; i < 10; i++) {
    const unrated = page.locator(
      '[data-testid="offers"] [data-testid="movie-card"]:not([data-rating])',
    );
    if ((await unrated.count()) === 0) await page.locator('[data-testid="more-offers"]').click();
    const card = unrated.first();
    const id = await card.getAttribute('data-movie-id');
    await card.locator(`[data-testid="rate"][data-value="${1 + ((i * 3) % 5)}"]`).click();
    if (i === 9) tenth = Date.now();
    else
      await page
        .locator(`[data-testid="offers"] [data-movie-id="${id}"]:not([data-rating])`)
        .waitFor({ state: 'detached' });
  }
  return tenth;
}
