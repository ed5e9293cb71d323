/**
 * data/index.json: which releases a static host serves. `npm run data` writes it beside the
 * release folders (public/data/<release>/manifest.json …); a host may serve any subset of them,
 * and the index lists exactly the folders present. The Data page reads it to offer what can be
 * fetched beside what is stored. No index (an older host) means: only the default release's
 * manifest may be there.
 */
import { ReelError } from '../errors';
import { manifestBytes, type Manifest } from './manifest';

export const RELEASE_INDEX_VERSION = 1;
export const RELEASE_INDEX_FILE = 'index.json';

/** One release a host serves, as its manifest describes it. */
interface ServedRelease {
  /** release id and folder name under data/, e.g. "ml-25m" */
  release: string;
  dataVersion: string;
  counts: { ratings: number; users: number; movies: number };
  /** bytes of all its shard files (what a download costs) */
  bytes: number;
}

export interface ReleaseIndex {
  version: number;
  releases: ServedRelease[];
}

const RELEASE_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The index of the given manifests, one entry per release, sorted by release id. */
export function releaseIndexOf(manifests: readonly Manifest[]): ReleaseIndex {
  const seen = new Set<string>();
  const releases: ServedRelease[] = [];
  for (const m of [...manifests].sort((a, b) => a.release.localeCompare(b.release))) {
    if (seen.has(m.release))
      throw new ReelError('internal', `Two data folders hold the release ${m.release}.`);
    seen.add(m.release);
    releases.push({
      release: m.release,
      dataVersion: m.dataVersion,
      counts: { ...m.counts },
      bytes: manifestBytes(m),
    });
  }
  return { version: RELEASE_INDEX_VERSION, releases };
}

/** Validates parsed JSON as a ReleaseIndex; throws ReelError('manifest-invalid') on anything off. */
export function parseReleaseIndex(json: unknown): ReleaseIndex {
  if (!isRecord(json)) throw invalid('it is not a JSON object');
  if (json.version !== RELEASE_INDEX_VERSION)
    throw invalid(`"version" must be ${RELEASE_INDEX_VERSION}`);
  if (!Array.isArray(json.releases)) throw invalid('"releases" must be a list');
  const seen = new Set<string>();
  const releases = json.releases.map((r: unknown, i): ServedRelease => {
    const at = `releases[${i}]`;
    if (!isRecord(r)) throw invalid(`"${at}" must be an object`);
    if (typeof r.release !== 'string' || !RELEASE_ID.test(r.release))
      throw invalid(`"${at}.release" must be a short plain name`);
    if (seen.has(r.release)) throw invalid(`the release ${r.release} is listed twice`);
    seen.add(r.release);
    if (typeof r.dataVersion !== 'string' || r.dataVersion === '')
      throw invalid(`"${at}.dataVersion" must be a non-empty string`);
    if (!isRecord(r.counts)) throw invalid(`"${at}.counts" must be an object`);
    const c = r.counts;
    return {
      release: r.release,
      dataVersion: r.dataVersion,
      counts: {
        ratings: count(c.ratings, `${at}.counts.ratings`),
        users: count(c.users, `${at}.counts.users`),
        movies: count(c.movies, `${at}.counts.movies`),
      },
      bytes: count(r.bytes, `${at}.bytes`),
    };
  });
  return { version: RELEASE_INDEX_VERSION, releases };
}

function count(v: unknown, at: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw invalid(`"${at}" must be a whole number`);
  return v;
}

function invalid(what: string): ReelError {
  return new ReelError(
    'manifest-invalid',
    `The data's ${RELEASE_INDEX_FILE} is not valid: ${what}.`,
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
