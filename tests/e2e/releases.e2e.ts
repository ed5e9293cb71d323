/**
 * Every MovieLens release (issue #10), end to end in real Chromium: each format's fixture through
 * the browser import (counts, an accented title, half stars, an id above 65,535, signup with or
 * without demographics), switching between two stored data sets on the Data page (each keeps
 * its catalogue, profile, ratings and models; a reload keeps the active one), and the releases
 * the server serves (its data/index.json) listed and downloaded from the Data page.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { axe } from './a11y';
import { signup } from './flows';
import { dataState, openApp, SCREENSHOTS, shot } from './browser';
import { useE2e } from './setup';
import { prepareData } from '../../scripts/prepare-data';
import { makeReleaseFixture, type ReleaseFormat } from '../../scripts/lib/fixtures';
import { displayTitle } from '../../src/core/features/search';

const shards = inject('fixtureShards');
const releasesDir = join(inject('fixtureZip'), '..', 'releases');
const emptyDir = mkdtempSync(join(tmpdir(), 'reel-empty-'));

const e2e = useE2e();
beforeEach(() => {
  e2e.server.setFaults({});
  e2e.server.setDataDir(shards);
});

const fmt = (n: number) => n.toLocaleString('en-US');

async function openData(page: Page) {
  await page.locator('nav a[href="#/data"]').click();
  await page.locator('[data-testid="dataset"]').first().waitFor();
}

async function goHome(page: Page) {
  await page.locator('nav a[href="#/"], a.brand').first().click();
}

/** The user's stored ratings of one release (of its stored data version), read from IndexedDB. */
const storedRatings = (page: Page, release: string) =>
  page.evaluate(
    (release) =>
      new Promise<{ movieId: number; rating: number | null }[]>((resolve, reject) => {
        const req = indexedDB.open('reel');
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['datasets', 'userRatings']);
          const set = tx.objectStore('datasets').get(release);
          const all = tx.objectStore('userRatings').getAll();
          tx.oncomplete = () => {
            const version = (set.result as { manifest: { dataVersion: string } } | undefined)
              ?.manifest.dataVersion;
            resolve(
              (all.result as { dataVersion: string; movieId: number; rating: number | null }[])
                .filter((r) => r.dataVersion === version)
                .map((r) => ({ movieId: r.movieId, rating: r.rating })),
            );
            db.close();
          };
          tx.onerror = () => reject(tx.error);
        };
        req.onerror = () => reject(req.error);
      }),
    release,
  );

/** savedAt of each stored model, by "release/kind". */
const storedModels = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const req = indexedDB.open('reel');
        req.onsuccess = () => {
          const db = req.result;
          const all = db.transaction('models').objectStore('models').getAll();
          all.onsuccess = () => {
            const out: Record<string, number> = {};
            for (const r of all.result as { release: string; kind: string; savedAt: number }[])
              out[`${r.release}/${r.kind}`] = r.savedAt;
            resolve(out);
            db.close();
          };
          all.onerror = () => reject(all.error);
        };
        req.onerror = () => reject(req.error);
      }),
  );

/** Searches a title; returns the result card of movie `id`, else the first result. */
async function find(page: Page, text: string, id?: number) {
  await page.locator('[data-testid="search"]').fill(text);
  const hit = page
    .locator(
      `[data-testid="search-results"] [data-testid="movie-card"]${id === undefined ? '' : `[data-movie-id="${id}"]`}`,
    )
    .first();
  await hit.waitFor();
  return hit;
}

const FORMATS: { format: ReleaseFormat; release: string; halves: boolean; demo: boolean }[] = [
  { format: 'ml-100k', release: 'ml-100k', halves: false, demo: true },
  { format: 'ml-1m', release: 'ml-1m', halves: false, demo: true },
  { format: 'ml-10m', release: 'ml-10m', halves: true, demo: false },
  { format: 'csv', release: 'ml-latest-small', halves: true, demo: false },
];

