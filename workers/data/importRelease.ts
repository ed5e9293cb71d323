/**
 * Importing the user's own MovieLens release (any of them, streamed from the chosen files: no
 * file is ever read into memory whole). The parsed data goes through the same shard writer as
 * `npm run data` (src/core/data/shards.ts), so the stored manifest lists real sizes and hashes
 * and the same content gets the same data version as the host's shards. The import replaces the
 * release's stored data in one transaction, or changes nothing.
 */
import type { DataProgress, DatasetSummary } from '../../src/core/api/data';
import type { ManifestFile } from '../../src/core/data/manifest';
import { readMovieLens } from '../../src/core/data/movielens';
import { shardFiles, shardManifest, type ShardSetOptions } from '../../src/core/data/shards';
import type { ByteSource } from '../../src/core/data/source';
import { ReelError, throwIfAborted } from '../../src/core/errors';
import { replaceDataset, type ShardSource } from '../../src/storage/datasetWrite';
import { shardRecord } from '../../src/storage/shardRecord';
import { signalFromPort } from '../abort';
import { sha256Hex } from '../fetch-bytes';
import { throttleProgress } from '../progress';
import { openStored } from './storedSets';
import { hasDemographics, summaryFigures } from './summary';

/**
 * How the import shards: many small shards (one stored record each, so counting and summaries hold
 * one small piece at a time), and a quick deflate level (nothing downloads these bytes: only their
 * sizes and hashes are kept).
 */
const IMPORT_SHARDS = {
  rowsPerShard: 100_000,
  level: 6,
  source: 'import',
} as const satisfies Omit<ShardSetOptions, 'sha256'>;

export async function importFiles(
  files: { name: string; data: Blob }[],
  onProgress: (p: DataProgress) => void,
  abort?: MessagePort,
): Promise<DatasetSummary> {
  onProgress = throttleProgress(onProgress);
  const signal = signalFromPort(abort);
  if (files.length === 0) throw new ReelError('empty-file', 'No file was chosen.');
  const bytesTotal = files.reduce((s, f) => s + f.data.size, 0);
  const report = (phase: DataProgress['phase'], done: number, shardsDone = 0, shardsTotal = 0) =>
    onProgress({ phase, bytesDone: done, bytesTotal, shardsDone, shardsTotal });
  report('read', 0);
  // Read slice by slice (sizes are checked before anything is read: see movielens.ts).
  const sources: ByteSource[] = files.map((f) => ({
    name: f.name,
    size: f.data.size,
    read: async (offset, length) =>
      new Uint8Array(await f.data.slice(offset, offset + length).arrayBuffer()),
  }));
  const parsed = await readMovieLens(sources, {
    signal,
    onProgress: (p) => report(p.phase, (p.done / Math.max(1, p.total)) * bytesTotal),
  });
  throwIfAborted(signal);
  const figures = summaryFigures();
  figures.add(parsed.ratings);
  const rows = parsed.ratings.ratings.length;
  const shardCount = Math.max(1, Math.ceil(rows / IMPORT_SHARDS.rowsPerShard));
  report('store', bytesTotal, 0, shardCount);
  // The shard set as the server build makes it; only each file's manifest entry is kept.
  const opts: ShardSetOptions = { ...IMPORT_SHARDS, sha256: sha256Hex };
  const made: { file: ManifestFile; firstRow: number }[] = [];
  for await (const f of shardFiles(parsed, opts)) {
    throwIfAborted(signal);
    made.push({ file: f.file, firstRow: f.firstRow });
  }
  const manifest = await shardManifest(
    parsed,
    made.map((f) => f.file),
    opts,
  );
  const ratingFiles = made.filter((f) => f.file.kind === 'ratings');
  // Made one at a time while stored (copies: a stored view would store its whole buffer).
  const shards: ShardSource = {
    length: ratingFiles.length,
    at: (i: number) => {
      const { file, firstRow: a } = ratingFiles[i]!;
      const b = a + file.rows;
      const c = parsed.ratings;
      return shardRecord(parsed.release, file.name, manifest.dataVersion, a, {
        users: c.users.slice(a, b),
        movies: c.movies.slice(a, b),
        ratings: c.ratings.subarray(a, b),
        timestamps: c.timestamps.slice(a, b),
      });
    },
  };
  const summary = figures.summary(manifest, hasDemographics(parsed.users), 'import', bytesTotal);
  throwIfAborted(signal);
  // One transaction: the import replaces the stored data whole, or changes nothing. The same
  // data already stored (from the server or an earlier import) is kept as it is.
  const outcome = await replaceDataset({
    manifest,
    source: 'import',
    movies: parsed.movies,
    users: parsed.users,
    shards,
    summary,
  });
  report('done', bytesTotal, ratingFiles.length, ratingFiles.length);
  if (outcome === 'unchanged') return (await openStored())!;
  return { ...summary, justLoaded: true };
}
