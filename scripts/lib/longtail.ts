/**
 * A deterministic, long-tailed synthetic MovieLens release in the CSV layout of ML-20M/25M/32M
 * (`ratings.csv`: userId,movieId,rating,timestamp sorted by user then movie; `movies.csv`:
 * movieId,title,genres, UTF-8, quoted titles with commas), shaped like a published release:
 * - user activity log-normal (at least 20 ratings each, as GroupLens keeps only such users), the
 *   total adjusted to the release's exact rating count;
 * - movie popularity Zipf-like times a log-normal spread, so a few movies have tens of thousands
 *   of ratings and many have a handful or none (ML-25M lists 62,423 movies, 59,047 rated);
 * - stars from planted biases and an 8-dimensional taste, plus noise; ~40% of raters use half
 *   stars (ML-25M: ~27% of ratings are halves), the others whole stars;
 * - sparse movie ids up to ~3x the movie count (ML-25M's reach 209,171), always past 65,535.
 * The same shape and seed give the same bytes. Memory: the movie tables, plus one user at a time.
 */
import { RELEASES } from '../../src/core/data/releases';
import { GENRES as ML1M_GENRES } from '../../src/core/data/types';
import { createRng } from '../../src/core/eval/rng';

export interface Shape {
  users: number;
  movies: number;
  ratings: number;
  /** whole stars only (ML-100K, ML-1M); else half stars as in ML-10M and later */
  wholeStars?: boolean;
}

type Published = {
  [K in keyof typeof RELEASES]: (typeof RELEASES)[K] extends { counts: object } ? K : never;
}[keyof typeof RELEASES];
const shapeOf = (id: Published, wholeStars?: boolean): Shape => ({
  ...RELEASES[id].counts,
  ...(wholeStars ? { wholeStars } : {}),
});

/** The published releases' sizes (src/core/data/releases.ts `RELEASES`), for `--shape`. */
export const SHAPES = {
  'ml-100k': shapeOf('ml-100k', true),
  'ml-1m': shapeOf('ml-1m', true),
  'ml-10m': shapeOf('ml-10m'),
  'ml-20m': shapeOf('ml-20m'),
  'ml-25m': shapeOf('ml-25m'),
  'ml-32m': shapeOf('ml-32m'),
};
export type ShapeName = keyof typeof SHAPES;

const MIN_PER_USER = 20;
const DIM = 8;
/** The newer releases' genre names: ML-1M's, with "Children" for "Children's", plus IMAX. */
const GENRES = [...ML1M_GENRES.map((g) => (g === "Children's" ? 'Children' : g)), 'IMAX'].sort();
/** 1995-01-09 .. 2019-11-21, ML-25M's span */
const FIRST_TS = 789_652_009;
const LAST_TS = 1_574_327_703;

export interface GeneratedMovie {
  id: number;
  /** the movies.csv line, without its newline */
  line: string;
}

/** Everything about the catalogue a user's ratings are drawn from. */
interface Catalogue {
  ids: Uint32Array;
  bias: Float32Array;
  taste: Float32Array;
  /** alias method tables over popularity */
  prob: Float64Array;
  alias: Int32Array;
}

