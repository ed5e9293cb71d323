/**
 * The data version: a hash of a data set's content alone (not of its encoding, sharding or build
 * time), so an imported zip and the host's prepared shards of the same release get the same
 * version, and models and profiles tied to it stay valid. Changing what is hashed changes every
 * stored data set's version: do it only with a manifest version bump.
 */
import { strToU8 } from 'fflate';
import { linkColumns } from './links';
import type { ParsedMovieLens } from './movielens';
import { Sha256 } from './sha256';
import { toHalfSteps } from './stars';

/**
 * Hash of the content alone (not of its encoding, sharding or build time): a canonical JSON of the
 * movie and user tables, then the raw rating columns (little-endian, as on every platform we run on).
 */
export async function dataVersionOf(
  data: ParsedMovieLens,
  sha256: (b: Uint8Array) => Promise<string>,
): Promise<string> {
  const links = linkColumns(data.movies);
  // A release without links.csv hashes exactly as before links were read.
  const tables = JSON.stringify([
    data.movies.map((m) => [m.id, m.title, m.year, m.genres]),
    data.users.map((u) => [u.id, u.gender, u.age, u.occupation, u.zip]),
    ...(links ? [links.imdb, links.tmdb] : []),
  ]);
  const { users, movies, ratings, timestamps } = data.ratings;
  const n = ratings.length;
  // Data that fits the first layout (16-bit ids, whole stars: ML-100K, ML-1M) hashes exactly as
  // before issue #10, so its data version (and the models and profile exports tied to it) stay.
  let narrow = true;
  for (let i = 0; i < n && narrow; i++)
    narrow = users[i]! <= 0xffff && movies[i]! <= 0xffff && Number.isInteger(ratings[i]!);
  const ids = narrow ? Uint16Array : Uint32Array;
  const head = strToU8(`reel-data\n${tables}\n`);
  const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  // Small data: one buffer through the given hasher (Web Crypto, node:crypto). Big data: the same
  // bytes fed a million rows at a time to the piecewise hasher (no copy of all columns at once).
  if (n <= HASH_PIECE_ROWS) {
    const parts = [
      head,
      bytesOf(ids.from(users)),
      bytesOf(ids.from(movies)),
      Uint8Array.from(ratings, (r) => (narrow ? r : toHalfSteps(r))),
      bytesOf(timestamps),
    ];
    const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return (await sha256(all)).slice(0, 16);
  }
  const h = new Sha256().update(head);
  for (const col of [users, movies])
    for (let a = 0; a < n; a += HASH_PIECE_ROWS)
      h.update(bytesOf(ids.from(col.subarray(a, Math.min(n, a + HASH_PIECE_ROWS)))));
  for (let a = 0; a < n; a += HASH_PIECE_ROWS)
    h.update(
      Uint8Array.from(ratings.subarray(a, Math.min(n, a + HASH_PIECE_ROWS)), (r) =>
        narrow ? r : toHalfSteps(r),
      ),
    );
  h.update(bytesOf(timestamps));
  return h.hex().slice(0, 16);
}

/** Rows hashed at a time by dataVersionOf past this many ratings. */
const HASH_PIECE_ROWS = 1 << 20;
