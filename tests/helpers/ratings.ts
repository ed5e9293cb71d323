/**
 * ratings.dat text through the product's one ratings parser (RatingsParser, streamed in chunks as
 * the import feeds it), for tests that hold the table as text; and a whole column counted with the
 * product's one rating counter.
 */
import type { Movie, RatingColumns } from '../../src/core/data/types';
import { RatingsParser } from '../../src/core/data/ratingsParser';
import { ratingCounter } from '../../src/core/features/tiers';

/** Characters pushed at a time: more than one chunk for a large table, as in the import. */
const CHUNK_CHARS = 1 << 20;

/** Called after each chunk: rows parsed so far, characters consumed, total. */
export type RatingsProgress = (rowsDone: number, charsDone: number, charsTotal: number) => void;

export function parseRatings(
  text: string,
  file = 'ratings.dat',
  onProgress?: RatingsProgress,
): RatingColumns {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  const p = new RatingsParser(file, 'dat', { halfStars: false, sizeHint: bytes.length });
  for (let at = 0; at < bytes.length; at += CHUNK_CHARS) {
    p.push(bytes.subarray(at, at + CHUNK_CHARS));
    onProgress?.(p.rows, Math.min(bytes.length, at + CHUNK_CHARS), bytes.length);
  }
  return p.end();
}

/** Ratings per movie of one whole column, through ratingCounter (as the data worker counts). */
export function countRatings(
  column: ArrayLike<number>,
  movies: readonly Movie[],
  key: 'id' | 'index' = 'id',
  /** Count only the rows it accepts (e.g. ratings by people of one age group). */
  keep?: (row: number) => boolean,
): Uint32Array {
  const counter = ratingCounter(movies, key);
  counter.add(column, keep);
  return counter.counts;
}
