/**
 * Data issue, end to end in real Chromium: cold load, resume after a reload mid-load, offline
 * reload, import of a zip, and every bad input ending in a clear message with nothing lost.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { dataState, openApp, shot, type Session } from './browser';
import { useE2e } from './setup';
import { buildShardSet } from '../../src/core/data/shards';
import { writeShardSet } from '../../scripts/prepare-data';
import { sha256Async } from '../../scripts/lib/checksum';
import { makeFixture, makeReleaseFixture } from '../../scripts/lib/fixtures';

const shards = inject('fixtureShards');
const manifest = JSON.parse(readFileSync(join(shards, 'manifest.json'), 'utf8')) as {
  counts: { ratings: number; users: number; movies: number };
  files: { name: string; kind: string }[];
};
const ratingFiles = manifest.files.filter((f) => f.kind === 'ratings').map((f) => f.name);
const emptyDir = mkdtempSync(join(tmpdir(), 'reel-empty-'));

const e2e = useE2e();
beforeEach(() => {
  e2e.server.setFaults({});
  e2e.server.setDataDir(shards);
  e2e.server.requests.length = 0;
});

const storedShardNames = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const req = indexedDB.open('reel');
        req.onsuccess = () => {
          const db = req.result;
          const keys = db.transaction('shards').objectStore('shards').getAllKeys();
          keys.onsuccess = () => {
            // keys are [release, name] since schema v3
            resolve((keys.result as [string, string][]).map((k) => k[1]).sort());
            db.close();
          };
          keys.onerror = () => reject(keys.error);
        };
        req.onerror = () => reject(req.error);
      }),
  );

/** A figure of the data set: on the Data page, one click from the first screen. */
async function count(page: Page, what: 'ratings' | 'users' | 'movies') {
  if ((await page.locator('[data-testid="data-figures"]').count()) === 0)
    await page.locator('[data-testid="data-ready-note"] a, nav a[href="#/data"]').first().click();
  return page.locator(`[data-testid="count-${what}"]`).first().innerText();
}

/** Files to import, the error code they end in, and what its message says. */
type ImportCase = [files: string[], code: string, message: RegExp];

/** Imports each case from the Data page: each is refused plainly and the stored data stays. */
async function refusesEach(s: Session, cases: ImportCase[], shots: string) {
  const input = s.page.locator('[data-testid="import-input"]');
  for (const [files, code, text] of cases) {
    await input.setInputFiles(files);
    const toast = s.page.locator(`[data-testid="error"][data-code="${code}"]`);
    await toast.waitFor();
    expect(await toast.innerText()).toMatch(text);
    await dataState(s.page, 'ready');
    expect(await count(s.page, 'ratings')).toBe(manifest.counts.ratings.toLocaleString('en-US'));
    await shot(s.page, `${shots}-${code}`);
    await toast.getByRole('button').click();
  }
  expect(await storedShardNames(s.page)).toEqual([...ratingFiles].sort());
}

