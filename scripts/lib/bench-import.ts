/**
 * Bench, import part (issue #10): the user's own release through the real app's import in a fresh
 * browser profile whose server has no data (the first-run screen offers the import): time from
 * choosing the files to the data being ready (read, parse, store in IndexedDB, summarize), the
 * bytes IndexedDB then holds for the origin, and peak memory.
 */
import { mkdtempSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestServer } from './test-server';
import { firstPage, launchProfile, log, READY, dataCounts } from './bench-browser';
import { indexedDbBytes, startMemoryProbe } from './bench-memory';
import { round } from './bench-report';

export interface ImportFigures {
  /** choosing the files → the app shows the data ready */
  importMs: number;
  /** the bytes given to the import */
  sourceBytes: number;
  /** IndexedDB bytes after the import (bench-memory.ts indexedDbBytes) */
  storageUsageBytes: number;
  peakHeapBytes: number;
  peakRendererRssBytes: number;
  /** CPU seconds the renderer (page + workers) spent, from opening the app to the figures */
  rendererCpuSeconds: number;
  counts: { ratings: number; users: number; movies: number };
  measuredAt: string;
}

/** The files of a release as the import takes them: a zip or table file, or a folder's files. */
export function importFilesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((n) => !n.startsWith('.') && statSync(join(path, n)).isFile())
    .sort()
    .map((n) => join(path, n));
}

export async function benchImport(server: TestServer, source: string): Promise<ImportFigures> {
  const files = importFilesOf(source);
  const sourceBytes = files.reduce((s, f) => s + statSync(f).size, 0);
  const profile = mkdtempSync(join(tmpdir(), 'reel-bench-import-'));
  const empty = mkdtempSync(join(tmpdir(), 'reel-bench-nodata-'));
  mkdirSync(empty, { recursive: true });
  const dataDir = server.dataDir;
  server.setDataDir(empty);
  const context = await launchProfile(profile);
  try {
    const page = await firstPage(context);
    const probe = await startMemoryProbe(context, page);
    await page.goto(server.url);
    const input = page.locator('[data-testid="import-input"]');
    await input.waitFor({ state: 'attached', timeout: 60_000 });
    log(`import: ${files.length} files, ${(sourceBytes / 1e6).toFixed(0)} MB …`);
    const t0 = Date.now();
    await input.setInputFiles(files);
    await page.locator(READY).waitFor({ timeout: 15 * 60_000 });
    const importMs = Date.now() - t0;
    const counts = await dataCounts(page, server.url);
    const usage = await page.evaluate(indexedDbBytes);
    const peaks = await probe.stop();
    log(`import: ready in ${(importMs / 1000).toFixed(1)} s; ${JSON.stringify(counts)}`);
    return {
      importMs: round(importMs, 0),
      sourceBytes,
      storageUsageBytes: usage,
      peakHeapBytes: peaks.peakHeapBytes,
      peakRendererRssBytes: peaks.peakRendererRssBytes,
      rendererCpuSeconds: peaks.rendererCpuSeconds,
      counts,
      measuredAt: new Date().toISOString(),
    };
  } finally {
    await context.close();
    server.setDataDir(dataDir);
    rmSync(profile, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  }
}
