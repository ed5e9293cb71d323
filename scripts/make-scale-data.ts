/**
 * `npm run scale-data -- [--shape ml-25m] [--out <folder>] [--seed N]`
 *
 * Writes a synthetic, long-tailed MovieLens release shaped like a published one (its exact
 * numbers of ratings, users and movies; see scripts/lib/longtail.ts) in the CSV layout of
 * ML-20M/25M/32M: <out>/ratings.csv and <out>/movies.csv. Deterministic: the same shape and seed
 * write the same bytes. Default out: .cache/scale/<shape>-shaped (git-ignored; never commit it).
 * It feeds `npm run bench -- --dataset <out>` (size and time: docs/benchmarks.md).
 */
import { createWriteStream, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateRelease, linksCsv, moviesCsv, SHAPES, type ShapeName } from './lib/longtail';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function writeScaleData(shape: ShapeName, out: string, seed = 25): Promise<number> {
  mkdirSync(out, { recursive: true });
  const release = generateRelease(SHAPES[shape], seed);
  writeFileSync(join(out, 'movies.csv'), moviesCsv(release.movies));
  writeFileSync(join(out, 'links.csv'), linksCsv(release.movies));
  const stream = createWriteStream(join(out, 'ratings.csv'));
  let bytes = 0;
  for (const chunk of release.ratings) {
    bytes += chunk.length;
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
  return bytes;
}

const USAGE = `Usage: npm run scale-data -- [--shape ${Object.keys(SHAPES).join('|')}] [--out <folder>] [--seed N]
  --shape  the published release whose size to copy (default ml-25m)
  --out    output folder (default .cache/scale/<shape>-shaped)
  --seed   generator seed (default 25)`;

async function main(): Promise<number> {
  const { values: v } = parseArgs({
    options: {
      shape: { type: 'string', default: 'ml-25m' },
      out: { type: 'string' },
      seed: { type: 'string', default: '25' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) {
    console.log(USAGE);
    return 0;
  }
  if (!(v.shape in SHAPES)) {
    console.error(`npm run scale-data: --shape takes ${Object.keys(SHAPES).join(', ')}.`);
    return 2;
  }
  const shape = v.shape as ShapeName;
  const seed = Number(v.seed);
  if (!Number.isInteger(seed)) {
    console.error('npm run scale-data: --seed needs a whole number.');
    return 2;
  }
  const out = resolve(v.out ?? join(ROOT, '.cache/scale', `${shape}-shaped`));
  const t = Date.now();
  const bytes = await writeScaleData(shape, out, seed);
  const s = SHAPES[shape];
  console.log(
    `Wrote ${s.ratings.toLocaleString('en')} ratings of ${s.users.toLocaleString('en')} users on ` +
      `${s.movies.toLocaleString('en')} movies (ratings.csv ${(bytes / 1e6).toFixed(0)} MB) to ${out} ` +
      `in ${((Date.now() - t) / 1000).toFixed(1)} s.`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main().then((c) => (process.exitCode = c));
}