describe('every release through the browser import', () => {
  for (const { format, release, halves, demo } of FORMATS) {
    it(`${format}: counts, an accented title, ${halves ? 'half stars' : 'whole stars'}, an id above 65,535`, async () => {
      const fx = makeReleaseFixture(format);
      e2e.server.setDataDir(emptyDir);
      const s = await openApp(e2e.browser, e2e.server.url);
      await dataState(s.page, 'error');
      await s.page
        .locator('[data-testid="import-input"]')
        .setInputFiles(join(releasesDir, `${format}.zip`));
      await dataState(s.page, 'ready');

      // Signup asks demographics only where the release has them.
      await s.page.locator('[data-testid="signup-submit"]').waitFor();
      expect(await s.page.getByLabel('Gender').count()).toBe(demo ? 1 : 0);
      await signup(s.page);

      // an accented title, found without the accent
      const accented = await find(s.page, 'miserables');
      expect(await accented.locator('h3').innerText()).toContain('Misérables');
      // the movie whose id is above 65,535
      const big = fx.parsed.movies.find((m) => m.id === fx.bigMovie)!;
      const card = await find(s.page, displayTitle(big.title), fx.bigMovie);
      expect(await card.getAttribute('data-movie-id')).toBe(String(fx.bigMovie));

      // Stars: in halves where the release has them; the whole-star hooks stay.
      expect(await card.locator('[data-testid="rate"]').count()).toBe(halves ? 10 : 5);
      expect(await card.locator('[data-testid="rate"][data-value="4"]').count()).toBe(1);
      const value = halves ? '3.5' : '4';
      await card.locator(`[data-testid="rate"][data-value="${value}"]`).click();
      await expect
        .poll(() => storedRatings(s.page, release))
        .toEqual([{ movieId: fx.bigMovie, rating: Number(value) }]);
      await shot(s.page, `releases-${format}-rated`);
      await card.screenshot({ path: join(SCREENSHOTS, `releases-${format}-card.png`) });

      // the Data page: this release, in use, with its counts
      await openData(s.page);
      const row = s.page.locator(`[data-testid="dataset"][data-release="${release}"]`);
      expect(await row.getAttribute('data-active')).toBe('true');
      expect(await s.page.locator('[data-testid="count-ratings"]').innerText()).toBe(
        fmt(fx.parsed.ratings.ratings.length),
      );
      expect(await s.page.locator('[data-testid="count-users"]').innerText()).toBe(
        fmt(fx.parsed.users.length),
      );
      expect(await s.page.locator('[data-testid="count-movies"]').innerText()).toBe(
        fmt(fx.parsed.movies.length),
      );
      expect(await row.innerText()).toContain(fmt(fx.parsed.ratings.ratings.length));
      await shot(s.page, `releases-${format}-data`);

      // the half star survives a reload, on "Your ratings"
      await s.page.reload();
      await dataState(s.page, 'ready');
      await s.page.locator('nav a[href="#/ratings"]').click();
      const mine = s.page.locator(
        `[data-testid="my-ratings"] [data-testid="movie-card"][data-movie-id="${fx.bigMovie}"]`,
      );
      await mine.waitFor();
      expect(
        await mine
          .locator(`[data-testid="rate"][data-value="${value}"]`)
          .getAttribute('aria-checked'),
      ).toBe('true');
      expect(s.foreign).toEqual([]);
      // (the first screen said, as it should, that this server has no data)
      expect(s.errors.filter((e) => !e.includes('no MovieLens data on its server'))).toEqual([]);
      await s.context.close();
    });
  }

  it('half stars by keyboard: one tab stop, arrows move half a star, Enter rates', async () => {
    e2e.server.setDataDir(emptyDir);
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'error');
    await s.page
      .locator('[data-testid="import-input"]')
      .setInputFiles(join(releasesDir, 'csv.zip'));
    await signup(s.page);
    const card = s.page.locator('[data-testid="offers"] [data-testid="movie-card"]').first();
    const id = await card.getAttribute('data-movie-id');
    const group = card.locator('[role="radiogroup"]');
    await s.page.setViewportSize({ width: 390, height: 844 });
    await card.screenshot({ path: join(SCREENSHOTS, 'releases-half-stars-card-phone.png') });
    expect(await group.locator('[tabindex="0"]').count()).toBe(1);
    await group.locator('[tabindex="0"]').focus();
    for (let i = 0; i < 6; i++) await s.page.keyboard.press('ArrowRight');
    expect(await s.page.evaluate(() => document.activeElement?.getAttribute('data-value'))).toBe(
      '3.5',
    );
    await s.page.keyboard.press('Enter');
    await expect
      .poll(() => storedRatings(s.page, 'ml-latest-small'))
      .toEqual([{ movieId: Number(id), rating: 3.5 }]);
    expect(await axe(s.page)).toEqual([]);
    await shot(s.page, 'releases-half-stars-phone');
    await s.context.close();
  });
});

