/**
 * A film's details (issue 19), end to end in real Chromium: opened from a recommendation's title,
 * its content and links out (a new tab, rel="noopener noreferrer", by id where the release ships
 * links.csv, else searches by title and year), no request to any other origin, Back closes it,
 * a #/movie/<id> URL opens it directly, and at 390×844 Close stays in view however far the
 * dialog is scrolled.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildShardSet } from '../../src/core/data/shards';
import { makeReleaseFixture } from '../../scripts/lib/fixtures';
import { sha256Async } from '../../scripts/lib/checksum';
import { startServer } from '../../scripts/lib/test-server';
import { writeShardSet } from '../../scripts/prepare-data';
import { dataState, openApp, shot } from './browser';
import { rateOffers, signup } from './flows';
import { useE2e, useSession } from './setup';

const pageRequests: string[] = [];

const e2e = useE2e();
const s = useSession(e2e, 'details');
beforeAll(() => {
  const origin = new URL(e2e.url).origin;
  s.page.on('request', (r) => {
    const u = r.url();
    if (!/^(data|blob):/.test(u) && new URL(u).origin !== origin) pageRequests.push(u);
  });
});

const details = (page: Page) => page.locator('[data-testid="movie-details"]');
const hash = (page: Page) => page.evaluate(() => window.location.hash);

async function linksOut(page: Page) {
  return details(page)
    .locator('[data-testid="link-out"]')
    .evaluateAll((as) =>
      as.map((a) => ({
        text: a.textContent,
        href: a.getAttribute('href'),
        target: a.getAttribute('target'),
        rel: a.getAttribute('rel'),
      })),
    );
}

describe('a film’s details', () => {
  let movieId = 0;
  let title = '';

  it('opens from a recommendation’s title, with its facts and search links', async () => {
    const { page } = s;
    await signup(page);
    await rateOffers(page, 10);
    const card = page.locator('[data-testid="rec-list"] [data-testid="movie-card"]').first();
    await card.waitFor();
    movieId = Number(await card.getAttribute('data-movie-id'));
    title = (await card.locator('[data-testid="details-link"]').innerText()).trim();
    const predicted = card.locator('[data-testid="predicted"]');
    const cardPredicted = (await predicted.count()) > 0 ? await predicted.innerText() : undefined;
    await card.locator('[data-testid="details-link"]').click();

    const d = details(page);
    await d.waitFor();
    expect(await d.getAttribute('data-movie-id')).toBe(String(movieId));
    expect(await hash(page)).toBe(`#/movie/${movieId}`);
    expect(await d.locator('h2').innerText()).toContain(title);
    const year = /\((\d{4})\)/.exec(await d.locator('h2').innerText())?.[1];
    expect(year).toBeDefined();
    expect((await d.locator('[data-testid="details-genres"]').innerText()).length).toBeGreaterThan(
      0,
    );
    expect(await d.locator('[data-testid="details-community"]').innerText()).toMatch(
      /Rated by [\d,]+ (people|person)/,
    );
    if (cardPredicted)
      expect(await d.locator('[data-testid="details-predicted"]').innerText()).toBe(cardPredicted);
    // the most similar films, from the same call as "Similar"
    await d.locator('[data-testid="details-similar"] [data-testid="movie-card"]').first().waitFor();

    // ML-1M ships no links.csv: searches by title and year, in a new tab, nothing passed along
    const links = await linksOut(page);
    const q = encodeURIComponent(`${title.replace(/\s*\(.*\)\s*$/, '')} ${year}`);
    expect(links).toEqual([
      {
        text: 'Search IMDb',
        href: `https://www.imdb.com/find/?q=${q}`,
        target: '_blank',
        rel: 'noopener noreferrer',
      },
      {
        text: 'Search Letterboxd',
        href: `https://letterboxd.com/search/${q}/`,
        target: '_blank',
        rel: 'noopener noreferrer',
      },
    ]);
    await shot(page, 'details-01-open');
  });

  it('Back closes it, and the lists are as they were', async () => {
    const { page } = s;
    await page.goBack();
    await details(page).waitFor({ state: 'detached' });
    expect(await hash(page)).not.toMatch(/movie/);
    await page.locator('[data-testid="rec-list"] [data-testid="movie-card"]').first().waitFor();
    // Forward opens it again; Close closes it and leaves no details entry behind
    await page.goForward();
    await details(page).waitFor();
    await details(page).locator('[data-testid="details-close"]').click();
    await details(page).waitFor({ state: 'detached' });
    expect(await hash(page)).not.toMatch(/movie/);
  });

  it('Escape closes it too', async () => {
    const { page } = s;
    await page
      .locator('[data-testid="rec-list"] [data-testid="movie-card"]')
      .first()
      .locator('[data-testid="details-link"]')
      .click();
    await details(page).waitFor();
    await page.keyboard.press('Escape');
    await details(page).waitFor({ state: 'detached' });
    expect(await hash(page)).not.toMatch(/movie/);
  });

  it('a #/movie/<id> URL opens it directly; Close stays in the app', async () => {
    const direct = await openApp(e2e.browser, e2e.url, { path: `#/movie/${movieId}` });
    try {
      await dataState(direct.page, 'ready');
      const d = details(direct.page);
      await d.waitFor();
      expect(await d.locator('h2').innerText()).toContain(title);
      await d.locator('[data-testid="details-close"]').click();
      await d.waitFor({ state: 'detached' });
      expect(await hash(direct.page)).toBe('#/');
      expect(direct.foreign).toEqual([]);
    } finally {
      await direct.context.close();
    }
  });

  it('at 390×844, Close is in view after scrolling the dialog to its end', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      await page.goto(`${e2e.url}#/movie/${movieId}`);
      await dataState(page, 'ready');
      const d = details(page);
      await d
        .locator('[data-testid="details-similar"] [data-testid="movie-card"]')
        .first()
        .waitFor();
      const scroll = await d.evaluate((el) => {
        el.scrollTop = el.scrollHeight;
        return { top: el.scrollTop, height: el.scrollHeight, client: el.clientHeight };
      });
      expect(scroll.height).toBeGreaterThan(scroll.client); // it does scroll
      expect(scroll.top).toBeGreaterThan(0);
      const close = d.locator('[data-testid="details-close"]');
      const box = (await close.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(844);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      // the title in the head is not cut off at the dialog's top edge
      const dialogBox = (await d.boundingBox())!;
      const titleBox = (await d.locator('h2').boundingBox())!;
      expect(titleBox.y).toBeGreaterThanOrEqual(dialogBox.y);
      expect(box.width).toBeGreaterThanOrEqual(44);
      expect(box.height).toBeGreaterThanOrEqual(44);
      // nothing covers it: the topmost element at its centre is the button
      const onTop = await page.evaluate(
        ({ x, y }) => document.elementFromPoint(x, y)?.closest('button')?.dataset.testid,
        { x: box.x + box.width / 2, y: box.y + box.height / 2 },
      );
      expect(onTop).toBe('details-close');
      await page.screenshot({ path: join(process.cwd(), 'screenshots/details-02-phone.png') });
      await close.click();
      await d.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });

  it('asked nothing of any other origin', () => {
    expect(pageRequests).toEqual([]);
    expect(s.foreign).toEqual([]);
  });
});

describe('a release with links.csv', () => {
  it('links to IMDb and TMDB by id, and searches for a film without links', async () => {
    const fx = makeReleaseFixture('csv');
    const dir = mkdtempSync(join(tmpdir(), 'reel-links-'));
    await writeShardSet(
      await buildShardSet(fx.parsed, { sha256: sha256Async, source: 'fixture-links', level: 6 }),
      dir,
    );
    const server = await startServer({ distDir: inject('distDir'), dataDir: dir });
    const first = fx.parsed.movies[0]!;
    const unlinked = fx.parsed.movies[3]!;
    const session = await openApp(e2e.browser, server.url, { path: `#/movie/${first.id}` });
    try {
      const { page } = session;
      await dataState(page, 'ready');
      await details(page).waitFor();
      expect(await linksOut(page)).toEqual([
        {
          text: 'IMDb',
          href: 'https://www.imdb.com/title/tt0114709/',
          target: '_blank',
          rel: 'noopener noreferrer',
        },
        {
          text: 'TMDB',
          href: 'https://www.themoviedb.org/movie/862',
          target: '_blank',
          rel: 'noopener noreferrer',
        },
      ]);
      await shot(page, 'details-03-links');
      await details(page).locator('[data-testid="details-close"]').click();
      await details(page).waitFor({ state: 'detached' });
      await page.evaluate((id) => (window.location.hash = `#/movie/${id}`), unlinked.id);
      await details(page).waitFor();
      expect((await linksOut(page)).map((l) => l.text)).toEqual([
        'Search IMDb',
        'Search Letterboxd',
      ]);
      expect(session.foreign).toEqual([]);
    } finally {
      await session.context.close();
      await server.close();
    }
  });
});
