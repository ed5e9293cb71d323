/**
 * Taps land where they were aimed (issue 22), on a phone (390×844, touch): a star tapped on one
 * card, then within ~50 ms a star on another card at the place it was seen before the first tap,
 * on the offers and on the recommendation lists. Each rating must be recorded on the card aimed
 * at, and nothing may shift under the finger: layout-shift entries (PerformanceObserver) are
 * counted over every round, those without recent input and all of them.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dataState, shot } from './browser';
import { rateOffers, signup } from './flows';
import { useE2e, usePage } from './setup';

const e2e = useE2e();

interface Shifts {
  /** layout-shift entries with hadRecentInput false (the ones CLS counts) */
  unprompted: number;
  /** every layout-shift entry with a value */
  all: number;
  /** entries that moved a card or a card list (what a finger is on during a round) */
  cards: number;
}

/** Counts layout-shift entries from now on, and the times of touchstarts (the gap between taps). */
const observe = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as {
      __shifts: Shifts;
      __touches: { type: string; t: number }[];
      __what: string[];
    };
    if (w.__shifts) return;
    w.__shifts = { unprompted: 0, all: 0, cards: 0 };
    w.__touches = [];
    w.__what = [];
    for (const type of ['touchstart', 'touchend'])
      document.addEventListener(type, () => w.__touches.push({ type, t: performance.now() }), {
        capture: true,
        passive: true,
      });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as {
        value: number;
        hadRecentInput: boolean;
        sources: { node?: Node; previousRect: DOMRect; currentRect: DOMRect }[];
      }[])
        if (e.value > 0) {
          w.__shifts.all++;
          if (!e.hadRecentInput) w.__shifts.unprompted++;
          const onCards = (n?: Node) =>
            n instanceof Element && n.closest('.cards, [data-testid="movie-card"]') !== null;
          if (e.sources.some((s) => onCards(s.node))) w.__shifts.cards++;
          for (const s of e.sources)
            w.__what.push(
              `${(s.node as Element | undefined)?.outerHTML?.slice(0, 120) ?? s.node?.nodeName} ${JSON.stringify(s.previousRect)} -> ${JSON.stringify(s.currentRect)}`,
            );
        }
    }).observe({ type: 'layout-shift' });
  });
const shifts = (page: Page) =>
  page.evaluate(() => ({ ...(window as unknown as { __shifts: Shifts }).__shifts }));
/** ms from the first finger's lift to the second finger's touch, in the last two taps */
const lastGap = (page: Page) =>
  page.evaluate(() => {
    const t = (window as unknown as { __touches: { type: string; t: number }[] }).__touches;
    const types = t.slice(-4).map((e) => e.type);
    if (types.join() !== 'touchstart,touchend,touchstart,touchend') return NaN;
    return t[t.length - 2]!.t - t[t.length - 3]!.t;
  });
const shiftSources = (page: Page) =>
  page.evaluate(() => (window as unknown as { __what: string[] }).__what);

const count = async (page: Page) =>
  Number(await page.locator('[data-testid="rating-count"]').getAttribute('data-count'));
/** every card of a film in `scope` (a film can be in more than one list): their states */
const statesOf = (page: Page, scope: string, id: number) =>
  page.$$eval(`${scope} [data-movie-id="${id}"]`, (cs) =>
    cs.map((c) => c.getAttribute('data-rating')),
  );
const star = (scope: string, id: number, value: number) =>
  `${scope} [data-movie-id="${id}"] [data-testid="rate"][data-value="${value}"]`;

/**
 * Where the second star is put on screen: mid-screen, or at the bottom edge, where the toast
 * that confirms the first rating appears.
 */
type Place = 'middle' | 'bottom';

/**
 * Scrolls so both stars are on screen (`b`'s at `place`) and returns the centre of `b`'s star as
 * the person sees it before the first tap: the second tap goes there, not wherever it is by then.
 */
async function aim(page: Page, a: string, b: string, place: Place) {
  await page.evaluate(
    ([sa, sb, at]) => {
      const ra = document.querySelector(sa)!.getBoundingClientRect();
      const rb = document.querySelector(sb)!.getBoundingClientRect();
      const mid = (Math.min(ra.top, rb.top) + Math.max(ra.bottom, rb.bottom)) / 2;
      // the bottom edge, or just above a toast already shown (the person sees the star there)
      const toast = document.querySelector('[data-testid="rated-notice"]');
      const floor = Math.min(
        window.innerHeight - 30,
        toast ? toast.getBoundingClientRect().top - 4 : Infinity,
      );
      window.scrollBy(0, at === 'middle' ? mid - window.innerHeight / 2 : rb.bottom - floor);
    },
    [a, b, place] as const,
  );
  const box = await page.locator(b).first().boundingBox();
  const vh = page.viewportSize()!.height;
  expect(box, 'second star laid out').not.toBeNull();
  expect(box!.y, 'second star on screen').toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, 'second star on screen').toBeLessThanOrEqual(vh);
  const target = { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 };
  // what is seen at that point before the first tap is the aimed star
  expect(
    await page.evaluate(
      ([sel, x, y]) => document.querySelector(sel)!.contains(document.elementFromPoint(x, y)),
      [b, target.x, target.y] as const,
    ),
    'the aimed star is what shows at the point',
  ).toBe(true);
  return target;
}

