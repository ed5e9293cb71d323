/**
 * Data worker: gets MovieLens onto the device. Fetches the manifest and shards with progress,
 * verifies each shard's sha256 (Web Crypto), decodes it and stores it through src/storage — or
 * imports the user's own MovieLens release (any of them, streamed from the chosen Files: no file
 * is ever read into memory whole). Several data sets can be stored; one is active.
 * Exposes `DataApi` via comlink.
 */
import { throttleProgress } from './progress';
import { transfer } from 'comlink';
import {
  MANIFEST_VERSION,
  parseManifest,
  type Manifest,
  type ManifestFile,
} from '../src/core/data/manifest';
import { dataVersionOf, decodeMovies, decodeRatings, decodeUsers } from '../src/core/data/shards';
import { readMovieLens, releaseLabel } from '../src/core/data/movielens';
import { parseReleaseIndex } from '../src/core/data/releaseIndex';
import type { ByteSource } from '../src/core/data/source';
import type { Movie, RatingColumns, User } from '../src/core/data/types';
import { indexById } from '../src/core/features/tiers';
import { ReelError, throwIfAborted } from '../src/core/errors';
import {
  activateDataset,
  beginDataset,
  completeManifest,
  listDatasets,
  shardRecord,
  forEachShard,
  loadTables,
  markLoaded,
  putMovies,
  putShard,
  putUsers,
  replaceDataset,
  storedFiles,
} from '../src/storage/dataset';
import { signalFromPort } from './abort';
import type {
  Catalog,
  DataApi,
  DataProgress,
  DatasetSummary,
  Demographics,
  LoadOptions,
  ServedReleaseInfo,
  StoredDatasetInfo,
} from './data-api';
import { exposeApi } from './expose';
import { fetchBytes, sha256Hex } from './fetch-bytes';

const SHARD_TRIES = 3;
/** Rows per stored shard when importing a zip (server shards come pre-split). */
const IMPORT_SHARD_ROWS = 100_000;

/** The summary's figures, gathered over the ratings in any number of pieces. */
function summaryFigures() {
  const histogram = [0, 0, 0, 0, 0];
  const halves = new Array<number>(10).fill(0);
  let first = Infinity;
  let last = 0;
  let n = 0;
  return {
    add(cols: RatingColumns) {
      for (let i = 0; i < cols.ratings.length; i++) {
        const r = cols.ratings[i]!;
        halves[Math.round(r * 2) - 1]!++;
        histogram[Math.max(0, Math.ceil(r) - 1)]!++;
        const t = cols.timestamps[i]!;
        if (t < first) first = t;
        if (t > last) last = t;
      }
      n += cols.ratings.length;
    },
    summary(
      m: Manifest,
      demographics: boolean,
      source: 'server' | 'import',
      bytes = m.files.reduce((s, f) => s + f.bytes, 0),
    ): DatasetSummary {
      return {
        source,
        release: m.release,
        label: releaseLabel(m.release),
        demographics,
        halfStars: halves.some((c, i) => i % 2 === 0 && c > 0),
        halves,
        dataVersion: m.dataVersion,
        counts: { ...m.counts },
        firstTimestamp: n ? first : 0,
        lastTimestamp: last,
        histogram,
        bytes,
      };
    },
  };
}

function summarize(
  m: Manifest,
  cols: RatingColumns,
  demographics: boolean,
  source: 'server' | 'import',
  bytes?: number,
): DatasetSummary {
  const f = summaryFigures();
  f.add(cols);
  return f.summary(m, demographics, source, bytes);
}

/** The stored data set's summary, in one pass over its shards (never all of them at once). */
async function storedSummary(m: Manifest, source: 'server' | 'import'): Promise<DatasetSummary> {
  const f = summaryFigures();
  const { users } = await forEachShard((cols) => f.add(cols));
  return f.summary(m, hasDemographics(users), source);
}

