/**
 * The set-up every end-to-end file shares: real Chromium and the test server on the built app
 * (global-setup.ts built it and wrote the fixture shards). One place, so every file runs against
 * the same browser flags, build and data, and closes them in the same order.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { startServer, type TestServer } from '../../scripts/lib/test-server';
import { launch, openApp, openPage, shot, type Session } from './browser';

export interface E2e {
  browser: Browser;
  server: TestServer;
  /** the app's URL (under the /reel/ sub-path) */
  url: string;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

/** Launches Chromium and serves the built app with `dataDir` (default: the fixture shards). */
async function startE2e(opts: { dataDir?: string } = {}): Promise<E2e> {
  const browser = await launch();
  const server = await startServer({
    distDir: inject('distDir'),
    dataDir: opts.dataDir ?? inject('fixtureShards'),
  }).catch(async (e: unknown) => {
    await browser.close();
    throw e;
  });
  return {
    browser,
    server,
    url: server.url,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * The file's set-up, on its hooks: started before its tests, closed after them. The object is
 * filled in when the tests start, so read its fields inside tests and hooks, not at load.
 */
export function useE2e(opts: { dataDir?: string } = {}): E2e {
  const e2e = {} as E2e;
  beforeAll(async () => {
    Object.assign(e2e, await startE2e(opts));
  });
  afterAll(async () => {
    await e2e.close?.();
  });
  return e2e;
}

/**
 * One app session that the file's tests share (opened after `useE2e`'s start, closed before it
 * ends), with a screenshot `failed-<name>-<time>.png` of it for every failed test.
 */
export function useSession(e2e: E2e, name: string, opts: { path?: string } = {}): Session {
  const s = {} as Session;
  beforeAll(async () => {
    Object.assign(s, await openApp(e2e.browser, e2e.url, opts));
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && s.page)
      await shot(s.page, `failed-${name}-${Date.now()}`);
  });
  afterAll(async () => {
    await s.context?.close();
  });
  return s;
}

/** A page of the describe block's own: its context, and the errors it logged. */
export interface Tab {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/**
 * A page in a fresh context with `options` (viewport, touch…) for the describe block it is called
 * in, opened before its tests and closed after them; `init` runs before the app's scripts.
 */
export function usePage(
  e2e: E2e,
  options: BrowserContextOptions,
  init?: Parameters<BrowserContext['addInitScript']>[0],
): Tab {
  const tab = { errors: [] as string[] } as Tab;
  beforeAll(async () => {
    Object.assign(tab, await openPage(e2e.browser, options, tab.errors, init));
  });
  afterAll(async () => {
    await tab.context?.close();
  });
  return tab;
}
