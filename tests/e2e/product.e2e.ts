/**
 * Product issue, the parts around the journey: profile export/import/reset, a keyboard-only pass
 * with an axe accessibility check, the Content-Security-Policy, and the "update available" prompt.
 */
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { axe } from './a11y';
import { rateOffers, signup } from './flows';
import { dataState, launch, openApp, shot } from './browser';
import { startServer } from '../../scripts/lib/test-server';
import { useE2e } from './setup';

const e2e = useE2e();

/** Presses Tab until the focused element matches `selector` (fails after `max` presses). */
async function tabTo(page: Page, selector: string, max = 200) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe('profile', () => {
  it('exports to JSON, resets, and imports it back; a bad file changes nothing', async () => {
    const s = await openApp(e2e.browser, e2e.server.url);
    const { page } = s;
    await signup(page);
    await rateOffers(page, 4);
    const card = page
      .locator('[data-testid="offers"] [data-testid="movie-card"]:not([data-rating])')
      .first();
    const dismissed = await card.getAttribute('data-movie-id');
    await card.locator('[data-testid="not-seen"]').click();
    await page
      .locator(`[data-testid="offers"] [data-movie-id="${dismissed}"][data-rating="not-seen"]`)
      .waitFor();
    await page.goto(e2e.server.url + '#/profile');
    const summary = await page.locator('[data-testid="profile-summary"]').innerText();
    expect(summary).toContain('4 ratings · 1 marked');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="export-profile"]').click(),
    ]);
    const file = join(mkdtempSync(join(tmpdir(), 'reel-profile-')), 'reel-profile.json');
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported.format).toBe('reel-profile/2');
    expect(exported.dataVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(exported.ratings).toHaveLength(5);

    // a file that is not a profile: clear error, nothing lost
    const bad = join(tmpdir(), 'not-a-profile.json');
    writeFileSync(bad, '{"hello": "world"}');
    await page.locator('[data-testid="import-profile"]').setInputFiles(bad);
    await page.locator('[data-testid="error"][data-code="profile-invalid"]').waitFor();
    expect(await page.locator('[data-testid="profile-summary"]').innerText()).toBe(summary);
    await shot(page, 'product-01-profile-bad-import');

    await page.getByRole('button', { name: 'Reset…' }).click();
    await page.locator('[data-testid="reset-confirm"]').click();
    await page.locator('[data-testid="profile-summary"]').waitFor({ state: 'detached' });
    await page.reload();
    await dataState(page, 'ready');
    await page.locator('[data-testid="import-profile"]').setInputFiles(file);
    await expect
      .poll(() => page.locator('[data-testid="profile-summary"]').innerText())
      .toBe(summary);
    await page.reload();
    await dataState(page, 'ready');
    expect(await page.locator('[data-testid="profile-summary"]').innerText()).toBe(summary);
    await shot(page, 'product-02-profile');

    // an older snapshot never silently overwrites newer ratings: it asks, and "no" keeps them
    await page.goto(e2e.server.url + '#/');
    await rateOffers(page, 1);
    await page.goto(e2e.server.url + '#/profile');
    const newer = await page.locator('[data-testid="profile-summary"]').innerText();
    expect(newer).toContain('5 ratings');
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.locator('[data-testid="import-profile"]').setInputFiles(file);
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('would drop 1 rating');
    await expect.poll(() => page.locator('main').innerText()).toContain('Nothing was imported');
    expect(await page.locator('[data-testid="profile-summary"]').innerText()).toBe(newer);
    await s.context.close();
  });
});

