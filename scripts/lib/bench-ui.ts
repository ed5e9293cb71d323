/** Bench, ui part: click → lists in the real app, and reload → personal lists (issues 4, 7). */
import type { TestServer } from './test-server';
import { firstPage, launchProfile, log, READY, signUpAndRateTen, WARM_RUNS } from './bench-browser';
import { median, percentile, round } from './bench-report';

export interface StartupFigures {
  /** reload → first list ranked by a model (not the genre fallback), median of the runs */
  reloadToPersonalListsMs: number;
  runsMs: number[];
}

const BACKED = '[data-testid="rec-lists"][data-backed="hybrid"]';

/** Times reload → personal (model-backed) lists in the real app; needs a signed-up profile. */
export async function benchStartup(server: TestServer, profile: string): Promise<StartupFigures> {
  const context = await launchProfile(profile);
  try {
    await context.addInitScript(`(() => {
      new MutationObserver(() => {
        if (window.__reelListsAt === undefined && document.querySelector('${BACKED}'))
          window.__reelListsAt = performance.now();
      }).observe(document, { subtree: true, childList: true, attributes: true });
    })();`);
    const page = await firstPage(context);
    await page.goto(server.url);
    await page.locator(BACKED).waitFor({ timeout: 120_000 });
    const runs: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      await page.reload();
      await page.locator(BACKED).waitFor({ timeout: 60_000 });
      runs.push(
        await page.evaluate(() => (window as { __reelListsAt?: number }).__reelListsAt ?? NaN),
      );
      log(`startup: reload → personal lists ${i + 1}: ${Math.round(runs[i]!)} ms`);
    }
    return {
      reloadToPersonalListsMs: round(median(runs), 0),
      runsMs: runs.map((r) => round(r, 0)),
    };
  } finally {
    await context.close();
  }
}

export interface UiFigures {
  /** click on a star → recommendation lists re-rendered with the new fold-in (the app's own stamp) */
  clickToListsMsMedian: number;
  clickToListsMsP95: number;
  samples: number[];
}

/**
 * The product's promise, measured in the real UI on the full data: after each rating the lists
 * update (fold-in in the worker + scoring + render). Needs the data and a trained MF model in the
 * profile (the data and mf parts). Signs up, rates 10 offered movies, then rates recommended ones.
 */
export async function benchUi(
  server: TestServer,
  profile: string,
  ratings = 15,
): Promise<UiFigures> {
  const context = await launchProfile(profile);
  try {
    const page = await firstPage(context);
    await page.goto(server.url);
    await page.locator(READY).waitFor({ timeout: 120_000 });
    await signUpAndRateTen(page);
    await page
      .locator('[data-testid="model-status"][data-kind="mf"][data-state="ready"]')
      .waitFor({ timeout: 300_000 });
    await page.locator('[data-testid="predicted"]').first().waitFor({ timeout: 60_000 });
    const samples: number[] = [];
    for (let i = 0; i < ratings; i++) {
      const lists = page.locator('[data-testid="rec-lists"]');
      const tier = ['popular', 'mid', 'niche'][i % 3];
      const card = page
        .locator(`[data-testid="rec-list"][data-tier="${tier}"] [data-testid="movie-card"]`)
        .first();
      const id = await card.getAttribute('data-movie-id');
      // The lists count their updates: wait for this click's (never for a value set by hand,
      // which React would not overwrite when the next figure renders the same).
      const before = Number(await lists.getAttribute('data-updates'));
      await card.locator(`[data-testid="rate"][data-value="${1 + (i % 5)}"]`).click();
      // the lists hold still while the pointer is over them: move away, as a reader would
      await page.mouse.move(0, 0);
      await page
        .locator(`[data-testid="rec-lists"] [data-movie-id="${id}"]`)
        .waitFor({ state: 'detached' });
      await page.waitForFunction(
        (n) =>
          Number(
            document.querySelector('[data-testid="rec-lists"]')?.getAttribute('data-updates'),
          ) > n,
        before,
      );
      samples.push(Number(await lists.getAttribute('data-update-ms')));
    }
    return {
      clickToListsMsMedian: round(median(samples), 1),
      clickToListsMsP95: round(percentile(samples, 95), 1),
      samples,
    };
  } finally {
    await context.close();
  }
}
