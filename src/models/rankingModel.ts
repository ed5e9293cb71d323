/**
 * Training the ranking model (EASE) on the experiment's train rows, in the model worker:
 * 1. items = movies with at least one train rating, most rated first (item row 0 = most rated);
 * 2. G = Gram matrix of the binary person x movie matrix (buildGram);
 * 3. lambda is chosen on the validation tasks by NDCG@10 over LAMBDA_GRID, each point solved on
 *    the SEARCH_ITEMS most-rated items only (a search point costs (SEARCH_ITEMS/n)^3 of the full
 *    solve): the sub-problem peaks on the full problem's plateau (measured: docs/benchmarks.md);
 * 4. one full solve at that lambda (solveEase, blocked matrix products on the tf.js backend).
 * Before 3, the Gram matrix's diagonal is raised by EASE_DROPOUT / (1 - EASE_DROPOUT) times
 * itself: the closed form of the denoising (dropout) autoencoder, DLAE (Steck, NeurIPS 2020),
 * which penalises each item by how often it is seen instead of one lambda for all. Same B, same
 * serving. The result is an ItemModel (src/core/recommend/watch.ts): serving needs nothing else.
 */
import { ReelError, throwIfAborted } from '../core/errors';
import type { Experiment } from '../core/eval/experiment';
import { RankingAccumulator, type RankingFigures } from '../core/eval/accumulate';
import { byUser } from '../core/eval/served';
import { itemOfMovie, watchScoresAt, watchWeights, type ItemModel } from '../core/recommend/watch';
import { buildGram, solveEase } from './ease';

/**
 * Lambdas that may be tried on validation. The search starts in the middle, tries both
 * neighbours and walks towards the better one while validation NDCG@10 rises.
 */
const LAMBDA_GRID = [50, 100, 200, 400, 800, 1600, 3200, 6400, 12800] as const;
/** Items in each search point's sub-problem. */
const SEARCH_ITEMS = 1200;

/**
 * Dropout p of DLAE (see the header), chosen on ML-1M's validation tasks by NDCG@10 over full
 * solves; the λ search still finds the full problem's λ with it (docs/benchmarks.md).
 */
export const EASE_DROPOUT = 0.5;

interface LambdaPoint {
  lambda: number;
  hr10: number;
  ndcg10: number;
}

export interface RankingModelResult {
  model: ItemModel;
  lambda: number;
  /** DLAE dropout the model was solved with (EASE_DROPOUT unless given). */
  dropout: number;
  search: LambdaPoint[];
  /** test figures (sampled tasks); undefined with `test: false` */
  test: RankingFigures | undefined;
  solveSeconds: number;
}

type RankingPhase = 'gram' | 'search' | 'solve' | 'evaluate';

export interface RankingTrainOptions {
  signal?: AbortSignal;
  onProgress?: (phase: RankingPhase, step: number, steps: number, point?: LambdaPoint) => void;
  /** Fixed lambda: skips the search (tests, bench). */
  lambda?: number;
  grid?: readonly number[];
  searchItems?: number;
  /** DLAE dropout in [0, 1); 0 is plain EASE. Default EASE_DROPOUT. */
  dropout?: number;
  /** Most items (tests, measurements). Default easeItemCap of the data set's ratings. */
  maxItems?: number;
  /** false: no test figures (`test` is undefined); the caller measures them later (rankingFigures). */
  test?: boolean;
}

/** The items of the model: movies rated in `train`, most rated first (ties: lower index). */
/**
 * Most movies the ranking model (dense EASE: an n x n Gram matrix and its inverse, 4n² bytes
 * each) takes: the most-rated, since the n² matrices outgrow a browser tab long before a big
 * release's rated movies are all in. Every other movie scores -Infinity in watch.ts (the MF and
 * content rank it).
 */
export const EASE_MAX_ITEMS = 8_000;

