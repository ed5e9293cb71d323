/**
 * The set-up every end-to-end file shares: real Chromium and the test server on the built app
 * (global-setup.ts built it and wrote the fixture shards). One place, so every file runs against
 * the same browser flags, build and data, and closes them in the same order.
 */
import type { Browser } from 'playwright-core';
import { inject } from 'vitest';
import { startServer, type TestServer } from '../../scripts/lib/test-server';
import { launch } from './browser';

export interface E2e {
  browser: Browser;
  server: TestServer;
  /** the app's URL (under the /reel/ sub-path) */
  url: string;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

/** Launches Chromium and serves the built app with `dataDir` (default: the fixture shards). */
export async function startE2e(opts: { dataDir?: string } = {}): Promise<E2e> {
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