describe('several data sets on the Data page', () => {
  it('switching changes the catalogue, keeps each data set’s profile, ratings and models; a reload keeps the active one', async () => {
    const other = makeReleaseFixture('csv');
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'ready');
    const ml1mMovies = await (async () => {
      await openData(s.page);
      return s.page.locator('[data-testid="count-movies"]').innerText();
    })();
    await goHome(s.page);
    await signup(s.page, ['Comedy', 'Drama', 'Crime']);
    const first = s.page.locator('[data-testid="offers"] [data-testid="movie-card"]').first();
    const ml1mRated = Number(await first.getAttribute('data-movie-id'));
    await first.locator('[data-testid="rate"][data-value="5"]').click();
    await expect
      .poll(() => storedRatings(s.page, 'ml-1m'))
      .toEqual([{ movieId: ml1mRated, rating: 5 }]);
    // ML-1M's models are trained and saved
    await s.page
      .locator('[data-testid="model-status"][data-kind="mf"][data-state="ready"]')
      .waitFor({ timeout: 180_000 });
    const ml1mModels = await storedModels(s.page);
    expect(Object.keys(ml1mModels)).toEqual(expect.arrayContaining(['ml-1m/ease', 'ml-1m/mf']));

    // import a second release from the Data page: it becomes the one in use
    await openData(s.page);
    await s.page
      .locator('[data-testid="import-input"]')
      .setInputFiles(join(releasesDir, 'csv.zip'));
    await s.page
      .locator('[data-testid="dataset"][data-release="ml-latest-small"][data-active]')
      .waitFor();
    expect(await s.page.locator('[data-testid="dataset"]').count()).toBe(2);
    expect(await s.page.locator('[data-testid="count-movies"]').innerText()).toBe(
      fmt(other.parsed.movies.length),
    );
    await shot(s.page, 'releases-switch-01-two-sets');
    expect(await axe(s.page)).toEqual([]);

    // its own profile: none yet, and no demographics to ask
    await goHome(s.page);
    await s.page.locator('[data-testid="signup-submit"]').waitFor();
    expect(await s.page.getByLabel('Gender').count()).toBe(0);
    await signup(s.page, ['Action', 'Thriller', 'War']);
    const big = await find(
      s.page,
      displayTitle(other.parsed.movies.find((m) => m.id === other.bigMovie)!.title),
      other.bigMovie,
    );
    await big.locator('[data-testid="rate"][data-value="2.5"]').click();
    await expect
      .poll(() => storedRatings(s.page, 'ml-latest-small'))
      .toEqual([{ movieId: other.bigMovie, rating: 2.5 }]);
    // the model worker follows: this data set's own models are trained and saved
    await expect
      .poll(async () => Object.keys(await storedModels(s.page)), { timeout: 180_000 })
      .toEqual(expect.arrayContaining(['ml-latest-small/ease', 'ml-latest-small/mf']));
    await s.page
      .locator('[data-testid="model-status"][data-kind="mf"][data-state="ready"]')
      .waitFor({ timeout: 180_000 });

    // switch back to ML-1M
    await openData(s.page);
    await s.page
      .locator('[data-testid="dataset"][data-release="ml-1m"] [data-testid="activate-dataset"]')
      .click();
    await s.page.locator('[data-testid="dataset"][data-release="ml-1m"][data-active]').waitFor();
    await expect
      .poll(() => s.page.locator('[data-testid="count-movies"]').innerText())
      .toBe(ml1mMovies);
    expect(
      await s.page
        .locator('[data-testid="dataset"][data-release="ml-latest-small"]')
        .getAttribute('data-active'),
    ).toBeNull();
    await shot(s.page, 'releases-switch-02-back');

    // ML-1M's profile and rating, not the other's; its saved models serve, none retrained
    await s.page.locator('nav a[href="#/ratings"]').click();
    await s.page.locator(`[data-testid="my-ratings"] [data-movie-id="${ml1mRated}"]`).waitFor();
    expect(
      await s.page.locator('[data-testid="my-ratings"] [data-testid="movie-card"]').count(),
    ).toBe(1);
    expect(await s.page.locator(`[data-movie-id="${other.bigMovie}"]`).count()).toBe(0);
    await s.page
      .locator('[data-testid="model-status"][data-kind="mf"][data-state="ready"]')
      .waitFor();
    await s.page
      .locator('[data-testid="model-status"][data-kind="ease"][data-state="ready"]')
      .waitFor();
    await goHome(s.page);
    const after = await storedModels(s.page);
    expect(after['ml-1m/ease']).toBe(ml1mModels['ml-1m/ease']);
    expect(after['ml-1m/mf']).toBe(ml1mModels['ml-1m/mf']);
    // the other data set's id above 65,535 is not in this catalogue
    await s.page
      .locator('[data-testid="search"]')
      .fill(displayTitle(other.parsed.movies.find((m) => m.id === other.bigMovie)!.title));
    expect(
      await s.page.locator(`[data-testid="movie-card"][data-movie-id="${other.bigMovie}"]`).count(),
    ).toBe(0);

    // a reload keeps ML-1M active, with its rating
    await s.page.reload();
    await dataState(s.page, 'ready');
    await openData(s.page);
    await s.page.locator('[data-testid="dataset"][data-release="ml-1m"][data-active]').waitFor();
    expect(await storedRatings(s.page, 'ml-1m')).toEqual([{ movieId: ml1mRated, rating: 5 }]);

    // and switching to the other again finds its profile and half-star rating
    await s.page
      .locator(
        '[data-testid="dataset"][data-release="ml-latest-small"] [data-testid="activate-dataset"]',
      )
      .click();
    await s.page.locator('nav a[href="#/ratings"]').click();
    const mine = s.page.locator(
      `[data-testid="my-ratings"] [data-testid="movie-card"][data-movie-id="${other.bigMovie}"]`,
    );
    await mine.waitFor();
    expect(
      await mine.locator('[data-testid="rate"][data-value="2.5"]').getAttribute('aria-checked'),
    ).toBe('true');
    await s.page.setViewportSize({ width: 390, height: 844 });
    await openData(s.page);
    await shot(s.page, 'releases-switch-03-phone');
    expect(s.foreign).toEqual([]);
    expect(s.errors).toEqual([]);
    await s.context.close();
  });
});