async function openStored(): Promise<DatasetSummary | undefined> {
  const stored = await completeManifest();
  if (!stored) return undefined;
  const s = stored.summary as DatasetSummary | undefined;
  if (s?.dataVersion === stored.manifest.dataVersion && s.release !== undefined)
    return { ...s, justLoaded: false };
  // No usable stored summary (older record): compute it once and keep it.
  const summary = await storedSummary(stored.manifest, stored.source);
  await markLoaded(stored.manifest.dataVersion, summary);
  return { ...summary, justLoaded: false };
}

/** Scans the complete stored data set once, stores its figures, returns them. */
async function finishLoad(m: Manifest, source: 'server' | 'import'): Promise<DatasetSummary> {
  const summary = await storedSummary(m, source);
  await markLoaded(m.dataVersion, summary);
  return { ...summary, justLoaded: true };
}

/** Downloads one file, checks its checksum; retried on mismatch or network failure. */
async function fetchVerified(
  url: string,
  file: ManifestFile,
  signal: AbortSignal | undefined,
  onBytes: (n: number) => void,
): Promise<Uint8Array> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= SHARD_TRIES; attempt++) {
    throwIfAborted(signal);
    let counted = 0;
    try {
      const bytes = await fetchBytes(url, signal, (n) => {
        counted += n;
        onBytes(n);
      });
      if ((await sha256Hex(bytes)) === file.sha256) return bytes;
      lastError = new ReelError(
        'checksum',
        `The data file ${file.name} arrived damaged (its checksum does not match) ${SHARD_TRIES} times in a row.`,
      );
    } catch (e) {
      if (signal?.aborted) throw e;
      lastError = e;
    }
    onBytes(-counted);
  }
  throw lastError;
}

/** Static hosts often answer unknown paths with the app's index.html: that means no such file. */
const isJson = (res: Response) =>
  /json/i.test(res.headers.get('content-type') ?? 'application/json');

async function served(indexUrl: string): Promise<ServedReleaseInfo[] | undefined> {
  let res: Response;
  try {
    res = await fetch(indexUrl, { cache: 'no-cache' });
  } catch {
    throw new ReelError(
      'network',
      "The list of the server's data sets could not be fetched (are you offline?).",
    );
  }
  if (res.status === 404 || (res.ok && !isJson(res))) return undefined;
  if (!res.ok)
    throw new ReelError(
      'network',
      `The list of the server's data sets could not be fetched (HTTP ${res.status}).`,
    );
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new ReelError('manifest-invalid', "The data's index.json is not valid JSON.");
  }
  return parseReleaseIndex(json).releases.map((r) => ({ ...r, label: releaseLabel(r.release) }));
}

