/**
 * The compact binary shard codec: one table (movies, users or a run of ratings) to bytes and
 * back. shards.ts builds whole shard sets from it. Every shard is
 *   header (16 bytes, uncompressed): "REEL", kind (1 movies, 2 users, 3 ratings), format version,
 *     2 reserved zero bytes, rows (u32 LE), body length before compression (u32 LE)
 *   body: raw deflate (level 9 unless EncodeOptions say otherwise) of
 *     movies / users: UTF-8 JSON of columns (small tables; deflate does the work); movies of a
 *       release with links.csv add two optional id columns (links.ts), which older readers skip
 *     ratings: varint run count; per run zigzag(user - previous run's user), run length;
 *       movie ids as four byte planes (all highest bytes, ..., then all low bytes; empty planes
 *       deflate to almost nothing); ratings, one byte each holding half steps (stars.ts);
 *       timestamps as zigzag varints: the first row of a run relative to the previous run's
 *       first row, every other row relative to the row before it.
 *   format 2 (issue #10): 32-bit ids (four planes), half stars, users without demographics
 *   (null in their columns, '?' in genders). Format 1 (16-bit ids, whole stars) is not read.
 * Encoding is deterministic (equal data gives equal bytes) and preserves row order exactly.
 * Decoders validate structure and ranges and throw ReelError('checksum') for damaged bytes,
 * ReelError('manifest-version') for a shard format this app does not read.
 * Changing the format means bumping SHARD_FORMAT_VERSION and MANIFEST_VERSION together.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { ReelError } from '../errors';
import { ByteReader, ByteWriter, TruncatedError } from './bytes';
import { applyLinkColumns, linkColumns } from './links';
import type { ShardKind } from './manifest';
import { fromHalfSteps, HALF_STEPS, toHalfSteps } from './stars';
import type { Gender, Movie, RatingColumns, User } from './types';

export const SHARD_FORMAT_VERSION = 2;
const MAGIC = [0x52, 0x45, 0x45, 0x4c]; // "REEL"
const HEADER_BYTES = 16;
const KIND_CODES: Record<ShardKind, number> = { movies: 1, users: 2, ratings: 3 };
const MAX_BODY_BYTES = 1 << 28;

export interface ShardHeader {
  kind: ShardKind;
  version: number;
  rows: number;
  bodyBytes: number;
}

export interface EncodeOptions {
  /**
   * Deflate level, default 9 (smallest). A lower level is a little larger and much faster to
   * encode, which suits building shards in the browser on import; decoding speed is the same.
   */
  level?: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

// ---------------------------------------------------------------------------------------------
// Ratings

export function encodeRatings(cols: RatingColumns, opts: EncodeOptions = {}): Uint8Array {
  const { users, movies, ratings, timestamps } = cols;
  const n = users.length;
  if (movies.length !== n || ratings.length !== n || timestamps.length !== n)
    throw new RangeError('Rating columns differ in length.');
  const w = new ByteWriter(n * 5 + 64);
  const runStarts: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || users[i] !== users[i - 1]) runStarts.push(i);
  w.varint(runStarts.length);
  for (let r = 0; r < runStarts.length; r++) {
    const start = runStarts[r]!;
    w.zigzag(users[start]! - (r > 0 ? users[runStarts[r - 1]!]! : 0));
    w.varint((r + 1 < runStarts.length ? runStarts[r + 1]! : n) - start);
  }
  const planes = new Uint8Array(4 * n);
  for (let i = 0; i < n; i++) {
    const m = movies[i]!;
    planes[i] = m >>> 24;
    planes[n + i] = (m >>> 16) & 0xff;
    planes[2 * n + i] = (m >>> 8) & 0xff;
    planes[3 * n + i] = m & 0xff;
  }
  w.bytes(planes);
  const halves = new Uint8Array(n);
  for (let i = 0; i < n; i++) halves[i] = toHalfSteps(ratings[i]!);
  w.bytes(halves);
  let runFirst = 0;
  for (let r = 0; r < runStarts.length; r++) {
    const start = runStarts[r]!;
    const end = r + 1 < runStarts.length ? runStarts[r + 1]! : n;
    w.zigzag(timestamps[start]! - runFirst);
    runFirst = timestamps[start]!;
    for (let i = start + 1; i < end; i++) w.zigzag(timestamps[i]! - timestamps[i - 1]!);
  }
  return frame('ratings', n, w.finish(), opts);
}

