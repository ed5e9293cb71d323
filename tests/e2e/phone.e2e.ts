/**
 * The phone first (issue #19), measured, not looked at: at 390×844 the first card's title and
 * stars are on the first screen after signup, on the recommendations and after a reload; every
 * touch target on a card is at least 44×44 CSS px and none overlaps another; the status chips
 * are not truncated; a dialog's Close stays reachable when it is scrolled; a 20,000-character
 * title wraps instead of widening the page. Also "More", the genre and decade filters and the
 * search's hint on what the catalogue covers. Screenshots: screenshots/phone-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sidewaysOverflow } from './a11y';
import { dataState, shot } from './browser';
import { useE2e, usePage } from './setup';

const e2e = useE2e();

const W = 390;
const H = 844;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The first card of `list`: its title's and stars' boxes in the viewport (scroll as it is). */
const firstCard = (page: Page, list: string) =>
  page.evaluate((sel) => {
    const card = document.querySelector(`${sel} [data-testid="movie-card"]`)!;
    const box = (el: Element | null) => {
      const r = el!.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    };
    return {
      title: box(card.querySelector('h3')),
      stars: [...card.querySelectorAll('[data-testid="rate"]')].map(box),
      scrollY: window.scrollY,
    };
  }, list);

function onFirstScreen(b: Box) {
  console.log(`bottom at ${Math.round(b.y + b.h)} of ${H}`);
  expect(b.y, 'top on screen').toBeGreaterThanOrEqual(0);
  expect(b.y + b.h, `bottom (${b.y + b.h}) above the fold (${H})`).toBeLessThanOrEqual(H);
  expect(b.x + b.w).toBeLessThanOrEqual(W);
}

/** Every button, link and select in `sel`: boxes, for size and overlap. */
const targets = (page: Page, sel: string) =>
  page.$$eval(sel, (els) =>
    els
      .filter((e) => (e as HTMLElement).offsetParent !== null)
      .map((e) => {
        const r = e.getBoundingClientRect();
        return {
          what: `${e.getAttribute('data-testid') ?? e.tagName} ${e.textContent?.slice(0, 20)}`,
          x: r.x,
          y: r.y,
          w: r.width,
          h: r.height,
        };
      }),
  );

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;

