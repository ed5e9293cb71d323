/**
 * "Your ratings" (issue #9): every movie rated or marked "haven't seen", newest first, filterable
 * and searchable; stars change a rating, "remove" and "undo haven't seen" take it back, the genres
 * can be edited — and every change reaches the lists at once and survives a reload. Also the
 * Undo after rating an offer. Screenshots: screenshots/ratings-*.png at 1280×900 and 390×844.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axe, sidewaysOverflow } from './a11y';
import { markFirstOfferNotSeen, offerIds, rateOffers, signup } from './flows';
import { dataState, shot } from './browser';
import { useE2e, useSession } from './setup';

const e2e = useE2e();
const s = useSession(e2e, 'ratings');

const count = async (page: Page) =>
  Number(await page.locator('[data-testid="rating-count"]').getAttribute('data-count'));
const mine = (page: Page) => page.locator('[data-testid="my-ratings"] [data-testid="movie-card"]');
const mineIds = (page: Page) =>
  page.$$eval('[data-testid="my-ratings"] [data-testid="movie-card"]', (cards) =>
    cards.map((c) => Number(c.getAttribute('data-movie-id'))),
  );
const checkedStar = (page: Page, id: number) =>
  page
    .locator(
      `[data-testid="my-ratings"] [data-movie-id="${id}"] [data-testid="rate"][aria-checked="true"]`,
    )
    .getAttribute('data-value');

describe('your ratings', () => {
  it('rating an offer confirms it with an Undo that takes it back', async () => {
    const { page } = s;
    await signup(page);
    const first = page.locator('[data-testid="offers"] [data-testid="movie-card"]').first();
    const id = Number(await first.getAttribute('data-movie-id'));
    await first.locator('[data-testid="rate"][data-value="4"]').click();
    const notice = page.locator('[data-testid="rated-notice"]');
    await expect.poll(() => notice.innerText()).toMatch(/Rated “.+” 4★/);
    await expect.poll(() => count(page)).toBe(1);
    await shot(page, 'ratings-01-undo-offer');
    await notice.locator('[data-testid="undo"]').click();
    await expect.poll(() => count(page)).toBe(0);
    await expect.poll(async () => (await offerIds(page)).includes(id)).toBe(true);
  });

  it('lists every rating and "haven’t seen", newest first, with filters and search', async () => {
    const { page } = s;
    await rateOffers(page, 4);
    const dismissed = await markFirstOfferNotSeen(page);
    await page.locator('[data-testid="my-ratings-link"]').click();
    await mine(page).first().waitFor();
    expect(await mine(page).count()).toBe(5);
    expect((await mineIds(page))[0]).toBe(dismissed); // newest first
    await shot(page, 'ratings-02-page');

    await page.locator('[data-testid="rating-filter"] input[data-value="not-seen"]').check();
    await expect.poll(() => mineIds(page)).toEqual([dismissed]);
    await page.locator('[data-testid="rating-filter"] input[data-value="1"]').check();
    await expect.poll(() => mine(page).count()).toBe(1);
    await page.locator('[data-testid="rating-filter"] input[data-value="all"]').check();
    await expect.poll(() => mine(page).count()).toBe(5);

    const title = await mine(page).nth(2).locator('h3').innerText();
    const word = title.split(/\s+/).find((w) => w.length >= 4) ?? title;
    await page.locator('[data-testid="my-ratings-search"]').fill(word);
    await expect.poll(() => mine(page).count()).toBeLessThan(5);
    for (const t of await mine(page).locator('h3').allInnerTexts())
      expect(t.toLowerCase()).toContain(word.toLowerCase().slice(0, 3));
    await page.locator('[data-testid="my-ratings-search"]').fill('');
    await expect.poll(() => mine(page).count()).toBe(5);
  });

  it('stars change a rating, "remove" and "undo haven’t seen" take them back, and it is saved', async () => {
    const { page } = s;
    const ids = await mineIds(page);
    const dismissed = ids[0]!;
    const changed = ids[3]!;
    const removed = ids[4]!;
    const card = page.locator(`[data-testid="my-ratings"] [data-movie-id="${changed}"]`);
    await card.locator('[data-testid="rate"][data-value="5"]').click();
    await expect.poll(() => checkedStar(page, changed)).toBe('5');
    await expect.poll(async () => (await mineIds(page))[0]).toBe(changed); // now the newest

    await page
      .locator(
        `[data-testid="my-ratings"] [data-movie-id="${removed}"] [data-testid="remove-rating"]`,
      )
      .click();
    await expect.poll(async () => (await mineIds(page)).includes(removed)).toBe(false);
    await page
      .locator(
        `[data-testid="my-ratings"] [data-movie-id="${dismissed}"] [data-testid="undo-not-seen"]`,
      )
      .click();
    await expect.poll(async () => (await mineIds(page)).includes(dismissed)).toBe(false);
    expect(await mine(page).count()).toBe(3);
    expect(await axe(page)).toEqual([]);

    await page.reload();
    await dataState(page, 'ready');
    await mine(page).first().waitFor();
    expect((await mineIds(page)).sort()).toEqual(
      ids.filter((i) => i !== removed && i !== dismissed).sort(),
    );
    expect(await checkedStar(page, changed)).toBe('5');
    // and the movie page agrees: the removed and the un-dismissed films can be offered again
    await page.goto(e2e.server.url + '#/');
    await expect.poll(() => count(page)).toBe(3);
  });

  it('editing the genres changes the offers at once, and is saved', async () => {
    const { page } = s;
    await page.locator('[data-testid="offers"] [data-testid="movie-card"]').first().waitFor();
    const before = await offerIds(page);
    await page.goto(e2e.server.url + '#/ratings');
    await mine(page).first().waitFor();
    for (const g of ['Comedy', 'Drama', 'Crime', 'Horror', 'Sci-Fi', 'Western'])
      await page.locator(`[data-testid="genre-option"][data-genre="${g}"]`).click();
    await page.locator('form.taste select').first().selectOption('M');
    await page.locator('[data-testid="save-taste"]').click();
    await expect
      .poll(() => page.locator('[data-testid="taste-saved"]').innerText())
      .toContain('Saved');
    await shot(page, 'ratings-03-edited');
    await page.goto(e2e.server.url + '#/');
    await expect
      .poll(() => page.locator('.lede').first().innerText())
      .toContain('Horror, Sci-Fi, Western');
    await expect.poll(() => offerIds(page)).not.toEqual(before);
    await page.reload();
    await dataState(page, 'ready');
    await expect
      .poll(() => page.locator('.lede').first().innerText())
      .toContain('Horror, Sci-Fi, Western');
  });

  it('fits a phone (390×844) with nothing serious for axe', async () => {
    const { page } = s;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(e2e.server.url + '#/ratings');
    await mine(page).first().waitFor();
    expect(await sidewaysOverflow(page)).toBe(0);
    expect(await axe(page)).toEqual([]);
    await shot(page, 'ratings-04-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('sent no request to any other origin and logged no errors', () => {
    expect(s.foreign).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
