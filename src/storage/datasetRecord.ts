/**
 * Data-set records and movies/users tables as read back from IndexedDB, checked field by field
 * like every other stored record (issue 18): a damaged record, or one another layout wrote, throws
 * the 'no-data' ReelError, so it counts as data that is not (completely) stored and the app
 * fetches it again or asks for a new import, instead of failing later on a missing field.
 * Lenient where older Reels stored less: a manifest file's sha256 may be '' and its bytes 0, and
 * the manifest fields no read depends on (version, release, source, createdAt, counts) are
 * checked only when present. The manifest's blend is checked where it is used (modelCache.ts).
 * Valid input comes back as the very same object (nothing copied: a table can be large).
 */
import type { DataSource } from '../core/api/data';
import type { Movie, User } from '../core/data/types';
import { ReelError } from '../core/errors';
import type { DatasetRecord } from './db';

const SOURCES: readonly DataSource[] = ['server', 'import'];
const SHARD_KINDS: readonly string[] = ['movies', 'users', 'ratings'];

type Rec = Record<string, unknown>;

const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const isFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isText = (v: unknown): v is string => typeof v === 'string';
/** An optional field: absent (or undefined), or of the right kind. */
const optional = (v: unknown, ok: (v: unknown) => boolean) => v === undefined || ok(v);

function damaged(what: string): ReelError {
  return new ReelError('no-data', 'The stored MovieLens data is damaged: load it again.', what);
}

function check(ok: boolean, what: string): void {
  if (!ok) throw damaged(what);
}

function checkManifest(m: unknown): void {
  check(isRecord(m), 'its manifest is missing');
  const r = m as Rec;
  check(isText(r.dataVersion), 'manifest.dataVersion');
  check(optional(r.version, isCount), 'manifest.version');
  for (const key of ['release', 'source', 'createdAt', 'blendRejected'])
    check(optional(r[key], isText), `manifest.${key}`);
  check(
    optional(
      r.counts,
      (c) => isRecord(c) && isCount(c.ratings) && isCount(c.users) && isCount(c.movies),
    ),
    'manifest.counts',
  );
  check(Array.isArray(r.files), 'manifest.files');
  (r.files as unknown[]).forEach((f, i) =>
    check(
      isRecord(f) &&
        isText(f.name) &&
        SHARD_KINDS.includes(f.kind as string) &&
        isFinite(f.bytes) &&
        f.bytes >= 0 &&
        isText(f.sha256) &&
        isCount(f.rows),
      `manifest.files[${i}]`,
    ),
  );
}

/** A data-set record as read back, checked (see the header); throws 'no-data' when damaged. */
export function restoreDatasetRecord(raw: unknown): DatasetRecord {
  check(isRecord(raw), 'the record is not an object');
  const r = raw as Rec;
  check(isText(r.release), 'release');
  checkManifest(r.manifest);
  check(SOURCES.includes(r.source as DataSource), 'source');
  check(isFinite(r.startedAt), 'startedAt');
  // loaded.summary is restored where it is read (restoreDatasetSummary)
  check(
    optional(r.loaded, (l) => isRecord(l) && isText(l.dataVersion) && isFinite(l.loadedAt)),
    'loaded',
  );
  return raw as DatasetRecord;
}

/** The record, or undefined when there is none or it is damaged (counts as not stored). */
export function storedDatasetRecord(raw: unknown): DatasetRecord | undefined {
  if (raw === undefined) return undefined;
  try {
    return restoreDatasetRecord(raw);
  } catch {
    return undefined;
  }
}

function rows<T>(raw: unknown, table: string, ok: (row: Rec) => boolean): T[] {
  check(Array.isArray(raw), `the ${table} table is not a list`);
  const list = raw as unknown[];
  for (let i = 0; i < list.length; i++) {
    const row = list[i];
    check(isRecord(row) && ok(row), `${table}[${i}]`);
  }
  return list as T[];
}

/** A stored movies table's rows, checked; throws 'no-data' when one is damaged. */
export function restoreMovies(raw: unknown): Movie[] {
  return rows<Movie>(
    raw,
    'movies',
    (m) =>
      isId(m.id) &&
      isText(m.title) &&
      (m.year === null || isFinite(m.year)) &&
      Array.isArray(m.genres) &&
      m.genres.every(isText) &&
      optional(m.imdbId, isFinite) &&
      optional(m.tmdbId, isFinite),
  );
}

/** A stored users table's rows, checked; throws 'no-data' when one is damaged. */
export function restoreUsers(raw: unknown): User[] {
  return rows<User>(
    raw,
    'users',
    (u) =>
      isId(u.id) &&
      optional(u.gender, (g) => g === 'M' || g === 'F') &&
      optional(u.age, isFinite) &&
      optional(u.occupation, isFinite) &&
      optional(u.zip, isText),
  );
}
