/**
 * Builds the app once (served under /reel/ to prove sub-path hosting) and prepares data folders:
 * fixture shards always; full MovieLens 1M shards when ML1M_ZIP (or ML1M_DIR) points at a copy.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runPrepareData } from '../../scripts/lib/prepare-cli';

/** E2E_DIST_DIR lets two checkouts' runs on one machine build apart. */
export const E2E_DIST = process.env.E2E_DIST_DIR ?? join(process.cwd(), 'dist-e2e');
const GENERATED = join(process.cwd(), 'tests/fixtures/generated');

declare module 'vitest' {
  export interface ProvidedContext {
    distDir: string;
    fixtureShards: string;
    fixtureDir: string;
    fixtureZip: string;
    fullShards: string | null;
  }
}

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  execFileSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
}

export default function setup(project: TestProject) {
  if (!process.env.E2E_SKIP_BUILD || !existsSync(E2E_DIST)) {
    run('npx', ['vite', 'build', '--outDir', E2E_DIST, '--emptyOutDir', '--logLevel', 'warn'], {
      REEL_BASE: '/reel/',
      REEL_BENCH_PAGE: '1',
      // Vitest sets NODE_ENV=test in this process; the app under test is the production build.
      NODE_ENV: 'production',
    });
  }
  run('npx', ['tsx', 'scripts/make-fixtures.ts']);
  let fullShards: string | null = null;
  const src = process.env.ML1M_ZIP ?? process.env.ML1M_DIR;
  if (src && existsSync(src)) {
    fullShards = join(process.cwd(), '.cache/ml-1m-shards');
    if (!existsSync(join(fullShards, 'manifest.json'))) runPrepareData(src, fullShards);
  }
  project.provide('distDir', E2E_DIST);
  project.provide('fixtureShards', join(GENERATED, 'shards'));
  project.provide('fixtureDir', join(GENERATED, 'ml-fixture'));
  project.provide('fixtureZip', join(GENERATED, 'ml-fixture.zip'));
  project.provide('fullShards', fullShards);
}
