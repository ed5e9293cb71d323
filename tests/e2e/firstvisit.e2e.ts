/**
 * First visit (issue 21), end to end in real Chromium with the real workers: serving never waits
 * for an evaluation. On a server data set prepared with its blend record, the matrix factorizer's
 * lists appear before any evaluation has run (its test figures are measured only when the lab
 * asks, and the device never measures the blend); on a data set without a record, the MF serves
 * before the blend is measured, once, on the device.
 * Order of events only: stamps of what appeared, and when the evaluations started, no timings.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer, type TestServer } from '../../scripts/lib/test-server';
import { dataState, openPage } from './browser';
import { rateOffers, signup } from './flows';
import { useE2e } from './setup';
import { STAMPS } from '../../scripts/lib/bench-first-visit';
import { runPrepareData } from '../../scripts/lib/prepare-cli';

const e2e = useE2e();

async function open(
  url: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const errors: string[] = [];
  const viewport = { width: 1280, height: 900 };
  const { context, page } = await openPage(e2e.browser, { viewport }, errors, STAMPS);
  await page.goto(url);
  return { context, page, errors };
}

/** Signs up and rates ten offers, then waits for the MF's stars in the lists. */
async function rateToPredictions(page: Page) {
  await signup(page);
  await rateOffers(page, 10);
  await page
    .locator('[data-testid="rec-lists"] [data-testid="predicted"]')
    .first()
    .waitFor({ timeout: 180_000 });
}

const stamps = (page: Page) =>
  page.evaluate(() => (window as unknown as { __fv: Record<string, number> }).__fv);

interface SavedRecord {
  kind: string;
  metricsPending?: boolean;
  origin?: { where: string; at: number };
  seconds?: number;
  trainedAt?: number;
}

/** What IndexedDB holds now: each saved model's and the blend's record (metadata only). */
const saved = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<SavedRecord[]>((resolve, reject) => {
        const req = indexedDB.open('reel');
        req.onerror = () => reject(new Error('no database'));
        req.onsuccess = () => {
          const db = req.result;
          const all = db.transaction('models').objectStore('models').getAll();
          all.onsuccess = () => {
            const recs = all.result as { kind: string; meta: Record<string, unknown> }[];
            db.close();
            resolve(
              recs.map((r) => ({
                kind: r.kind,
                metricsPending: r.meta.metricsPending as boolean | undefined,
                origin: r.meta.origin as SavedRecord['origin'],
                seconds: r.meta.seconds as number | undefined,
                trainedAt: r.meta.trainedAt as number | undefined,
              })),
            );
          };
          all.onerror = () => reject(new Error('no models'));
        };
      }),
  );

describe('first visit: serving never waits for an evaluation', () => {
  it('a data set without a blend record: the MF serves first, then the blend is measured once on the device', async () => {
    const { context, page, errors } = await open(e2e.url);
    try {
      await rateToPredictions(page);
      const at = await stamps(page);
      // when the MF's stars reached the lists, its saved info had no test figures yet
      const then = await saved(page);
      expect(then.find((r) => r.kind === 'mf')?.metricsPending).toBe(true);
      // the served blend is measured once every default model is ready, after the lists
      await expect
        .poll(async () => (await saved(page)).find((r) => r.kind === 'blend'), {
          timeout: 180_000,
        })
        .toBeTruthy();
      const blend = (await saved(page)).find((r) => r.kind === 'blend')!;
      expect(blend.origin?.where).toBe('device');
      const blendStarted = blend.origin!.at - blend.seconds! * 1000;
      // the MF was ready (serving) before the measurement started: it never waited for it
      expect(at.mfReady).toBeLessThan(blendStarted);
      // the model lab says where it was measured, measures the figures it shows, and can
      // measure the blend again
      await page.goto(`${e2e.url}#/lab`);
      await expect
        .poll(() => page.locator('[data-testid="blend-origin"]').innerText())
        .toMatch(/Measured on this device/);
      await expect
        .poll(async () => (await saved(page)).find((r) => r.kind === 'mf')?.metricsPending, {
          timeout: 120_000,
        })
        .toBeFalsy();
      await page.locator('[data-testid="blend-measure"]').click();
      await expect
        .poll(async () => (await saved(page)).find((r) => r.kind === 'blend')?.origin?.at, {
          timeout: 180_000,
        })
        .toBeGreaterThan(blend.origin!.at);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  describe('a server data set prepared with its blend record', () => {
    let server: TestServer;
    beforeAll(() => {
      // `npm run data` on the fixture: the default models trained in Node, the blend measured
      const out = join(mkdtempSync(join(tmpdir(), 'reel-prepared-')), 'shards');
      runPrepareData(inject('fixtureDir'), out);
      return startServer({ distDir: inject('distDir'), dataDir: out }).then((s) => {
        server = s;
      });
    });
    afterAll(() => server?.close());

    it('uses the shipped weights and lambda: the device trains the models and measures no blend', async () => {
      const { context, page, errors } = await open(server.url);
      try {
        await dataState(page, 'ready');
        await rateToPredictions(page);
        await page
          .locator('[data-testid="model-status"][data-kind="ease"][data-state="ready"]')
          .waitFor();
        // the MF's lists are there and no evaluation has run: no test figures, no blend measured
        const now = await saved(page);
        expect((await stamps(page)).mfLists).toBeGreaterThan(0);
        expect(now.find((r) => r.kind === 'mf')?.metricsPending).toBe(true);
        expect(now.find((r) => r.kind === 'ease')?.metricsPending).toBe(true);
        expect(now.some((r) => r.kind === 'blend')).toBe(false);
        await page.goto(`${server.url}#/lab`);
        await expect
          .poll(() => page.locator('[data-testid="blend-origin"]').innerText())
          .toMatch(/Measured when the data was prepared/);
        // the ranking model took the shipped lambda (no search on the device)
        const ease = page.locator('[data-testid="model-panel"][data-kind="ease"]');
        await expect.poll(() => ease.innerText()).toMatch(/when the data was prepared/);
        // and nothing measured the blend here
        expect((await saved(page)).some((r) => r.kind === 'blend')).toBe(false);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });
});
