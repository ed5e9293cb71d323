import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataState, openApp, shot, type Session } from './browser';
import { startE2e, type E2e } from './setup';

let e2e: E2e;
let s: Session;
beforeAll(async () => {
  e2e = await startE2e();
  s = await openApp(e2e.browser, e2e.server.url);
});
afterAll(async () => {
  await s?.context.close();
  await e2e?.close();
});
const ratingCount = (page: Page) =>
  page.locator('[data-testid="rating-count"]').getAttribute('data-count').then(Number);

it('tmp: shifts on warm reload, and relearning in the lab', async () => {
  const { page, context } = s;
  await context.addInitScript(() => {
    const w = window as unknown as { __shifts: string[] };
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as {
        value: number;
        hadRecentInput: boolean;
        sources: { node?: Node; previousRect: DOMRect; currentRect: DOMRect }[];
      }[])
        if (!e.hadRecentInput)
          w.__shifts.push(
            `${e.value.toFixed(3)}: ` +
              e.sources
                .map(
                  (x) =>
                    `${(x.node as Element)?.tagName}.${(x.node as Element)?.className}[${(x.node as Element)?.getAttribute?.('data-testid')}] ${x.previousRect.y}->${x.currentRect.y} h${x.previousRect.height}->${x.currentRect.height}`,
                )
                .join(' | '),
          );
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await dataState(page, 'ready');
  for (const g of ['Comedy', 'Drama', 'Crime'])
    await page.locator(`[data-testid="genre-option"][data-genre="${g}"]`).click();
  await page.locator('[data-testid="signup-submit"]').click();
  await page.locator('[data-testid="offers"] [data-testid="movie-card"]').first().waitFor();
  const rated = new Set<string>();
  for (let i = 0; i < 10; i++) {
    const ids = await page.$$eval('[data-testid="offers"] [data-testid="movie-card"]', (cs) =>
      cs.map((c) => c.getAttribute('data-movie-id')!),
    );
    const id = ids.find((x) => !rated.has(x))!;
    rated.add(id);
    await page
      .locator(`[data-testid="offers"] [data-movie-id="${id}"] [data-testid="rate"][data-value="${1 + (i % 5)}"]`)
      .click();
    await expect.poll(() => ratingCount(page)).toBe(i + 1);
  }
  await page.locator('[data-testid="model-status"][data-kind="mf"][data-state="ready"]').waitFor({ timeout: 180_000 });
  await page.locator('[data-testid="rec-lists"][data-backed="hybrid"]').waitFor({ timeout: 60_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
  await page.reload();
  await dataState(page, 'ready');
  await page.locator('[data-testid="rec-lists"][data-backed="hybrid"]').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  console.log((await page.evaluate(() => (window as unknown as { __shifts: string[] }).__shifts)).join('\n'));
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

  await page.goto(e2e.server.url + '#/lab');
  const panel = page.locator('[data-testid="model-panel"][data-kind="mf"]');
  await panel.locator('[data-testid="retrain-mine"]').click();
  await page.locator('[data-testid="model-status"][data-kind="mf"][data-state="ready"]').waitFor({ timeout: 120_000 });
  const outcome = panel.locator('[data-testid="retrain-outcome"]');
  await outcome.waitFor({ timeout: 60_000 });
  console.log('OUTCOME:', await outcome.innerText());
  console.log('SUMMARY:', await page.locator('[data-testid="lab-summary"]').innerText());
  await shot(page, 'look-lab-after-retrain');
  await page.goto(e2e.server.url + '#/');
  await page.locator('[data-testid="how-picked"] summary').click();
  await page.locator('[data-testid="model-choice"][data-choice="mf"]').check();
  console.log('EXPL:', await page.locator('[data-testid="blend-explanation"]').innerText());
  await page.locator('[data-testid="model-choice"][data-choice="hybrid"]').check();
  await shot(page, 'look-recs-laptop-open');
}, 400_000);