describe('accessibility', () => {
  it('the whole journey works with the keyboard alone, and axe finds nothing serious', async () => {
    const s = await openApp(e2e.browser, e2e.server.url);
    const { page } = s;
    const findings: string[] = [];
    await dataState(page, 'ready');
    findings.push(...(await axe(page)));
    for (const g of ['Action', 'Thriller', 'Sci-Fi']) {
      await tabTo(page, `[data-genre="${g}"] input`);
      await page.keyboard.press('Space');
    }
    findings.push(...(await axe(page)));
    await tabTo(page, '[data-testid="signup-submit"]');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="offers"]').waitFor();
    // focus moves to the new page's heading
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    findings.push(...(await axe(page)));
    const focused = () =>
      page.evaluate(() => ({
        testid: document.activeElement?.getAttribute('data-testid'),
        value: document.activeElement?.getAttribute('data-value'),
      }));
    for (let i = 0; i < 10; i++) {
      // one tab stop per star group (1★ when unrated); arrows move between the stars
      await tabTo(
        page,
        '[data-testid="offers"] [data-testid="movie-card"]:not([data-rating]) [data-testid="rate"]',
      );
      expect(await focused()).toEqual({ testid: 'rate', value: '1' });
      for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowRight');
      expect(await focused()).toEqual({ testid: 'rate', value: '4' });
      await page.keyboard.press('Enter');
      if (i < 9) {
        await expect
          .poll(async () =>
            Number(await page.locator('[data-testid="rating-count"]').getAttribute('data-count')),
          )
          .toBe(i + 1);
        // offers hold still (issue 19): focus stays on the rated card's 4★, so a second Enter
        // changes nothing (the exact count on the next round proves it)
        expect(await focused()).toEqual({ testid: 'rate', value: '4' });
        await page.keyboard.press('Enter');
      }
    }
    await page.locator('[data-testid="rec-list"] [data-testid="movie-card"]').first().waitFor();
    await page
      .locator('[data-testid="model-status"][data-kind="mf"][data-state="ready"]')
      .waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="predicted"]').first().waitFor();
    findings.push(...(await axe(page)));
    // switch model (under "How these are picked") and open "similar" by keyboard
    await tabTo(page, '[data-testid="how-picked"] summary');
    await page.keyboard.press('Enter');
    await tabTo(page, '[data-testid="model-choice"][data-choice="hybrid"]');
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.locator('[data-testid="model-choice"][data-choice="ease"]').isChecked())
      .toBe(true);
    await tabTo(page, '[data-testid="rec-list"] [data-testid="similar"]');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="similar-dialog"]').waitFor();
    findings.push(...(await axe(page)));
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="similar-dialog"]').waitFor({ state: 'detached' });
    await shot(page, 'product-03-keyboard');
    const views: [string, string][] = [
      ['#/lab', '[data-testid="model-panel"]'],
      ['#/data', '#data-title'],
      ['#/profile', '#profile-title'],
    ];
    for (const [route, ready] of views) {
      await page.goto(e2e.server.url + route);
      await dataState(page, 'ready');
      await page.locator(ready).first().waitFor();
      findings.push(...(await axe(page)));
    }
    expect([...new Set(findings)]).toEqual([]);
    await s.context.close();
  });
});

describe('faults', () => {
  it('clearing the site data while the app runs starts it again, without the deleted profile', async () => {
    const s = await openApp(e2e.browser, e2e.server.url);
    const { page } = s;
    await signup(page);
    await rateOffers(page, 2);
    const cdp = await s.context.newCDPSession(page);
    // the page reloads itself: wait for that load, not for the old page's ready state
    await Promise.all([
      page.waitForEvent('load'),
      cdp.send('Storage.clearDataForOrigin', {
        origin: new URL(e2e.server.url).origin,
        storageTypes: 'indexeddb',
      }),
    ]);
    // the page starts again from what is stored now: no data, no profile — then loads the data
    await dataState(page, 'ready');
    await page.locator('[data-testid="signup-submit"]').waitFor();
    expect(await page.locator('[data-testid="rating-count"]').count()).toBe(0);
    // and saving works again (no "The database connection is closing")
    for (const g of ['Action', 'Comedy', 'Drama'])
      await page.locator(`[data-testid="genre-option"][data-genre="${g}"]`).click();
    await page.locator('[data-testid="signup-submit"]').click();
    await page.locator('[data-testid="offers"] [data-testid="movie-card"]').first().waitFor();
    await rateOffers(page, 1);
    expect(s.errors).toEqual([]);
    await s.context.close();
  });
});