export function decodeRatings(bytes: Uint8Array, name = 'ratings shard'): RatingColumns {
  const { rows: n, body } = unframe(bytes, 'ratings', name);
  return guard(name, () => {
    const r = new ByteReader(body);
    const users = new Uint32Array(n);
    const runs = r.varint();
    if (runs > n) throw new DamagedError('too many user runs');
    const runLengths = new Uint32Array(runs);
    let user = 0;
    let at = 0;
    for (let k = 0; k < runs; k++) {
      user += r.zigzag();
      const len = r.varint();
      if (user < 1 || user > 0xffffffff) throw new DamagedError('user id out of range');
      if (len < 1 || at + len > n) throw new DamagedError('user runs do not add up');
      users.fill(user, at, at + len);
      runLengths[k] = len;
      at += len;
    }
    if (at !== n) throw new DamagedError('user runs do not add up');

    const planes = r.bytes(4 * n);
    const movies = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const m =
        planes[i]! * 0x1000000 +
        ((planes[n + i]! << 16) | (planes[2 * n + i]! << 8) | planes[3 * n + i]!);
      if (m === 0) throw new DamagedError('movie id 0');
      movies[i] = m;
    }
    const halves = r.bytes(n);
    const ratings = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const v = halves[i]!;
      if (v < 1 || v > HALF_STEPS) throw new DamagedError('rating out of range');
      ratings[i] = fromHalfSteps(v);
    }
    const timestamps = new Uint32Array(n);
    let runFirst = 0;
    let i = 0;
    for (let k = 0; k < runs; k++) {
      const end = i + runLengths[k]!;
      let t = runFirst + r.zigzag();
      runFirst = t;
      for (;;) {
        if (t < 0 || t > 0xffffffff) throw new DamagedError('timestamp out of range');
        timestamps[i++] = t;
        if (i === end) break;
        t += r.zigzag();
      }
    }
    if (r.remaining !== 0) throw new DamagedError('unexpected trailing bytes');
    return { users, movies, ratings, timestamps };
  });
}

// ---------------------------------------------------------------------------------------------
// Movies and users: small tables, stored as JSON columns

interface MovieColumns {
  ids: number[];
  titles: string[];
  years: (number | null)[];
  /** Genres of each movie joined with '|' (genre names never contain '|'). */
  genres: string[];
  /** IMDb and TMDB ids, 0 for missing: only when some film has a link (links.ts) */
  imdb?: number[];
  tmdb?: number[];
}

interface UserColumns {
  ids: number[];
  /** One character per user, 'M' or 'F', or '?' when the release gives none. */
  genders: string;
  ages: (number | null)[];
  occupations: (number | null)[];
  zips: (string | null)[];
}

export function encodeMovies(movies: readonly Movie[], opts: EncodeOptions = {}): Uint8Array {
  const cols: MovieColumns = {
    ids: movies.map((m) => m.id),
    titles: movies.map((m) => m.title),
    years: movies.map((m) => m.year),
    genres: movies.map((m) => m.genres.join('|')),
    ...linkColumns(movies),
  };
  return frame('movies', movies.length, strToU8(JSON.stringify(cols)), opts);
}

export function decodeMovies(bytes: Uint8Array, name = 'movies shard'): Movie[] {
  const { rows, body } = unframe(bytes, 'movies', name);
  return guard(name, () => {
    const c = parseJsonColumns(body) as Partial<MovieColumns>;
    const ids = column<number>(c.ids, rows, isId);
    const titles = column<string>(c.titles, rows, (v) => typeof v === 'string');
    const years = column<number | null>(
      c.years,
      rows,
      (v) => v === null || Number.isSafeInteger(v),
    );
    const genres = column<string>(c.genres, rows, (v) => typeof v === 'string');
    const movies: Movie[] = ids.map((id, i) => ({
      id,
      title: titles[i]!,
      year: years[i]!,
      genres: genres[i] === '' ? [] : genres[i]!.split('|'),
    }));
    applyLinkColumns(movies, c.imdb, c.tmdb);
    return movies;
  });
}

export function encodeUsers(users: readonly User[], opts: EncodeOptions = {}): Uint8Array {
  const cols: UserColumns = {
    ids: users.map((u) => u.id),
    genders: users.map((u) => u.gender ?? '?').join(''),
    ages: users.map((u) => u.age ?? null),
    occupations: users.map((u) => u.occupation ?? null),
    zips: users.map((u) => u.zip ?? null),
  };
  return frame('users', users.length, strToU8(JSON.stringify(cols)), opts);
}

