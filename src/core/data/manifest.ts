/**
 * manifest.json: the table of contents of a prepared data set. MANIFEST_VERSION is the one format
 * this app reads; bump it whenever the manifest or the shard format (shards.ts) changes, so an old
 * app never misreads new data and a new app replaces old data cleanly.
 * Files are listed in load order: movies, users, then ratings shards whose rows concatenate, in
 * list order, to the original ratings order.
 */
import type { BlendInfo } from '../api/model';
import { restoreBlendInfo } from '../api/restoreModel';
import { ReelError } from '../errors';

export const MANIFEST_VERSION = 2;

export type ShardKind = 'movies' | 'users' | 'ratings';
const SHARD_KINDS: readonly ShardKind[] = ['movies', 'users', 'ratings'];

export interface ManifestFile {
  /** Plain file name, relative to manifest.json (no '/' or '..'). */
  name: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
  kind: ShardKind;
  rows: number;
}

export interface Manifest {
  version: number;
  /**
   * Which MovieLens release this is (since version 2), e.g. "ml-1m", "ml-25m": the id of its
   * slot in storage (one stored data set per release) and its folder under public/data/.
   */
  release: string;
  /** Content hash prefix: equal data gives an equal value, any change to the data changes it. */
  dataVersion: string;
  /** Where the data came from, in words (e.g. "ml-1m.zip"). */
  source: string;
  /** ISO 8601 time the shards were built. */
  createdAt: string;
  counts: { ratings: number; users: number; movies: number };
  files: ManifestFile[];
  /**
   * Optional: the served blend (weights, stars' stack, ranking lambda, figures) measured in Node
   * when the data was prepared (scripts/lib/blend-record.ts), so a visitor's device never
   * measures it. Checked like a stored record (restoreBlendInfo): a bad one is left out, not fatal.
   */
  blend?: BlendInfo;
  /** Why the manifest's blend record was left out (it was present but not valid). */
  blendRejected?: string;
}

const PLAIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const RELEASE_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** Validates parsed JSON (or a JSON string) as a Manifest; throws ReelError on anything off. */
export function parseManifest(json: unknown): Manifest {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json) as unknown;
    } catch {
      throw invalid('it is not valid JSON');
    }
  }
  if (!isRecord(json)) throw invalid('it is not a JSON object');
  const version = json.version;
  if (!isCount(version)) throw invalid('"version" must be a whole number');
  if (version !== MANIFEST_VERSION) {
    throw new ReelError(
      'manifest-version',
      `The data is in format version ${version}, but this version of Reel reads format ${MANIFEST_VERSION}. ` +
        'Prepare the data again with this version, or update the app.',
    );
  }
  const dataVersion = text(json, 'dataVersion');
  const release = text(json, 'release');
  if (!RELEASE_ID.test(release)) throw invalid('"release" must be a short plain name');
  const source = text(json, 'source', true);
  const createdAt = text(json, 'createdAt');
  if (Number.isNaN(Date.parse(createdAt))) throw invalid('"createdAt" must be a date');
  if (!isRecord(json.counts)) throw invalid('"counts" must be an object');
  const counts = {
    ratings: count(json.counts, 'ratings', 'counts.'),
    users: count(json.counts, 'users', 'counts.'),
    movies: count(json.counts, 'movies', 'counts.'),
  };
  if (!Array.isArray(json.files) || json.files.length === 0)
    throw invalid('"files" must be a non-empty list');
  const files = json.files.map((f: unknown, i) => manifestFile(f, `files[${i}].`));

  const names = new Set(files.map((f) => f.name));
  if (names.size !== files.length) throw invalid('a file is listed twice');
  const rowsOf = (kind: ShardKind) =>
    files.filter((f) => f.kind === kind).reduce((s, f) => s + f.rows, 0);
  for (const kind of ['movies', 'users'] as const) {
    const n = files.filter((f) => f.kind === kind).length;
    if (n !== 1) throw invalid(`it must list exactly one ${kind} file, not ${n}`);
  }
  for (const kind of SHARD_KINDS) {
    if (rowsOf(kind) !== counts[kind])
      throw invalid(
        `the ${kind} files hold ${rowsOf(kind)} rows but counts.${kind} is ${counts[kind]}`,
      );
  }
  const m: Manifest = { version, release, dataVersion, source, createdAt, counts, files };
  if (json.blend !== undefined) {
    const b = preparedBlend(json.blend, dataVersion);
    if (typeof b === 'string') m.blendRejected = b;
    else m.blend = b;
  }
  return m;
}

/**
 * The manifest's blend record, checked: a BlendInfo (restoreBlendInfo) for this very data version,
 * measured when the data was prepared. Returns the record, or why it is left out.
 */
export function preparedBlend(value: unknown, dataVersion: string): BlendInfo | string {
  try {
    const b = restoreBlendInfo(value);
    if (b.dataVersion !== dataVersion)
      return `its data version ${b.dataVersion.slice(0, 16)} is not the data's ${dataVersion.slice(0, 16)}`;
    if (b.origin?.where !== 'prepared')
      return 'it does not say it was measured when the data was prepared';
    return b;
  } catch (e) {
    return e instanceof ReelError ? (e.detail ?? e.message) : String(e);
  }
}

/** Total bytes of all files a manifest lists. */
export function manifestBytes(m: Manifest): number {
  return m.files.reduce((s, f) => s + f.bytes, 0);
}

function manifestFile(f: unknown, at: string): ManifestFile {
  if (!isRecord(f)) throw invalid(`"${at.slice(0, -1)}" must be an object`);
  const name = text(f, 'name', false, at);
  if (!PLAIN_NAME.test(name) || name.includes('..'))
    throw invalid(`"${at}name" must be a plain file name, got "${name.slice(0, 60)}"`);
  const sha256 = text(f, 'sha256', false, at);
  if (!SHA256_HEX.test(sha256)) throw invalid(`"${at}sha256" must be 64 lower-case hex digits`);
  const kind = f.kind;
  if (!SHARD_KINDS.includes(kind as ShardKind))
    throw invalid(`"${at}kind" must be one of ${SHARD_KINDS.join(', ')}`);
  const bytes = count(f, 'bytes', at);
  if (bytes === 0) throw invalid(`"${at}bytes" must be more than 0`);
  return { name, bytes, sha256, kind: kind as ShardKind, rows: count(f, 'rows', at) };
}

function invalid(what: string): ReelError {
  return new ReelError('manifest-invalid', `The data's manifest.json is not valid: ${what}.`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function count(o: Record<string, unknown>, key: string, at = ''): number {
  const v = o[key];
  if (!isCount(v)) throw invalid(`"${at}${key}" must be a whole number`);
  return v;
}

function text(o: Record<string, unknown>, key: string, mayBeEmpty = false, at = ''): string {
  const v = o[key];
  if (typeof v !== 'string' || (!mayBeEmpty && v === ''))
    throw invalid(`"${at}${key}" must be a ${mayBeEmpty ? '' : 'non-empty '}string`);
  return v;
}