describe('the releases the server serves (data/index.json)', () => {
  const hosted = mkdtempSync(join(tmpdir(), 'reel-hosted-'));
  beforeAll(async () => {
    await prepareData({
      from: join(releasesDir, 'csv.zip'),
      outDir: join(hosted, 'ml-latest-small'),
      log: () => {},
      progress: false,
    });
  });
  afterEach(() => e2e.server.setReleases({}));

  it('lists what can be fetched beside what is stored; a download makes it the data set in use', async () => {
    const other = makeReleaseFixture('csv');
    e2e.server.setReleases({ 'ml-latest-small': join(hosted, 'ml-latest-small') });
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'ready');
    await openData(s.page);
    const served = s.page.locator('[data-testid="served-release"]');
    await expect.poll(() => served.count()).toBe(2);
    const ml1m = s.page.locator('[data-testid="served-release"][data-release="ml-1m"]');
    const latest = s.page.locator('[data-testid="served-release"][data-release="ml-latest-small"]');
    // ML-1M came from this server: stored, nothing to download
    expect(await ml1m.getAttribute('data-stored')).toBe('true');
    expect(await ml1m.locator('[data-testid="download-release"]').count()).toBe(0);
    expect(await latest.getAttribute('data-stored')).toBeNull();
    expect(await latest.innerText()).toContain(fmt(other.parsed.ratings.ratings.length));
    expect(await s.page.locator('[data-testid="dataset"]').count()).toBe(1);
    expect(await axe(s.page)).toEqual([]);
    await shot(s.page, 'releases-served-01-offered');

    await latest.locator('[data-testid="download-release"]').click();
    await s.page
      .locator('[data-testid="dataset"][data-release="ml-latest-small"][data-active]')
      .waitFor({ timeout: 60_000 });
    expect(e2e.server.requests).toContain(`${e2e.server.base}data/ml-latest-small/manifest.json`);
    expect(await s.page.locator('[data-testid="count-movies"]').innerText()).toBe(
      fmt(other.parsed.movies.length),
    );
    expect(await s.page.locator('[data-testid="dataset"]').count()).toBe(2);
    await s.page
      .locator('[data-testid="served-release"][data-release="ml-latest-small"][data-stored]')
      .waitFor();
    await shot(s.page, 'releases-served-02-downloaded');

    // a reload keeps the downloaded release in use (start-up does not switch back to ML-1M)
    await s.page.reload();
    await dataState(s.page, 'ready');
    await openData(s.page);
    await s.page
      .locator('[data-testid="dataset"][data-release="ml-latest-small"][data-active]')
      .waitFor();

    // a host without an index (older `npm run data`): no list, nothing wrong
    e2e.server.setFaults({ noIndex: true });
    await s.page.reload();
    await dataState(s.page, 'ready');
    await openData(s.page);
    await s.page.locator('[data-testid="dataset"]').nth(1).waitFor();
    expect(await s.page.locator('[data-testid="served-releases"]').count()).toBe(0);
    expect(s.foreign).toEqual([]);
    expect(s.errors).toEqual([]);
    await s.context.close();
  });
});