describe('data loading', () => {
  it('cold load: empty IndexedDB → progress → ready with the data set figures', async () => {
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'ready');
    await expect
      .poll(() => count(s.page, 'ratings'))
      .toBe(manifest.counts.ratings.toLocaleString('en-US'));
    expect(await count(s.page, 'users')).toBe(manifest.counts.users.toLocaleString('en-US'));
    expect(await count(s.page, 'movies')).toBe(manifest.counts.movies.toLocaleString('en-US'));
    expect(await storedShardNames(s.page)).toEqual([...ratingFiles].sort());
    await shot(s.page, 'data-01-ready');
    expect(s.foreign).toEqual([]);
    expect(s.errors).toEqual([]);
    await s.context.close();
  });

  it('a reload in the middle of loading resumes with the shards not yet stored', async () => {
    const held = ratingFiles[2]!;
    e2e.server.setFaults({ hold: [held] });
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'loading');
    await expect
      .poll(async () => (await storedShardNames(s.page)).length, { timeout: 30_000 })
      .toBe(2);
    await shot(s.page, 'data-02-loading');
    e2e.server.requests.length = 0;
    e2e.server.setFaults({});
    await s.page.reload();
    await dataState(s.page, 'ready');
    const refetched = e2e.server.requests.filter((r) =>
      ratingFiles.slice(0, 2).some((f) => r.endsWith('/' + f)),
    );
    expect(refetched).toEqual([]);
    expect(e2e.server.requests.some((r) => r.endsWith('/' + held))).toBe(true);
    expect(await count(s.page, 'ratings')).toBe(manifest.counts.ratings.toLocaleString('en-US'));
    await s.context.close();
  });

  it('after the first load the app opens offline with the data still there', async () => {
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'ready');
    await s.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await s.page.reload(); // now controlled by the service worker
    await dataState(s.page, 'ready');
    await s.context.setOffline(true);
    await s.page.reload();
    await dataState(s.page, 'ready');
    await s.page.goto(e2e.server.url + '#/data');
    await dataState(s.page, 'ready');
    expect(await count(s.page, 'ratings')).toBe(manifest.counts.ratings.toLocaleString('en-US'));
    await shot(s.page, 'data-03-offline');
    await s.context.close();
  });

  it('a corrupted shard is retried, then reported; earlier shards are kept and a retry resumes', async () => {
    const bad = ratingFiles[1]!;
    e2e.server.setFaults({ corrupt: { [bad]: 100 } });
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'error');
    const toast = s.page.locator('[data-testid="error"][data-code="checksum"]');
    await toast.waitFor();
    expect(await toast.innerText()).toContain(bad);
    expect(e2e.server.requests.filter((r) => r.endsWith('/' + bad))).toHaveLength(3);
    expect(await storedShardNames(s.page)).toEqual([ratingFiles[0]]);
    await shot(s.page, 'data-04-corrupt');
    e2e.server.setFaults({});
    e2e.server.requests.length = 0;
    await s.page.getByRole('button', { name: 'Try again' }).click();
    await dataState(s.page, 'ready');
    expect(e2e.server.requests.filter((r) => r.endsWith('/' + ratingFiles[0]))).toEqual([]);
    await s.context.close();
  });

  it('a new data version on the server replaces the stored data cleanly', async () => {
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'ready');
    const v2 = mkdtempSync(join(tmpdir(), 'reel-v2-'));
    const set = await buildShardSet(makeFixture({ users: 120, movies: 90, seed: 7 }).parsed, {
      sha256: sha256Async,
      source: 'fixture-v2',
      ratingShards: 2,
    });
    await writeShardSet(set, v2);
    e2e.server.setDataDir(v2);
    await s.page.reload();
    await dataState(s.page, 'ready');
    await s.page.goto(e2e.server.url + '#/data');
    await expect
      .poll(() => count(s.page, 'ratings'))
      .toBe(set.manifest.counts.ratings.toLocaleString('en-US'));
    const names = set.manifest.files.filter((f) => f.kind === 'ratings').map((f) => f.name);
    expect(await storedShardNames(s.page)).toEqual([...names].sort());
    await s.context.close();
  });

  it('a manifest of an unknown version is refused in plain words', async () => {
    const text = readFileSync(join(shards, 'manifest.json'), 'utf8').replace(
      /"version":\s*2/,
      '"version": 99',
    );
    e2e.server.setFaults({ manifestText: text });
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'error');
    await s.page.locator('[data-testid="error"][data-code="manifest-version"]').waitFor();
    await s.context.close();
  });
});