/**
 * Memory rule of the ranking model (issue #10: the renderer's peak at most 2 GiB). Its training
 * holds the experiment (what grows with the ratings) and, while EASE solves, some bytes per cell
 * of the n x n problem (the Gram matrix, the blocks copied in and out of tf.js, the wasm heap,
 * which never shrinks, and garbage not yet collected). The renderer's peak is modelled as
 *   EASE_FIXED_BYTES + EASE_BYTES_PER_RATING x ratings + EASE_BYTES_PER_CELL x n^2
 * and n is the largest that keeps it within EASE_MEMORY_BUDGET, between EASE_MIN_ITEMS and
 * EASE_MAX_ITEMS. The constants are fitted to `npm run bench -- --dataset` peaks; the fit and
 * what it gives per release are in docs/benchmarks.md ("The ranking model's memory rule").
 */
export const EASE_MEMORY_BUDGET = 1.9 * 2 ** 30;
export const EASE_FIXED_BYTES = 646e6;
export const EASE_BYTES_PER_RATING = 36;
export const EASE_BYTES_PER_CELL = 21;
/** Fewest items the memory rule leaves (the lambda search's block is SEARCH_ITEMS). */
export const EASE_MIN_ITEMS = 2_000;

/** Most items the ranking model takes for a data set of `numRatings` ratings (see above). */
export function easeItemCap(numRatings: number): number {
  const left = EASE_MEMORY_BUDGET - EASE_FIXED_BYTES - EASE_BYTES_PER_RATING * numRatings;
  const n = left > 0 ? Math.floor(Math.sqrt(left / EASE_BYTES_PER_CELL)) : 0;
  return Math.max(EASE_MIN_ITEMS, Math.min(EASE_MAX_ITEMS, n));
}

export function chooseItems(
  trainMovies: Int32Array,
  numMovies: number,
  maxItems = EASE_MAX_ITEMS,
): Int32Array {
  const counts = new Uint32Array(numMovies);
  for (let i = 0; i < trainMovies.length; i++) counts[trainMovies[i]!]!++;
  const items: number[] = [];
  for (let m = 0; m < numMovies; m++) if (counts[m]! > 0) items.push(m);
  items.sort((a, b) => counts[b]! - counts[a]! || a - b);
  return Int32Array.from(items.slice(0, maxItems));
}

/** The top-left k x k block of a row-major n x n matrix. */
function leadingBlock(g: Float32Array, n: number, k: number): Float32Array {
  const out = new Float32Array(k * k);
  for (let r = 0; r < k; r++) out.set(g.subarray(r * n, r * n + k), r * k);
  return out;
}

/** Sampled ranking figures of an item model on some tasks, people scored from their train rows. */
export function rankingFigures(
  model: ItemModel,
  exp: Pick<Experiment, 'train' | 'maps'>,
  tasks: Experiment['ranking'],
  trainByUser = byUser(exp.train, exp.maps.numUsers),
): RankingFigures {
  const items = itemOfMovie(model, exp.maps.numMovies);
  const acc = new RankingAccumulator();
  const scores = new Float32Array(exp.maps.numMovies);
  for (const t of tasks) {
    const rated = trainByUser.of(t.userIdx);
    const w = watchWeights(rated.ratings);
    acc.addTask(watchScoresAt(model, items, rated.movies, t.movieIdxs, scores, w), t);
  }
  return acc.result();
}

const yieldNow = () => new Promise<void>((r) => setTimeout(r, 0));