async function loadFromServer(
  manifestUrl: string,
  onProgress: (p: DataProgress) => void,
  abort?: MessagePort,
  opts: LoadOptions = {},
): Promise<DatasetSummary> {
  onProgress = throttleProgress(onProgress);
  const signal = signalFromPort(abort);
  const stored = await completeManifest();
  let manifest: Manifest;
  try {
    const res = await fetch(manifestUrl, { cache: 'no-cache', signal });
    if (res.status === 404)
      throw new ReelError(
        'no-data',
        'This copy of Reel has no MovieLens data on its server. Import your own ml-1m.zip below.',
      );
    if (!res.ok)
      throw new ReelError(
        'network',
        `The data manifest could not be fetched (HTTP ${res.status}).`,
      );
    if (!isJson(res))
      throw new ReelError(
        'no-data',
        'This copy of Reel has no MovieLens data on its server. Import your own ml-1m.zip below.',
      );
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      throw new ReelError('manifest-invalid', 'The data manifest is not valid JSON.');
    }
    manifest = parseManifest(json);
  } catch (e) {
    // Offline, or no server data: a complete stored data set is still good to use (unless the
    // user asked for this one).
    if (stored && !opts.switchTo) return (await openStored())!;
    if (e instanceof ReelError) throw e;
    throw new ReelError(
      'network',
      'The MovieLens data could not be downloaded (are you offline?). You can import your own ml-1m.zip instead.',
    );
  }
  throwIfAborted(signal);
  if (opts.switchTo) {
    // Already completely stored with this content: switching to it is enough.
    const have = (await listDatasets()).find((d) => d.release === manifest.release);
    if (
      have?.complete &&
      have.manifest.version === manifest.version &&
      have.manifest.dataVersion === manifest.dataVersion
    )
      return activate(manifest.release);
  } else {
    // Read again: an import may have finished while the manifest was on its way.
    const now = await completeManifest();
    // The user's own import stays until they replace it, and so does another release they chose
    // (the start-up manifest is the default release's); unchanged server data opens at once.
    if (now?.source === 'import' || (now && now.manifest.release !== manifest.release))
      return (await openStored())!;
    if (
      now &&
      now.manifest.version === manifest.version &&
      now.manifest.dataVersion === manifest.dataVersion
    )
      return (await openStored())!;
  }
  await beginDataset(manifest, 'server');
  const have = await storedFiles(manifest.dataVersion);
  const files = manifest.files;
  const total = { bytes: files.reduce((s, f) => s + f.bytes, 0), shards: files.length };
  const progress: DataProgress = {
    phase: 'download',
    bytesDone: files.filter((f) => have.has(f.name)).reduce((s, f) => s + f.bytes, 0),
    bytesTotal: total.bytes,
    shardsDone: have.size,
    shardsTotal: total.shards,
  };
  onProgress({ ...progress });
  let rowOffset = 0;
  for (const file of files) {
    const index = rowOffset;
    if (file.kind === 'ratings') rowOffset += file.rows;
    if (have.has(file.name)) continue;
    const url = new URL(file.name, new URL(manifestUrl, self.location.href)).href;
    const bytes = await fetchVerified(url, file, signal, (n) => {
      progress.bytesDone += n;
      onProgress({ ...progress, phase: 'download' });
    });
    throwIfAborted(signal);
    if (file.kind === 'movies')
      await putMovies(manifest.release, manifest.dataVersion, decodeMovies(bytes, file.name));
    else if (file.kind === 'users')
      await putUsers(manifest.release, manifest.dataVersion, decodeUsers(bytes, file.name));
    else {
      const cols = decodeRatings(bytes, file.name);
      if (cols.ratings.length !== file.rows)
        throw new ReelError(
          'manifest-invalid',
          `The data file ${file.name} has the wrong number of rows.`,
        );
      await putShard(shardRecord(manifest.release, file.name, manifest.dataVersion, index, cols));
    }
    progress.shardsDone++;
    onProgress({ ...progress, phase: 'store' });
  }
  const summary = await finishLoad(manifest, 'server');
  onProgress({ ...progress, phase: 'done' });
  return summary;
}

async function importFiles(
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
  // Same content hash as prepared shards: an imported zip equals the downloaded data.
  const dataVersion = await dataVersionOf(parsed, sha256Hex);
  const n = parsed.ratings.ratings.length;
  const shardCount = Math.ceil(n / IMPORT_SHARD_ROWS);
  const shardName = (i: number) => `ratings-${String(i).padStart(3, '0')}`;
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    release: parsed.release,
    dataVersion,
    source: 'import',
    createdAt: new Date().toISOString(),
    counts: { ratings: n, users: parsed.users.length, movies: parsed.movies.length },
    files: [
      { name: 'movies', kind: 'movies', bytes: 0, sha256: '', rows: parsed.movies.length },
      { name: 'users', kind: 'users', bytes: 0, sha256: '', rows: parsed.users.length },
      ...Array.from({ length: shardCount }, (_, i) => ({
        name: shardName(i),
        kind: 'ratings' as const,
        bytes: 0,
        sha256: '',
        rows: Math.min(IMPORT_SHARD_ROWS, n - i * IMPORT_SHARD_ROWS),
      })),
    ],
  };
  // Made one at a time while stored (copies: a stored view would store its whole buffer).
  const shards = {
    length: shardCount,
    at: (i: number) => {
      const a = i * IMPORT_SHARD_ROWS;
      const b = Math.min(n, a + IMPORT_SHARD_ROWS);
      const c = parsed.ratings;
      return shardRecord(parsed.release, shardName(i), dataVersion, a, {
        users: c.users.slice(a, b),
        movies: c.movies.slice(a, b),
        ratings: c.ratings.subarray(a, b),
        timestamps: c.timestamps.slice(a, b),
      });
    },
  };
  const summary = summarize(
    manifest,
    parsed.ratings,
    hasDemographics(parsed.users),
    'import',
    bytesTotal,
  );
  throwIfAborted(signal);
  report('store', bytesTotal, 0, shardCount);
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
  report('done', bytesTotal, shardCount, shardCount);
  if (outcome === 'unchanged') return (await openStored())!;
  return { ...summary, justLoaded: true };
}