async function bigAndApart(page: Page, sel: string) {
  const boxes = await targets(page, sel);
  expect(boxes.length).toBeGreaterThan(0);
  for (const b of boxes) {
    expect(b.w, `${b.what} width`).toBeGreaterThanOrEqual(44);
    expect(b.h, `${b.what} height`).toBeGreaterThanOrEqual(44);
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      expect(overlap(boxes[i]!, boxes[j]!), `${boxes[i]!.what} overlaps ${boxes[j]!.what}`).toBe(
        false,
      );
}

const ratingCount = (page: Page) =>
  page.locator('[data-testid="rating-count"]').getAttribute('data-count').then(Number);

describe('the phone first (390×844)', () => {
  const phone = usePage(e2e, { viewport: { width: W, height: H }, hasTouch: true, isMobile: true });

  it('after signup the first offer’s title and stars are on the first screen', async () => {
    await phone.page.goto(e2e.server.url);
    await dataState(phone.page, 'ready');
    for (const g of ['Comedy', 'Drama', 'Crime'])
      await phone.page.locator(`[data-testid="genre-option"][data-genre="${g}"]`).click();
    await phone.page.locator('[data-testid="signup-submit"]').click();
    await phone.page.locator('[data-testid="offers"] [data-testid="movie-card"]').first().waitFor();
    await expect.poll(() => phone.page.evaluate(() => window.scrollY)).toBe(0);
    const c = await firstCard(phone.page, '[data-testid="offers"]');
    onFirstScreen(c.title);
    for (const s of c.stars) onFirstScreen(s);
    await phone.page.screenshot({ path: 'screenshots/phone-01-offers-screen.png' });
  });

  it('every target on a card is 44×44 or more, and none overlaps another', async () => {
    await bigAndApart(
      phone.page,
      '[data-testid="offers"] [data-testid="movie-card"]:first-child button, [data-testid="offers"] [data-testid="movie-card"]:first-child a',
    );
    await bigAndApart(phone.page, '.topbar nav a');
  });

  it('the recommendations: first card on the first screen, chips readable, targets big', async () => {
    const rated = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const ids = await phone.page.$$eval(
        '[data-testid="offers"] [data-testid="movie-card"]',
        (cs) => cs.map((c) => c.getAttribute('data-movie-id')!),
      );
      const id = ids.find((x) => !rated.has(x))!;
      rated.add(id);
      await phone.page
        .locator(
          `[data-testid="offers"] [data-movie-id="${id}"] [data-testid="rate"][data-value="${1 + (i % 5)}"]`,
        )
        .click();
      await expect.poll(() => ratingCount(phone.page)).toBe(i + 1);
    }
    await phone.page
      .locator('[data-testid="model-status"][data-kind="mf"][data-state="ready"]')
      .waitFor({ timeout: 180_000 });
    await phone.page
      .locator('[data-testid="rec-lists"][data-backed="hybrid"]')
      .waitFor({ timeout: 60_000 });
    await phone.page.evaluate(() => window.scrollTo(0, 0));
    await phone.page.screenshot({ path: 'screenshots/phone-02-recommendations-screen.png' });
    const c = await firstCard(phone.page, '[data-testid="rec-list"]');
    onFirstScreen(c.title);
    for (const s of c.stars) onFirstScreen(s);
    await bigAndApart(
      phone.page,
      '[data-testid="rec-list"] [data-testid="movie-card"]:first-child button',
    );
    // the status chips: none truncated (each shows all its words), none on the main screen
    // speaks of models
    const chips = await phone.page.$$eval('.statusbar .chip', (cs) =>
      cs
        .filter((c) => !(c as HTMLElement).hidden)
        .map((c) => ({
          text: c.textContent ?? '',
          cut: c.scrollWidth > c.clientWidth + 0.5,
        })),
    );
    for (const chip of chips) expect(chip.cut, `${chip.text} is cut`).toBe(false);
    const words = await phone.page.locator('main').innerText();
    expect(words).not.toMatch(/RMSE|λ|weight|held-out|Matrix factorizer|Ranking model/);
    await shot(phone.page, 'phone-02-recommendations');
  });

  it('"More" shows 12 more; genre and decade narrow the lists', async () => {
    const popular = '[data-testid="rec-list"][data-tier="popular"] [data-testid="movie-card"]';
    const before = await phone.page.locator(popular).count();
    const more = phone.page.locator('[data-testid="more"][data-tier="popular"]');
    await more.click(); // shows at once, though the pointer holds the lists still
    await expect.poll(() => phone.page.locator(popular).count()).toBeGreaterThan(before);
    expect(await phone.page.locator(popular).count()).toBeLessThanOrEqual(before + 12);
    await phone.page.locator('[data-testid="filter-genre"]').selectOption('Comedy');
    await expect
      .poll(async () =>
        (await phone.page.locator('[data-testid="rec-list"] .genres-line').allInnerTexts()).every(
          (g) => g.includes('Comedy'),
        ),
      )
      .toBe(true);
    const decades = await phone.page
      .locator('[data-testid="filter-decade"] option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(decades.length).toBeGreaterThan(0);
    const decade = decades.at(-1)!;
    await phone.page.locator('[data-testid="filter-decade"]').selectOption(decade);
    await expect
      .poll(async () =>
        (await phone.page.locator('[data-testid="rec-list"] .year').allInnerTexts()).every((y) => {
          const year = Number(/\d{4}/.exec(y)?.[0]);
          return year >= Number(decade) && year < Number(decade) + 10;
        }),
      )
      .toBe(true);
    // an empty list says why
    for (const e of await phone.page.locator('[data-testid="empty-reason"]').allInnerTexts())
      expect(e.length).toBeGreaterThan(20);
    await phone.page.locator('[data-testid="filter-genre"]').selectOption('');
    await phone.page.locator('[data-testid="filter-decade"]').selectOption('');
  });

  it('a search that finds nothing says what the catalogue covers', async () => {
    await phone.page.locator('[data-testid="search"]').fill('shrek zzqx');
    await expect
      .poll(() => phone.page.locator('[data-testid="search-empty"]').innerText())
      .toMatch(/holds [\d,]+ films up to \d{4}/);
    await phone.page.locator('[data-testid="search"]').fill('');
  });

  it('a scrolled dialog keeps its Close button on screen', async () => {
    await phone.page.locator('[data-testid="rec-list"] [data-testid="similar"]').first().click();
    const dialog = phone.page.locator('[data-testid="similar-dialog"]');
    await dialog.locator('[data-testid="movie-card"]').first().waitFor();
    await dialog.evaluate((d) => d.scrollTo(0, d.scrollHeight));
    const close = await dialog.getByRole('button', { name: 'Close' }).boundingBox();
    const box = await dialog.boundingBox();
    expect(close!.y).toBeGreaterThanOrEqual(box!.y - 0.5);
    expect(close!.y + close!.height).toBeLessThanOrEqual(Math.min(H, box!.y + box!.height));
    expect(close!.height).toBeGreaterThanOrEqual(44);
    await phone.page.screenshot({ path: 'screenshots/phone-03-dialog-scrolled.png' });
    await phone.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('a 20,000-character title wraps and does not widen the page', async () => {
    await phone.page.evaluate(() => {
      const h = document.querySelector('[data-testid="rec-list"] [data-testid="movie-card"] h3')!;
      h.firstChild!.textContent = 'W'.repeat(20_000);
    });
    expect(await sidewaysOverflow(phone.page)).toBe(0);
    await phone.page.reload();
  });

  it('after a reload the first recommendation is on the first screen again', async () => {
    await dataState(phone.page, 'ready');
    await phone.page
      .locator('[data-testid="rec-lists"][data-backed="hybrid"]')
      .waitFor({ timeout: 60_000 });
    await phone.page.locator('[data-testid="predicted"]').first().waitFor();
    expect(await phone.page.evaluate(() => window.scrollY)).toBe(0);
    await phone.page.screenshot({ path: 'screenshots/phone-04-reloaded-screen.png' });
    const c = await firstCard(phone.page, '[data-testid="rec-list"]');
    onFirstScreen(c.title);
    for (const s of c.stars) onFirstScreen(s);
  });

  it('logged no errors', () => {
    expect(phone.errors).toEqual([]);
  });
});