export function decodeUsers(bytes: Uint8Array, name = 'users shard'): User[] {
  const { rows, body } = unframe(bytes, 'users', name);
  return guard(name, () => {
    const c = parseJsonColumns(body) as Partial<UserColumns>;
    const ids = column<number>(c.ids, rows, isId);
    if (typeof c.genders !== 'string' || !/^[MF?]*$/.test(c.genders) || c.genders.length !== rows)
      throw new DamagedError('bad genders column');
    const genders = c.genders;
    const intOrNull = (v: unknown) => v === null || Number.isSafeInteger(v);
    const ages = column<number | null>(c.ages, rows, intOrNull);
    const occupations = column<number | null>(c.occupations, rows, intOrNull);
    const zips = column<string | null>(c.zips, rows, (v) => v === null || typeof v === 'string');
    return ids.map((id, i) => {
      const u: User = { id };
      if (genders[i] !== '?') u.gender = genders[i] as Gender;
      if (ages[i] !== null) u.age = ages[i]!;
      if (occupations[i] !== null) u.occupation = occupations[i]!;
      if (zips[i] !== null) u.zip = zips[i]!;
      return u;
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Any shard

/** Reads and checks a shard's 16-byte header (magic, known kind, readable version). */
export function readShardHeader(bytes: Uint8Array, name = 'shard'): ShardHeader {
  if (bytes.length < HEADER_BYTES || MAGIC.some((b, i) => bytes[i] !== b))
    throw damaged(name, 'it is not a Reel data shard');
  const kind = (Object.keys(KIND_CODES) as ShardKind[]).find((k) => KIND_CODES[k] === bytes[4]);
  if (!kind) throw damaged(name, 'unknown shard kind');
  const version = bytes[5]!;
  if (version !== SHARD_FORMAT_VERSION) {
    throw new ReelError(
      'manifest-version',
      `The data file ${name} is in shard format ${version}, but this version of Reel reads format ` +
        `${SHARD_FORMAT_VERSION}. Prepare the data again with this version, or update the app.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  return { kind, version, rows: view.getUint32(8, true), bodyBytes: view.getUint32(12, true) };
}

// ---------------------------------------------------------------------------------------------
// Framing and validation helpers

class DamagedError extends Error {}

function frame(kind: ShardKind, rows: number, body: Uint8Array, opts: EncodeOptions): Uint8Array {
  const packed = deflateSync(body, { level: opts.level ?? 9 });
  const out = new Uint8Array(HEADER_BYTES + packed.length);
  out.set(MAGIC, 0);
  out[4] = KIND_CODES[kind];
  out[5] = SHARD_FORMAT_VERSION;
  const view = new DataView(out.buffer);
  view.setUint32(8, rows, true);
  view.setUint32(12, body.length, true);
  out.set(packed, HEADER_BYTES);
  return out;
}

function unframe(
  bytes: Uint8Array,
  kind: ShardKind,
  name: string,
): { rows: number; body: Uint8Array } {
  const h = readShardHeader(bytes, name);
  if (h.kind !== kind) throw damaged(name, `it holds ${h.kind}, not ${kind}`);
  if (h.bodyBytes > MAX_BODY_BYTES) throw damaged(name, 'its header is corrupt');
  const body = guard(name, () => {
    const out = inflateSync(bytes.subarray(HEADER_BYTES), { out: new Uint8Array(h.bodyBytes) });
    if (out.length !== h.bodyBytes) throw new DamagedError('wrong length after decompression');
    return out;
  });
  return { rows: h.rows, body };
}

function guard<T>(name: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ReelError) throw e;
    if (e instanceof DamagedError) throw damaged(name, e.message);
    if (e instanceof TruncatedError) throw damaged(name, 'it ends too early');
    throw damaged(name, e instanceof Error ? e.message : String(e));
  }
}

function damaged(name: string, why: string): ReelError {
  return new ReelError('checksum', `The data file ${name} is damaged (${why}).`);
}

function parseJsonColumns(body: Uint8Array): Record<string, unknown> {
  const v = JSON.parse(strFromU8(body)) as unknown;
  if (typeof v !== 'object' || v === null) throw new DamagedError('bad table');
  return v as Record<string, unknown>;
}

function column<T>(v: unknown, rows: number, ok: (x: unknown) => boolean): T[] {
  if (!Array.isArray(v) || v.length !== rows || !v.every(ok))
    throw new DamagedError('bad table column');
  return v as T[];
}

function isId(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 0xffffffff;
}
