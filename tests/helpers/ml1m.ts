/**
 * The real MovieLens 1M for tests, read by the product's own reader (src/core/data/movielens.ts
 * through scripts/lib/sources.ts, as `npm run data` reads it), so a test on the real data also
 * tests the path that ships. Where: ML1M_DIR (a folder with the .dat files), else ML1M_ZIP, else
 * ../shared/datasets/ml-1m beside the repository. Tests skip when none is there (`ML1M_PATH` null).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_LIMITS, readMovieLens, type ParsedMovieLens } from '../../src/core/data/movielens';
import { pathSources } from '../../scripts/lib/sources';

const SIBLING = fileURLToPath(new URL('../../../shared/datasets/ml-1m', import.meta.url));

function locate(): string | null {
  const dir = process.env.ML1M_DIR;
  if (dir && existsSync(join(dir, 'ratings.dat'))) return dir;
  const zip = process.env.ML1M_ZIP;
  if (zip && existsSync(zip)) return zip;
  return existsSync(join(SIBLING, 'ratings.dat')) ? SIBLING : null;
}

/** The folder or zip the tests read; null when there is no copy (tests on it skip). */
export const ML1M_PATH = locate();

let loaded: Promise<ParsedMovieLens> | undefined;

/** MovieLens 1M as the reader gives it (read once per test file). */
export function loadMl1m(): Promise<ParsedMovieLens> {
  if (!ML1M_PATH) return Promise.reject(new Error('No MovieLens 1M: set ML1M_DIR or ML1M_ZIP.'));
  return (loaded ??= readMovieLens(pathSources(ML1M_PATH), { limits: CLI_LIMITS }));
}