export async function trainRankingModel(
  exp: Experiment,
  opts: RankingTrainOptions = {},
): Promise<RankingModelResult> {
  const { signal, onProgress } = opts;
  const { numMovies, numUsers } = exp.maps;
  const numRatings = exp.train.ratings.length + exp.valid.ratings.length + exp.test.ratings.length;
  const movieOfItem = chooseItems(
    exp.train.movies,
    numMovies,
    opts.maxItems ?? easeItemCap(numRatings),
  );
  const n = movieOfItem.length;
  const itemOf = new Int32Array(numMovies).fill(-1);
  movieOfItem.forEach((m, r) => (itemOf[m] = r));
  const grid = opts.grid ?? LAMBDA_GRID;
  // progress: search points (at most the grid), then the full solve
  const steps = (opts.lambda === undefined ? grid.length : 0) + 1;
  onProgress?.('gram', 0, steps);
  const gram = buildGram(exp.train, numUsers, itemOf, n);
  const dropout = opts.dropout ?? EASE_DROPOUT;
  if (!(dropout >= 0 && dropout < 1)) throw new RangeError(`bad dropout ${dropout}`);
  const raise = dropout / (1 - dropout);
  for (let i = 0; i < n; i++) gram[i * n + i]! *= 1 + raise;
  await yieldNow();
  throwIfAborted(signal);
  // The train rows by person (8 bytes a rating) serve the lambda search and the
  // test evaluation; they are built for each, so they are not held while the full solve runs.
  let trainByUser: ReturnType<typeof byUser> | undefined;

  const search: LambdaPoint[] = [];
  let lambda = opts.lambda ?? grid[0]!;
  if (opts.lambda === undefined) {
    const k = Math.min(n, opts.searchItems ?? SEARCH_ITEMS);
    const sub = leadingBlock(gram, n, k);
    const subItems = movieOfItem.slice(0, k);
    const score = new Map<number, number>(); // grid index -> validation NDCG@10
    const tryAt = async (i: number) => {
      if (i < 0 || i >= grid.length || score.has(i)) return;
      const weights = await solveEase(sub, k, grid[i]!, { signal });
      const fig = rankingFigures(
        { n: k, movieOfItem: subItems, weights },
        exp,
        exp.validRanking,
        (trainByUser ??= byUser(exp.train, numUsers)),
      );
      const point = { lambda: grid[i]!, hr10: fig.hr10, ndcg10: fig.ndcg10 };
      search.push(point);
      score.set(i, point.ndcg10);
      onProgress?.('search', search.length, steps, point);
      throwIfAborted(signal);
    };
    const bestIndex = () => [...score.entries()].reduce((a, b) => (b[1] > a[1] + 1e-12 ? b : a))[0];
    let at = Math.floor((grid.length - 1) / 2);
    await tryAt(at);
    await tryAt(at - 1);
    await tryAt(at + 1);
    for (let best = bestIndex(); best !== at; best = bestIndex()) {
      const step = best > at ? 1 : -1;
      at = best;
      await tryAt(at + step);
    }
    lambda = grid[at]!;
    trainByUser = undefined;
  }
  const t0 = performance.now();
  const weights = await solveEase(gram, n, lambda, {
    consume: true, // the Gram matrix is not needed after this: it becomes the weights
    signal,
    onProgress: (f) => onProgress?.('solve', steps - 1 + f, steps),
  });
  const solveSeconds = (performance.now() - t0) / 1000;
  throwIfAborted(signal);
  const model: ItemModel = { n, movieOfItem, weights };
  if (opts.test === false) return { model, lambda, dropout, search, test: undefined, solveSeconds };
  onProgress?.('evaluate', steps, steps);
  const test = rankingFigures(model, exp, exp.ranking, byUser(exp.train, numUsers));
  return { model, lambda, dropout, search, test, solveSeconds };
}

/** The ranking model as stored in IndexedDB (plain typed arrays). */
export interface SerializedItemModel {
  format: 1;
  n: number;
  movieOfItem: Int32Array;
  weights: Float32Array;
}

export function serializeItemModel(m: ItemModel): SerializedItemModel {
  return { format: 1, n: m.n, movieOfItem: m.movieOfItem, weights: m.weights };
}

/** Checks a stored ranking model against the movie count; throws ReelError('model-invalid'). */
export function restoreItemModel(input: unknown, numMovies: number): ItemModel {
  const r = input as Partial<SerializedItemModel> | null;
  const bad = (detail: string) =>
    new ReelError(
      'model-invalid',
      'The saved ranking model could not be read. It will be trained again.',
      detail,
    );
  if (!r || r.format !== 1) throw bad('format');
  const n = r.n;
  if (!Number.isInteger(n) || n! <= 0 || n! > numMovies) throw bad('n');
  if (!(r.movieOfItem instanceof Int32Array) || r.movieOfItem.length !== n)
    throw bad('movieOfItem');
  if (!(r.weights instanceof Float32Array) || r.weights.length !== n! * n!) throw bad('weights');
  for (const m of r.movieOfItem) if (m < 0 || m >= numMovies) throw bad('movie index');
  return { n: n!, movieOfItem: r.movieOfItem, weights: r.weights };
}
