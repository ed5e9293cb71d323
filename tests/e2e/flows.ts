/** What a person does in the app, as end-to-end steps: signing up, rating and reading offers. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { dataState } from './browser';

export async function signup(page: Page, genres = ['Comedy', 'Drama', 'Crime']) {
  await dataState(page, 'ready');
  for (const g of genres)
    await page.locator(`[data-testid="genre-option"][data-genre="${g}"]`).click();
  await page.locator('[data-testid="signup-submit"]').click();
  await page.locator('[data-testid="offers"] [data-testid="movie-card"]').first().waitFor();
}

/**
 * Rates the first n offers not acted on yet. Offers hold still (a rated card stays in place,
 * marked) until "more" is asked for, which the flow does when none is left.
 */
export async function rateOffers(page: Page, n: number) {
  const open = '[data-testid="offers"] [data-testid="movie-card"]:not([data-rating])';
  for (let i = 0; i < n; i++) {
    if ((await page.locator(open).count()) === 0)
      await page.locator('[data-testid="more-offers"]').click();
    const card = page.locator(open).first();
    const before = await ratingCount(page);
    await card.locator(`[data-testid="rate"][data-value="${1 + (i % 5)}"]`).click();
    await page.waitForFunction(
      (b) =>
        Number(document.querySelector('[data-testid="rating-count"]')?.getAttribute('data-count')) >
        b,
      before,
    );
  }
}

/** Marks the first offer not acted on yet "haven't seen" and waits for the card to say so; its id. */
export async function markFirstOfferNotSeen(page: Page): Promise<number> {
  const card = page
    .locator('[data-testid="offers"] [data-testid="movie-card"]:not([data-rating])')
    .first();
  const id = Number(await card.getAttribute('data-movie-id'));
  await card.locator('[data-testid="not-seen"]').click();
  await expect
    .poll(() =>
      page.locator(`[data-testid="offers"] [data-movie-id="${id}"]`).getAttribute('data-rating'),
    )
    .toBe('not-seen');
  return id;
}

const ratingCount = async (page: Page) =>
  Number(await page.locator('[data-testid="rating-count"]').getAttribute('data-count'));

export const offerIds = (page: Page) =>
  page.$$eval('[data-testid="offers"] [data-testid="movie-card"]', (cards) =>
    cards.map((c) => Number(c.getAttribute('data-movie-id'))),
  );
