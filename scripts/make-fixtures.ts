/**
 * `npm run fixtures`: writes the deterministic test fixtures to tests/fixtures/generated/
 * (git-ignored), the same bytes on every run:
 *   ml-fixture/{movies,users,ratings}.dat   the three tables, Latin-1
 *   ml-fixture.zip                         laid out like the official zip (ml-1m/...)
 *   shards/                                manifest.json + shards, as `npm run data` writes them
 *   shards-corrupt/                        the same, with ratings shard 2 damaged (sha256 mismatch)
 *   shards-future/                         the same, with a manifest version this app does not read
 *   bad/malformed-line.zip, bad/malformed-line/*.dat   ratings.dat line 7 malformed
 *   bad/not-movielens.zip, bad/empty.zip, bad/empty/ratings.dat (+ the other two, valid)
 *   releases/<format>.zip, releases/<format>/*   every release's format (issue #10): ml-100k,
 *     ml-1m, ml-10m and csv (the ML-20M/25M/32M/latest layout), with ids above 65,535 and half
 *     stars where the release has them
 *   attack/ (issue #8): zip-bomb.zip (entries declare 1 GiB each), newline-only/*.dat,
 *     duplicate-rating/*.dat, utf8-movies/*.dat, mixed-line-endings/*.dat
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildShardSet, type ShardSet } from '../src/core/data/shards';
import {
  corruptShard,
  emptyFile,
  makeFixture,
  makeReleaseFixture,
  malformedFiles,
  zipRelease,
  notMovieLensZip,
  zipDatFiles,
  type FixtureOptions,
} from './lib/fixtures';
import {
  duplicateRatingFiles,
  mixedLineEndingFiles,
  newlineOnlyFiles,
  utf8MoviesFiles,
  zipBomb,
} from './lib/attacks';
import { sha256Async } from './lib/checksum';
import { writeShardSet } from './prepare-data';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES_DIR = join(ROOT, 'tests/fixtures/generated');
/** Ratings shards in the fixture set: several, so loading shows progress and can resume. */
export const FIXTURE_RATING_SHARDS = 4;

export interface WrittenFixtures {
  dir: string;
  shards: ShardSet;
}

/**
 * Writes every fixture into a fresh sibling folder, then swaps it in: an e2e run of another
 * checkout serving the old folder never sees it half-written or missing for more than a rename.
 */
export async function writeFixtures(
  finalDir: string = FIXTURES_DIR,
  opts: FixtureOptions = {},
): Promise<WrittenFixtures> {
  const written = await writeFixturesInto(`${finalDir}.tmp-${process.pid}`, opts);
  const old = `${finalDir}.old-${process.pid}`;
  await rename(finalDir, old).catch(() => undefined);
  await rename(written.dir, finalDir);
  await rm(old, { recursive: true, force: true });
  return { ...written, dir: finalDir };
}

async function writeFixturesInto(dir: string, opts: FixtureOptions): Promise<WrittenFixtures> {
  const fixture = makeFixture(opts);
  await rm(dir, { recursive: true, force: true });
  const put = async (path: string, bytes: Uint8Array | string) => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), bytes);
  };
  for (const [name, bytes] of Object.entries(fixture.files)) await put(`ml-fixture/${name}`, bytes);
  await put('ml-fixture.zip', zipDatFiles(fixture.files));

  const shards = await buildShardSet(fixture.parsed, {
    sha256: sha256Async,
    source: 'Reel test fixture',
    ratingShards: FIXTURE_RATING_SHARDS,
    createdAt: new Date('2024-01-01T00:00:00Z'),
  });
  await writeShardSet(shards, join(dir, 'shards'));
  const damaged = shards.files.map((f, i) =>
    i === 4 ? { ...f, bytes: corruptShard(f.bytes) } : f,
  );
  await writeShardSet({ ...shards, files: damaged }, join(dir, 'shards-corrupt'));
  await writeShardSet(
    { manifest: { ...shards.manifest, version: 99 }, files: shards.files },
    join(dir, 'shards-future'),
  );

  const malformed = malformedFiles(7, opts);
  await put('bad/malformed-line.zip', zipDatFiles(malformed.files));
  for (const [name, bytes] of Object.entries(malformed.files))
    await put(`bad/malformed-line/${name}`, bytes);
  await put('bad/not-movielens.zip', notMovieLensZip());
  await put('bad/empty.zip', emptyFile());
  for (const [name, bytes] of Object.entries({ ...fixture.files, 'ratings.dat': emptyFile() }))
    await put(`bad/empty/${name}`, bytes);

  for (const [format, folder] of [
    ['ml-100k', 'ml-100k/'],
    ['ml-1m', 'ml-1m/'],
    ['ml-10m', 'ml-10M100K/'],
    ['csv', 'ml-latest-small/'],
  ] as const) {
    const fx = makeReleaseFixture(format);
    await put(`releases/${format}.zip`, zipRelease(fx, folder));
    for (const [name, bytes] of Object.entries(fx.files))
      await put(`releases/${format}/${name}`, bytes);
  }

  await put('attack/zip-bomb.zip', zipBomb());
  const attacks = {
    'newline-only': newlineOnlyFiles(),
    'duplicate-rating': duplicateRatingFiles().files,
    'utf8-movies': utf8MoviesFiles(),
    'mixed-line-endings': mixedLineEndingFiles(),
  };
  for (const [folder, files] of Object.entries(attacks))
    for (const [name, bytes] of Object.entries(files)) await put(`attack/${folder}/${name}`, bytes);
  return { dir, shards };
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const { dir, shards } = await writeFixtures(
    process.argv[2] ? resolve(process.argv[2]) : undefined,
  );
  const { counts } = shards.manifest;
  console.log(
    `Fixtures in ${dir}: ${counts.ratings} ratings, ${counts.users} users, ${counts.movies} movies, ` +
      `${shards.files.length} shards.`,
  );
}