describe('import', () => {
  it('imports the user’s own zip when the server has no data', async () => {
    e2e.server.setDataDir(emptyDir);
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'error');
    await s.page.locator('[data-testid="error"][data-code="no-data"]').waitFor();
    // trying again cannot help here; the GroupLens page is a link
    expect(await s.page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    expect(
      await s.page
        .getByRole('link', { name: /MovieLens 1M page at GroupLens/ })
        .getAttribute('href'),
    ).toBe('https://grouplens.org/datasets/movielens/1m/');
    await shot(s.page, 'data-05-no-data');
    await s.page.locator('[data-testid="import-input"]').setInputFiles(inject('fixtureZip'));
    await dataState(s.page, 'ready');
    expect(await count(s.page, 'ratings')).toBe(manifest.counts.ratings.toLocaleString('en-US'));
    // the "no data on its server" message no longer holds, so it is gone
    expect(await s.page.locator('[data-testid="error"]').count()).toBe(0);
    await s.context.close();
  });

  it('offline on the first visit: no "Try again" that cannot help; loads by itself once online', async () => {
    e2e.server.setDataDir(emptyDir);
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'error');
    await s.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await s.context.setOffline(true);
    await s.page.reload();
    await dataState(s.page, 'error');
    const gate = s.page.locator('[data-testid="data-error"][data-code="offline"]');
    await gate.waitFor();
    expect(await gate.innerText()).toContain('offline');
    expect(await s.page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await shot(s.page, 'data-05b-offline-first-visit');
    e2e.server.setDataDir(shards);
    await s.context.setOffline(false);
    await dataState(s.page, 'ready');
    expect(await s.page.locator('[data-testid="error"]').count()).toBe(0);
    await s.context.close();
  });

  it('offline mid-download: a clear "offline" message, then online it resumes and the message goes (issue 22)', async () => {
    e2e.server.setFaults({ hold: [ratingFiles[2]!] });
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'loading');
    await expect
      .poll(async () => (await storedShardNames(s.page)).length, { timeout: 30_000 })
      .toBe(2);
    await s.context.setOffline(true);
    e2e.server.setFaults({}); // the held request is cut: the download fails mid-way
    await dataState(s.page, 'error');
    const gate = s.page.locator('[data-testid="data-error"][data-code="offline"]');
    await gate.waitFor();
    expect(await gate.innerText()).toContain("You're offline");
    const toast = s.page.locator('[data-testid="error"][data-code="offline"]');
    await expect.poll(() => toast.innerText()).toMatch(/^[\s\S]*You're offline/);
    expect(await toast.innerText()).not.toMatch(/internal|Failed to fetch/);
    expect(await s.page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await shot(s.page, 'data-05c-offline-mid-download');
    await s.context.setOffline(false);
    // Back online Reel goes on by itself; "Try again" (if it is still shown) does the same.
    await s.page
      .getByRole('button', { name: 'Try again' })
      .click({ timeout: 1000 })
      .catch(() => {});
    await dataState(s.page, 'ready');
    await expect.poll(() => toast.count()).toBe(0);
    expect(await storedShardNames(s.page)).toEqual([...ratingFiles].sort());
    await s.context.close();
  });

  it('imports the three .dat files picked directly', async () => {
    e2e.server.setDataDir(emptyDir);
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'error');
    const dir = inject('fixtureDir');
    await s.page
      .locator('[data-testid="import-input"]')
      .setInputFiles(['ratings.dat', 'movies.dat', 'users.dat'].map((f) => join(dir, f)));
    await dataState(s.page, 'ready');
    expect(await count(s.page, 'movies')).toBe(manifest.counts.movies.toLocaleString('en-US'));
    await s.context.close();
  });

  it('bad files end in a clear message and lose nothing', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'reel-bad-'));
    const empty = join(tmp, 'empty.zip');
    writeFileSync(empty, '');
    const notZip = join(tmp, 'photos.zip');
    writeFileSync(notZip, 'this is not a zip file at all');
    const dir = inject('fixtureDir');
    const badRatings = join(tmp, 'ratings.dat');
    const lines = readFileSync(join(dir, 'ratings.dat'), 'latin1').split('\n');
    lines[4] = '1::2::seven::978300760';
    writeFileSync(badRatings, lines.join('\n'), 'latin1');

    // First load good data, then try each bad import from the Data page.
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'ready');
    await s.page.goto(e2e.server.url + '#/data');
    const cases: ImportCase[] = [
      [[empty], 'empty-file', /empty/i],
      [[notZip], 'not-movielens', /MovieLens/],
      [
        [badRatings, join(dir, 'movies.dat'), join(dir, 'users.dat')],
        'parse',
        /ratings\.dat line 5/,
      ],
    ];
    await refusesEach(s, cases, 'data-06-bad');
    await s.context.close();
  });
});

describe('imports never mix or silently replace the stored data (issue #8)', () => {
  const attack = () => join(inject('fixtureDir'), '../attack');
  const dats = (folder: string) =>
    ['ratings.dat', 'movies.dat', 'users.dat'].map((f) => join(attack(), folder, f));
  const importShards = (page: Page) =>
    storedShardNames(page).then((names) => names.filter((n) => !ratingFiles.includes(n)));

  it('importing the zip of the data already stored changes nothing; a reload still works', async () => {
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'ready');
    await s.page.goto(e2e.server.url + '#/data');
    await s.page.locator('[data-testid="import-input"]').setInputFiles(inject('fixtureZip'));
    await dataState(s.page, 'ready');
    expect(await storedShardNames(s.page)).toEqual([...ratingFiles].sort());
    await s.page.reload();
    await dataState(s.page, 'ready');
    await s.page.goto(e2e.server.url + '#/data');
    expect(await count(s.page, 'ratings')).toBe(manifest.counts.ratings.toLocaleString('en-US'));
    expect(await s.page.locator('[data-testid="error"]').count()).toBe(0);
    await s.context.close();
  });

  it('importing while the download still runs replaces it whole; a reload still works', async () => {
    e2e.server.setFaults({ hold: [ratingFiles[2]!] });
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'loading');
    await expect.poll(async () => (await storedShardNames(s.page)).length).toBe(2);
    await s.page.getByRole('button', { name: 'I have ml-1m.zip on this computer' }).click();
    await s.page.locator('[data-testid="import-input"]').setInputFiles(inject('fixtureZip'));
    await dataState(s.page, 'ready');
    e2e.server.setFaults({}); // the held shard arrives late, into a download that was overtaken
    const names = await storedShardNames(s.page);
    expect(names.filter((n) => ratingFiles.includes(n))).toEqual([]);
    expect(await importShards(s.page)).toEqual(names);
    await s.page.reload();
    await dataState(s.page, 'ready');
    await s.page.goto(e2e.server.url + '#/data');
    expect(await count(s.page, 'ratings')).toBe(manifest.counts.ratings.toLocaleString('en-US'));
    expect(await storedShardNames(s.page)).toEqual(names);
    await s.context.close();
  });

  it('attack files end in a clear message; the stored data stays', async () => {
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'ready');
    await s.page.goto(e2e.server.url + '#/data');
    const cases: ImportCase[] = [
      [[join(attack(), 'zip-bomb.zip')], 'too-large', /holds 1,024 MB, more than the 64 MB/],
      [dats('newline-only'), 'empty-file', /movies\.dat has no movies/],
      [dats('duplicate-rating'), 'parse', /rates movie \d+ a second time/],
    ];
    await refusesEach(s, cases, 'data-08-attack');
    await s.context.close();
  });
});