describe('privacy and hosting', () => {
  it('serves a strict Content-Security-Policy and no inline scripts', async () => {
    const html = readFileSync(join(inject('distDir'), 'index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\bsrc=/);
    expect(html).toContain('/reel/'); // built for the sub-path it is served from
  });

  it('sends the policy as a header on every response, so the workers are held to it too', async () => {
    const server2 = await startServer({
      distDir: inject('distDir'),
      dataDir: inject('fixtureShards'),
    });
    const browser2 = await launch();
    try {
      const page = await (await browser2.newContext()).newPage();
      const res = await page.goto(server2.url);
      const csp = res!.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("connect-src 'self'");
      const workerScript = readdirSync(join(inject('distDir'), 'assets')).find((f) =>
        /model\.worker.*\.js$/.test(f),
      )!;
      const w = await page.request.get(`${server2.url}assets/${workerScript}`);
      expect(w.headers()['content-security-policy']).toBe(csp);
      // a worker under that header can neither reach another origin nor eval
      const probe = await page.evaluate(
        (url) =>
          new Promise<{ fetch: string; eval: string; seen: string[] }>((resolve) => {
            const worker = new Worker(url);
            worker.onmessage = (e) => resolve(e.data);
          }),
        `${server2.url}__probe/worker.js`,
      );
      expect(probe.fetch).toBe('blocked');
      expect(probe.eval).toBe('blocked');
      expect(probe.seen).toContain('connect-src');
      // the same headers for static hosts that read a _headers file
      const file = readFileSync(join(inject('distDir'), '_headers'), 'utf8');
      expect(file).toContain(`Content-Security-Policy: ${csp}`);
    } finally {
      await browser2.close();
      await server2.close();
    }
  });

  it('an altered file is never precached: the install fails, and recovers once the server is fixed', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'reel-dist-'));
    cpSync(inject('distDir'), dist, { recursive: true });
    // a precached file the page itself never loads: only the service worker fetches it
    const name = readdirSync(join(dist, 'assets')).find((f) => /^tfjs-backend-wasm-[^s]/.test(f))!;
    const file = join(dist, 'assets', name);
    const good = readFileSync(file);
    const bad = Buffer.from(good);
    bad[bad.length >> 1]! ^= 0xff;
    writeFileSync(file, bad);
    const own = await startServer({ distDir: dist, dataDir: inject('fixtureShards') });
    try {
      const s = await openApp(e2e.browser, own.url);
      const { page } = s;
      await dataState(page, 'ready');
      const state = () =>
        page.evaluate(async (asset) => {
          const reg = await navigator.serviceWorker.getRegistration();
          const keys = await caches.keys();
          let cached: string | null = null;
          for (const k of keys)
            for (const req of await (await caches.open(k)).keys())
              if (req.url.includes(asset)) {
                const bytes = await (await (await caches.open(k)).match(req))!.arrayBuffer();
                const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
                cached = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
              }
          return { active: !!reg?.active, installing: !!reg?.installing, cached };
        }, name);
      // the install fails on the altered file: nothing of it is cached, no worker activates
      await expect.poll(async () => (await state()).installing, { timeout: 30_000 }).toBe(false);
      expect(await state()).toMatchObject({ active: false, cached: null });
      // the server is fixed: the next visit installs and caches the right bytes
      writeFileSync(file, good);
      await page.reload();
      await dataState(page, 'ready');
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      await expect
        .poll(async () => (await state()).cached, { timeout: 30_000 })
        .toBe(createHash('sha256').update(good).digest('hex'));
      await s.context.close();
    } finally {
      await own.close();
    }
  });

  it('a new version shows an "update available" prompt instead of changing under the user', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'reel-dist-'));
    cpSync(inject('distDir'), dist, { recursive: true });
    const own = await startServer({ distDir: dist, dataDir: inject('fixtureShards') });
    try {
      const s = await openApp(e2e.browser, own.url);
      const { page } = s;
      await dataState(page, 'ready');
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      await page.reload();
      await dataState(page, 'ready');
      expect(await page.locator('[data-testid="update-available"]').count()).toBe(0);
      appendFileSync(join(dist, 'sw.js'), '\n// a new version\n');
      await page.reload();
      await page.locator('[data-testid="update-available"]').waitFor({ timeout: 30_000 });
      await shot(page, 'product-04-update');
      // wait for the reload from the moment of the click (it may land before a later wait starts)
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Update now' }).click(),
      ]);
      await dataState(page, 'ready');
      await s.context.close();
    } finally {
      await own.close();
    }
  });
});