/**
 * Ratings per catalogue movie, counted in one pass over the stored shards (never all of them in
 * memory: ML-25M's columns are ~425 MB); `keep` filters by rater id.
 */
async function countStored(
  movies: readonly Movie[],
  keep?: (user: number) => boolean,
): Promise<{ version: string; counts: Uint32Array }> {
  const counts = new Uint32Array(movies.length);
  const byId = indexById(movies);
  const { version } = await forEachShard((cols) => {
    for (let r = 0; r < cols.movies.length; r++) {
      if (keep && !keep(cols.users[r]!)) continue;
      const i = byId[cols.movies[r]!];
      if (i !== undefined && i >= 0) counts[i]!++;
    }
  });
  return { version, counts };
}

/** The active tables (movies, users), read once per data version. */
let tables: { version: string; data: Promise<{ movies: Movie[]; users: User[] }> } | undefined;
async function storedTables(): Promise<{ version: string; movies: Movie[]; users: User[] }> {
  const version = (await completeManifest())?.manifest.dataVersion ?? '';
  if (!tables || tables.version !== version) {
    const data = loadTables();
    tables = { version, data };
    data.catch(() => (tables = undefined));
  }
  return { version, ...(await tables.data) };
}

let catalogCounts: { version: string; counts: Promise<Uint32Array> } | undefined;

async function catalog(): Promise<Catalog> {
  const { version, movies } = await storedTables();
  if (!catalogCounts || catalogCounts.version !== version) {
    const counts = countStored(movies).then((c) => c.counts);
    catalogCounts = { version, counts };
    counts.catch(() => (catalogCounts = undefined));
  }
  return { dataVersion: version, movies, ratingCounts: await catalogCounts.counts };
}

async function popularityAmong(d: Demographics): Promise<Uint32Array> {
  const { movies, users } = await storedTables();
  const match = new Set(
    users
      .filter(
        (u) =>
          (d.gender === undefined || u.gender === d.gender) &&
          (d.age === undefined || u.age === d.age) &&
          (d.occupation === undefined || u.occupation === d.occupation),
      )
      .map((u) => u.id),
  );
  const { counts } = await countStored(movies, (u) => match.has(u));
  return transfer(counts, [counts.buffer]);
}

function hasDemographics(users: readonly { gender?: unknown }[]): boolean {
  return users.length > 0 && users[0]!.gender !== undefined;
}

async function datasets(): Promise<StoredDatasetInfo[]> {
  return (await listDatasets()).map((d) => ({
    release: d.release,
    label: releaseLabel(d.release),
    source: d.source,
    complete: d.complete,
    active: d.active,
    dataVersion: d.manifest.dataVersion,
    counts: { ...d.manifest.counts },
  }));
}

/** Makes another completely stored data set active; returns its summary. */
async function activate(release: string): Promise<DatasetSummary> {
  await activateDataset(release);
  return (await openStored())!;
}

const api: DataApi = {
  openStored,
  served,
  datasets,
  activate,
  loadFromServer,
  importFiles,
  catalog,
  popularityAmong,
};
exposeApi(api as unknown as Record<string, (...args: never[]) => unknown>);
