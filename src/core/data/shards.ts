/**
 * The shard writer: parsed MovieLens data to its shard files (shardCodec.ts) and their manifest.
 * The one way a shard set is made, whether `npm run data` writes it for the host or the browser
 * stores a user's own import: both manifests list real sizes and hashes, and equal data gives an
 * equal data version (dataVersion.ts).
 * Ratings are split into consecutive row ranges (a number of equal shards, or a number of rows
 * each); file names carry a content-hash prefix, so a changed file never hides behind a cached one.
 */
import { dataVersionOf } from './dataVersion';
import { MANIFEST_VERSION, type Manifest, type ManifestFile, type ShardKind } from './manifest';
import type { ParsedMovieLens } from './movielens';
import { encodeMovies, encodeRatings, encodeUsers, type EncodeOptions } from './shardCodec';
import type { RatingColumns } from './types';

export interface ShardSetOptions {
  /** Number of ratings files (default 10); rows are split into equal consecutive ranges. */
  ratingShards?: number;
  /** Rows per ratings file instead (the last one holds the rest); wins over `ratingShards`. */
  rowsPerShard?: number;
  /** Lower-case hex SHA-256 (Web Crypto in browsers, node:crypto in scripts). */
  sha256: (bytes: Uint8Array) => Promise<string>;
  /** Where the data came from, in words, e.g. "ml-1m.zip". */
  source: string;
  /** Build time; default now. */
  createdAt?: Date;
  /** Deflate level (see EncodeOptions); default 9. */
  level?: EncodeOptions['level'];
}

export interface ShardSet {
  manifest: Manifest;
  files: { name: string; bytes: Uint8Array }[];
}

/** One encoded file of a shard set, with its manifest entry and its first row (ratings). */
export interface ShardFile {
  file: ManifestFile;
  bytes: Uint8Array;
  /** row offset of a ratings file within the whole ratings columns (0 for the tables) */
  firstRow: number;
}

const DEFAULT_RATING_SHARDS = 10;

/** Rows per ratings file: no empty shards when there are few rows. */
function rowsPerShard(n: number, opts: ShardSetOptions): number {
  if (opts.rowsPerShard !== undefined) return Math.max(1, Math.floor(opts.rowsPerShard));
  return Math.max(1, Math.ceil(n / Math.max(1, opts.ratingShards ?? DEFAULT_RATING_SHARDS)));
}

/**
 * The shard set's files in manifest order (movies, users, ratings), encoded and hashed one at a
 * time: a caller that does not keep them holds one file's bytes at once.
 */
export async function* shardFiles(
  data: ParsedMovieLens,
  opts: ShardSetOptions,
): AsyncGenerator<ShardFile> {
  const n = data.ratings.users.length;
  const per = rowsPerShard(n, opts);
  const shards = Math.max(1, Math.ceil(n / per));
  const enc: EncodeOptions = { level: opts.level };
  const named = async (kind: ShardKind, label: string, rows: number, bytes: Uint8Array) => {
    const sha256 = await opts.sha256(bytes);
    const name = `${label}-${sha256.slice(0, 12)}.bin`;
    return { name, bytes: bytes.length, sha256, kind, rows };
  };
  const movies = encodeMovies(data.movies, enc);
  yield {
    file: await named('movies', 'movies', data.movies.length, movies),
    bytes: movies,
    firstRow: 0,
  };
  const users = encodeUsers(data.users, enc);
  yield {
    file: await named('users', 'users', data.users.length, users),
    bytes: users,
    firstRow: 0,
  };
  const width = Math.max(2, String(shards - 1).length);
  for (let s = 0; s < shards; s++) {
    const a = s * per;
    const b = Math.min(n, a + per);
    const bytes = encodeRatings(sliceRatings(data.ratings, a, b), enc);
    const label = `ratings-${String(s).padStart(width, '0')}`;
    yield { file: await named('ratings', label, b - a, bytes), bytes, firstRow: a };
  }
}

/** The manifest of `data` whose files `shardFiles` made. */
export async function shardManifest(
  data: ParsedMovieLens,
  files: ManifestFile[],
  opts: Pick<ShardSetOptions, 'sha256' | 'source' | 'createdAt'>,
): Promise<Manifest> {
  return {
    version: MANIFEST_VERSION,
    release: data.release,
    dataVersion: await dataVersionOf(data, opts.sha256),
    source: opts.source,
    createdAt: (opts.createdAt ?? new Date()).toISOString(),
    counts: {
      ratings: data.ratings.users.length,
      users: data.users.length,
      movies: data.movies.length,
    },
    files,
  };
}

/** Encodes parsed MovieLens data into movies, users and ratings shards plus their manifest. */
export async function buildShardSet(
  data: ParsedMovieLens,
  opts: ShardSetOptions,
): Promise<ShardSet> {
  const made: ShardFile[] = [];
  for await (const f of shardFiles(data, opts)) made.push(f);
  const manifest = await shardManifest(
    data,
    made.map((f) => f.file),
    opts,
  );
  return { manifest, files: made.map((f) => ({ name: f.file.name, bytes: f.bytes })) };
}

/** Rows [start, end) of every column, as views (no copy). */
function sliceRatings(cols: RatingColumns, start: number, end: number): RatingColumns {
  return {
    users: cols.users.subarray(start, end),
    movies: cols.movies.subarray(start, end),
    ratings: cols.ratings.subarray(start, end),
    timestamps: cols.timestamps.subarray(start, end),
  };
}
