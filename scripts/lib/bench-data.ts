/** Bench, data part: shard bytes, cold load, warm start, peak memory (issue 2). */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseManifest } from '../../src/core/data/manifest';
import type { TestServer } from './test-server';
import { firstPage, launchProfile, log, READY, WARM_RUNS, dataCounts } from './bench-browser';
import { indexedDbBytes, startMemoryProbe } from './bench-memory';
import { median, round } from './bench-report';

/** Stamps `window.__reelReadyAt` (ms since navigation start) when the app first shows ready. */
const STAMP_READY = `(() => {
  const stamp = () => {
    if (window.__reelReadyAt === undefined && document.querySelector('${READY}'))
      window.__reelReadyAt = performance.now();
  };
  new MutationObserver(stamp).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'],
  });
})();`;

export interface DataFigures {
  shardBytes: number;
  shardFiles: number;
  coldLoadMs: number;
  warmLoadMs: number;
  warmLoadRunsMs: number[];
  peakHeapBytes: number;
  peakRendererRssBytes: number;
  /** IndexedDB bytes once the data is stored (bench-memory.ts indexedDbBytes) */
  storageUsageBytes: number;
  counts: { ratings: number; users: number; movies: number };
  measuredAt: string;
}

function shardBytes(shards: string): { bytes: number; files: number } {
  const text = readFileSync(join(shards, 'manifest.json'), 'utf8');
  const manifest = parseManifest(JSON.parse(text));
  const files = manifest.files.reduce((s, f) => s + statSync(join(shards, f.name)).size, 0);
  return { bytes: files + Buffer.byteLength(text), files: manifest.files.length + 1 };
}

async function readyAt(page: Page): Promise<number> {
  await page.locator(READY).waitFor({ timeout: 15 * 60_000 });
  const t = await page.evaluate(() => (window as { __reelReadyAt?: number }).__reelReadyAt);
  if (t === undefined) throw new Error('the ready state was seen but not time-stamped');
  return t;
}

export async function benchData(
  server: TestServer,
  profile: string,
  shards: string,
): Promise<DataFigures> {
  const { bytes, files } = shardBytes(shards);
  const context = await launchProfile(profile);
  try {
    await context.addInitScript(STAMP_READY);
    const page = await firstPage(context);
    const probe = await startMemoryProbe(context, page);
    log('data: cold load (empty IndexedDB) …');
    await page.goto(server.url);
    const cold = await readyAt(page);
    const counts = await dataCounts(page, server.url);
    await page.goto(server.url); // warm starts are timed on the first screen, as before
    log(`data: cold ${Math.round(cold)} ms; ${JSON.stringify(counts)}`);
    const usage = await page.evaluate(indexedDbBytes);
    const warm: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      await page.reload();
      warm.push(await readyAt(page));
      log(`data: warm start ${i + 1}: ${Math.round(warm[i]!)} ms`);
    }
    const peaks = await probe.stop();
    return {
      shardBytes: bytes,
      shardFiles: files,
      coldLoadMs: round(cold, 0),
      warmLoadMs: round(median(warm), 0),
      warmLoadRunsMs: warm.map((w) => round(w, 0)),
      peakHeapBytes: peaks.peakHeapBytes,
      peakRendererRssBytes: peaks.peakRendererRssBytes,
      storageUsageBytes: usage,
      counts,
      measuredAt: new Date().toISOString(),
    };
  } finally {
    await context.close();
  }
}