/**
 * One round: `a` gets `va`★ by locator.tap(), then at once `b` gets `vb`★ by a tap where its star
 * was before; both ratings must be on the cards aimed at. Returns the shifts seen meanwhile.
 */
async function round(page: Page, scope: string, a: number, b: number, place: Place) {
  const [va, vb] = [4, 3];
  const target = await aim(page, star(scope, a, va), star(scope, b, vb), place);
  const n0 = await count(page);
  const before = await shifts(page);
  await page
    .locator(star(scope, a, va))
    .first()
    .tap();
  await page.touchscreen.tap(target.x, target.y);
  const gap = await lastGap(page);
  await expect.poll(() => count(page)).toBe(n0 + 2);
  // still inside the touch hold (1.5 s after the finger lifts): anything moving now is under it
  await page.waitForTimeout(700);
  const after = await shifts(page);
  const got = { a: await statesOf(page, scope, a), b: await statesOf(page, scope, b) };
  const hit = got.a.every((r) => r === String(va)) && got.b.every((r) => r === String(vb));
  if (!hit) console.log('missed', { a, b, got });
  if (after.cards > before.cards || after.unprompted > before.unprompted)
    console.log('shifted', await shiftSources(page));
  return {
    hit,
    gap,
    place,
    unprompted: after.unprompted - before.unprompted,
    all: after.all - before.all,
    cards: after.cards - before.cards,
  };
}

type Round = Awaited<ReturnType<typeof round>>;

function report(where: string, rs: Round[]) {
  console.log(
    `touch ${where}: ` +
      rs
        .map(
          (r) =>
            `${r.place} ${r.hit ? 'hit' : 'MISSED'} gap ${r.gap.toFixed(0)} ms ` +
            `shifts ${r.cards} on cards, ${r.unprompted} unprompted, ${r.all} all`,
        )
        .join('; '),
  );
}

/** both taps on the aimed cards, the second within ~50 ms, and nothing moved on its own */
function landed(r: Round) {
  expect(r.hit, `${r.place}: both ratings on the aimed cards`).toBe(true);
  expect(r.gap, 'the second tap within ~50 ms of the first').toBeLessThan(100);
  expect(r.cards, 'layout shifts of cards').toBe(0);
  expect(r.unprompted, 'layout shifts without recent input').toBe(0);
}

const unrated = (page: Page, list: string) =>
  page.$$eval(`${list} [data-testid="movie-card"]:not([data-rating])`, (c) =>
    c.map((e) => Number(e.getAttribute('data-movie-id'))),
  );

describe('taps land where they were aimed (390×844, touch)', () => {
  const phone = usePage(e2e, {
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
  });

  it('on the offers: a second tap right after a rating rates the aimed card', async () => {
    const { page } = phone;
    await page.goto(e2e.url);
    await dataState(page, 'ready');
    await signup(page);
    await observe(page);
    const scope = '[data-testid="offers"]';
    const results = [];
    for (const place of ['middle', 'bottom'] as const) {
      const ids = await unrated(page, scope);
      expect(ids.length).toBeGreaterThan(1);
      results.push(await round(page, scope, ids[0]!, ids[1]!, place));
    }
    report('offers', results);
    for (const r of results) landed(r);
  });

  it('on the lists: a second tap right after a rating rates the aimed card', async () => {
    const { page } = phone;
    await rateOffers(page, 10 - (await count(page)));
    const lists = '[data-testid="rec-lists"][data-backed="hybrid"]';
    await page.locator(lists).waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="rec-list"] [data-testid="predicted"]').first().waitFor();
    await page.waitForTimeout(300);
    await observe(page);
    const scope = '[data-testid="rec-list"][data-tier="popular"]';
    const rounds = 4;
    const results = [];
    for (let i = 0; i < rounds; i++) {
      const ids = await unrated(page, scope);
      expect(ids.length).toBeGreaterThan(1);
      results.push(await round(page, scope, ids[0]!, ids[1]!, i % 2 ? 'bottom' : 'middle'));
      // the touch hold ends 1.5 s after the finger lifts: the lists then take their new order
      await page.waitForTimeout(1800);
    }
    report('lists', results);
    await shot(page, 'touch-01-lists');
    for (const r of results) landed(r);
  });
});