function gaussian(rng: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Vose's alias method: O(1) draws from `weights`. */
function aliasTables(weights: Float64Array): { prob: Float64Array; alias: Int32Array } {
  const n = weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const scaled = Float64Array.from(weights, (w) => (w * n) / sum);
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  while (small.length && large.length) {
    const s = small.pop()!;
    const l = large.pop()!;
    prob[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    (scaled[l]! < 1 ? small : large).push(l);
  }
  for (const i of [...small, ...large]) prob[i] = 1;
  return { prob, alias };
}

const csvField = (s: string) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The movie table: ids, titles (some with commas, some accented), genres, popularity. */
function catalogue(shape: Shape, seed: number): { cat: Catalogue; movies: GeneratedMovie[] } {
  const rng = createRng(seed).next;
  const gauss = gaussian(rng);
  const n = shape.movies;
  const ids = new Uint32Array(n);
  // sparse, increasing ids: gaps widen along the catalogue, the last near 3n and past 65,535
  const spread = Math.max(2, Math.ceil(70_000 / n));
  for (let i = 0; i < n; i++) ids[i] = i + 1 + Math.floor((spread * i * i) / n);
  const rank = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [rank[i], rank[j]] = [rank[j]!, rank[i]!];
  }
  // Zipf-like by a random rank, spread by a log-normal factor: a long tail of rarely rated films
  const weights = Float64Array.from(rank, (r) => Math.pow(r + 200, -1.4) * Math.exp(1.6 * gauss()));
  const bias = new Float32Array(n);
  const taste = new Float32Array(n * DIM);
  const movies: GeneratedMovie[] = [];
  for (let i = 0; i < n; i++) {
    bias[i] = 0.45 * gauss() + 0.08 * Math.log10(weights[i]! * 1e6 + 1);
    for (let d = 0; d < DIM; d++) taste[i * DIM + d] = 0.3 * gauss();
    const year = 1915 + Math.floor(rng() * 105);
    const id = ids[i]!;
    const name =
      i % 97 === 3
        ? `Été à Paris ${id}`
        : i % 41 === 5
          ? `Movie ${id}, The`
          : i % 89 === 7
            ? `"Quoted" Movie ${id}`
            : `Synthetic Movie ${id}`;
    const genres = new Set<string>();
    if (rng() < 0.03) genres.add('(no genres listed)');
    else
      for (let k = 1 + Math.floor(rng() * 3); k > 0; k--)
        genres.add(GENRES[Math.floor(rng() * GENRES.length)]!);
    movies.push({ id, line: `${id},${csvField(`${name} (${year})`)},${[...genres].join('|')}` });
  }
  return { cat: { ids, bias, taste, ...aliasTables(weights) }, movies };
}

/** Ratings per user: log-normal, at least 20, summing exactly to `shape.ratings`. */
export function userCounts(shape: Shape, seed: number): Uint32Array {
  const rng = createRng(seed ^ 0x5eed).next;
  const gauss = gaussian(rng);
  const cap = Math.max(MIN_PER_USER, Math.floor(shape.movies / 3));
  const mean = shape.ratings / shape.users;
  const sigma = 1.2;
  const mu = Math.log(Math.max(1, mean - MIN_PER_USER)) - (sigma * sigma) / 2;
  const raw = Float64Array.from({ length: shape.users }, () => Math.exp(mu + sigma * gauss()));
  const total = raw.reduce((a, b) => a + b, 0);
  const spare = shape.ratings - MIN_PER_USER * shape.users;
  if (spare < 0) throw new RangeError('Too few ratings for this many users (20 each).');
  const counts = Uint32Array.from(raw, (r) =>
    Math.min(cap, MIN_PER_USER + Math.floor((r / total) * spare)),
  );
  let diff = shape.ratings - counts.reduce((a, b) => a + b, 0);
  // hand out (or take back) the rounding remainder one rating at a time, heaviest users first
  const order = Array.from(counts.keys()).sort((a, b) => counts[b]! - counts[a]!);
  for (let pass = 0; diff !== 0; pass++) {
    if (pass > 1e6) throw new RangeError('This shape cannot be met (too few movies per user).');
    for (const u of order) {
      if (diff === 0) break;
      if (diff > 0 && counts[u]! < cap) {
        counts[u]!++;
        diff--;
      } else if (diff < 0 && counts[u]! > MIN_PER_USER) {
        counts[u]!--;
        diff++;
      }
    }
  }
  return counts;
}

export interface Generated {
  movies: GeneratedMovie[];
  /** ratings.csv as chunks of text (header first), one or more users per chunk */
  ratings: Generator<string>;
}

/** The release; `ratings` is lazy, so a 25M-rating table streams in pieces of ~1 MB. */
export function generateRelease(shape: Shape, seed = 25): Generated {
  const { cat, movies } = catalogue(shape, seed);
  return { movies, ratings: ratingLines(shape, seed, cat) };
}

function* ratingLines(shape: Shape, seed: number, cat: Catalogue): Generator<string> {
  const rng = createRng(seed ^ 0xa11ce).next;
  const gauss = gaussian(rng);
  const counts = userCounts(shape, seed);
  const n = cat.ids.length;
  const taken = new Int32Array(n).fill(-1);
  const picked = new Uint32Array(counts.reduce((a, b) => Math.max(a, b), 0));
  const mine = new Float32Array(DIM);
  const draw = () => {
    const i = Math.floor(rng() * n);
    return rng() < cat.prob[i]! ? i : cat.alias[i]!;
  };
  let out = 'userId,movieId,rating,timestamp\n';
  for (let u = 0; u < shape.users; u++) {
    const k = counts[u]!;
    for (let j = 0; j < k; j++) {
      let m = draw();
      for (let tries = 0; taken[m] === u; tries++) m = tries < 64 ? draw() : (m + 1) % n;
      taken[m] = u;
      picked[j] = m;
    }
    const rows = picked.subarray(0, k).sort(); // movie index order is movie id order
    const userBias = 0.4 * gauss();
    for (let d = 0; d < DIM; d++) mine[d] = 0.3 * gauss();
    const halves = !shape.wholeStars && rng() < 0.4;
    const start = FIRST_TS + Math.floor(rng() * (LAST_TS - FIRST_TS - 1e6));
    const span = Math.floor(Math.exp(8 + 6 * rng()));
    for (let j = 0; j < k; j++) {
      const m = rows[j]!;
      let dot = 0;
      for (let d = 0; d < DIM; d++) dot += mine[d]! * cat.taste[m * DIM + d]!;
      const x = 3.45 + userBias + cat.bias[m]! + 4 * dot + 0.75 * gauss();
      const stars = halves
        ? Math.min(5, Math.max(0.5, Math.round(x * 2) / 2))
        : Math.min(5, Math.max(1, Math.round(x)));
      const ts = start + Math.floor(rng() * span);
      out += `${u + 1},${cat.ids[m]},${stars.toFixed(1)},${ts}\n`;
    }
    if (out.length >= 1 << 20) {
      yield out;
      out = '';
    }
  }
  if (out) yield out;
}

/** movies.csv as one string. */
export function moviesCsv(movies: readonly GeneratedMovie[]): string {
  return `movieId,title,genres\n${movies.map((m) => m.line).join('\n')}\n`;
}

/**
 * links.csv as one string, as the CSV releases ship it: ids made up from the movie id (IMDb
 * zero-padded to 7 digits), every tenth film without a TMDB id. Deterministic.
 */
export function linksCsv(movies: readonly GeneratedMovie[]): string {
  const rows = movies.map(
    (m) =>
      `${m.id},${String(100_000 + m.id * 3).padStart(7, '0')},${m.id % 10 === 0 ? '' : 10_000 + m.id}`,
  );
  return `movieId,imdbId,tmdbId\n${rows.join('\n')}\n`;
}