describe('two tabs importing at once (issue 22)', () => {
  const releasesDir = join(inject('fixtureZip'), '..', 'releases');
  /** The release the stored active mark names, read from IndexedDB. */
  const storedActive = (page: Page) =>
    page.evaluate(
      () =>
        new Promise<string | undefined>((resolve, reject) => {
          const req = indexedDB.open('reel');
          req.onsuccess = () => {
            const db = req.result;
            const get = db.transaction('meta').objectStore('meta').get('active');
            get.onsuccess = () => {
              resolve((get.result as { release?: string } | undefined)?.release);
              db.close();
            };
            get.onerror = () => reject(get.error);
          };
          req.onerror = () => reject(req.error);
        }),
    );
  /** What a tab shows: its active data set on the Data page and its movie count. */
  async function shows(page: Page): Promise<string> {
    try {
      if ((await page.locator('[data-testid="data-status"][data-state="ready"]').count()) === 0)
        return 'not ready';
      const release = await page
        .locator('[data-testid="dataset"][data-active="true"]')
        .first()
        .getAttribute('data-release', { timeout: 2000 })
        .catch(async () => {
          await page.locator('nav a[href="#/data"]').first().click({ timeout: 2000 });
          return null;
        });
      if (!release) return 'no data page';
      const movies = await page
        .locator('[data-testid="count-movies"]')
        .first()
        .innerText({ timeout: 2000 });
      return `${release} ${movies}`;
    } catch (e) {
      return `busy: ${(e as Error).message.slice(0, 60)}`;
    }
  }

  it('tab A imports a CSV release while tab B imports an ML-10M one: both end on the same active set', async () => {
    e2e.server.setDataDir(emptyDir);
    const s = await openApp(e2e.browser, e2e.server.url);
    const b = await s.context.newPage();
    await b.goto(e2e.server.url);
    await dataState(s.page, 'error');
    await dataState(b, 'error');
    await Promise.all([
      s.page.locator('[data-testid="import-input"]').setInputFiles(join(releasesDir, 'csv.zip')),
      b.locator('[data-testid="import-input"]').setInputFiles(join(releasesDir, 'ml-10m.zip')),
    ]);
    const movies: Record<string, number> = {
      'ml-latest-small': makeReleaseFixture('csv').parsed.movies.length,
      'ml-10m': makeReleaseFixture('ml-10m').parsed.movies.length,
    };
    let active: string | undefined;
    await expect
      .poll(
        async () => {
          active = await storedActive(s.page);
          const [a, bb] = [await shows(s.page), await shows(b)];
          return a === bb && a === `${active} ${movies[active ?? '']?.toLocaleString('en-US')}`
            ? 'same'
            : `A: ${a} / B: ${bb} / stored: ${active}`;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe('same');
    expect(Object.keys(movies)).toContain(active);
    await shot(b, 'data-two-tabs-import');
    await s.context.close();
  });
});

describe('faults (issue #8)', () => {
  it('a data worker that cannot load ends in a clear error, not an endless wait', async () => {
    const context = await e2e.browser.newContext();
    await context.route(/data\.worker[^/]*\.js/, (r) => r.fulfill({ status: 404, body: '' }));
    const page = await context.newPage();
    await page.goto(e2e.server.url);
    await dataState(page, 'error');
    const toast = page.locator('[data-testid="error"][data-code="internal"]');
    await toast.waitFor();
    expect(await toast.innerText()).toMatch(/data worker could not start/);
    await shot(page, 'data-09-worker-blocked');
    await context.close();
  });
});

const fullShards = inject('fullShards');
describe.runIf(fullShards)('full MovieLens 1M', () => {
  it('loads all of ML-1M and shows 1,000,209 / 6,040 / 3,883', async () => {
    e2e.server.setDataDir(fullShards!);
    const s = await openApp(e2e.browser, e2e.server.url);
    await dataState(s.page, 'ready', 120_000);
    expect(await count(s.page, 'ratings')).toBe('1,000,209');
    expect(await count(s.page, 'users')).toBe('6,040');
    expect(await count(s.page, 'movies')).toBe('3,883');
    await shot(s.page, 'data-07-full');
    await s.context.close();
  });
});
