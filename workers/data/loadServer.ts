/**
 * Loading a release from the static host: its list of releases (data/index.json), and the
 * download of one release's manifest and shards, verified and stored one shard per transaction
 * so a reload resumes. Offline or without server data, a complete stored data set stays usable;
 * at start-up the user's own import, or another release they chose, is never replaced.
 */
import type {
  DataProgress,
  DatasetSummary,
  LoadOptions,
  ServedReleaseInfo,
} from '../../src/core/api/data';
import { parseManifest, type Manifest } from '../../src/core/data/manifest';
import { parseReleaseIndex } from '../../src/core/data/releaseIndex';
import { releaseLabel } from '../../src/core/data/releases';
import { decodeMovies, decodeRatings, decodeUsers } from '../../src/core/data/shardCodec';
import { isAbort, ReelError, throwIfAborted } from '../../src/core/errors';
import { completeManifest, listDatasets, storedFiles } from '../../src/storage/dataset';
import { beginDataset, putMovies, putShard, putUsers } from '../../src/storage/datasetWrite';
import { shardRecord } from '../../src/storage/shardRecord';
import { signalFromPort } from '../abort';
import { throttleProgress } from '../progress';
import { asOffline } from '../fetch-bytes';
import { fetchVerified, isJson } from './download';
import { activate, openStored } from './storedSets';
import { finishLoad } from './summary';

const NO_SERVER_DATA =
  'This copy of Reel has no MovieLens data on its server. Import your own ml-1m.zip below.';

/** The releases the host serves; undefined when it has no index (an older host). */
export async function served(indexUrl: string): Promise<ServedReleaseInfo[] | undefined> {
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

/** The manifest at `manifestUrl`, validated; ReelErrors in plain words otherwise. */
async function fetchManifest(manifestUrl: string, signal: AbortSignal | undefined) {
  let res: Response;
  try {
    res = await fetch(manifestUrl, { cache: 'no-cache', signal });
  } catch (e) {
    throw asOffline(e, signal);
  }
  if (res.status === 404) throw new ReelError('no-data', NO_SERVER_DATA);
  if (!res.ok)
    throw new ReelError('network', `The data manifest could not be fetched (HTTP ${res.status}).`);
  if (!isJson(res)) throw new ReelError('no-data', NO_SERVER_DATA);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new ReelError('manifest-invalid', 'The data manifest is not valid JSON.');
  }
  return parseManifest(json);
}

/** Fetch, verify and store the shards listed by the manifest at `manifestUrl`; resumes. */
export async function loadFromServer(
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
    manifest = await fetchManifest(manifestUrl, signal);
  } catch (e) {
    // Offline, or no server data: a complete stored data set is still good to use (unless the
    // user asked for this one).
    if (stored && !opts.switchTo) return (await openStored())!;
    if (e instanceof ReelError || isAbort(e)) throw e;
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
  const progress: DataProgress = {
    phase: 'download',
    bytesDone: files.filter((f) => have.has(f.name)).reduce((s, f) => s + f.bytes, 0),
    bytesTotal: files.reduce((s, f) => s + f.bytes, 0),
    shardsDone: have.size,
    shardsTotal: files.length,
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
