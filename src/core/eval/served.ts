/**
 * Measuring what is served. Every test person is scored with the SAME function that ranks the
 * lists on screen (blendScores, src/core/recommend/blend.ts), fed with what the models know of
 * them from the training rows: the ranking model's scores of their rated movies, the rating
 * model's prediction from their trained row, and the genre match of their ratings. The blend's
 * weights are chosen on the validation tasks (a grid; ties keep the earlier grid point) and the
 * chosen weights are reported on the test tasks — the test set never picks anything.
 * Other scorers (a model alone, popularity) can ride along on the same people (`extra`), so all
 * figures come from one pass and one protocol (accumulate.ts).
 */
import { blendScores, standardiser, type BlendWeights } from '../recommend/blend';
import { StarsFit, type StarsStack } from '../recommend/stars';
import type { TrainingArrays } from '../data/indexing';
import { RankingAccumulator, topKExcluding, type RankingFigures } from './accumulate';
import type { RankingTask } from './ranking';
import { POSITIVE_STARS, STAR_FLOOR } from './protocol';

/**
 * People measured between two pauses: each person scores every movie at every grid point, so a
 * slice stays a few hundred ms and a worker measuring in the background still answers the lists.
 */
const PAUSE_EVERY = 20;

/** What the evaluation knows of one person, from the training rows. */
/** A test row of at most this many stars is a dislike, for disliked@10. */
const DISLIKED_STARS = 2;
/** disliked@10 looks at the served top this many. */
const DISLIKED_K = 10;

export interface Person {
  user: number;
  /** Movies rated in the train rows (model inputs). */
  movies: Int32Array;
  ratings: Float32Array;
}

export interface Signals {
  watch?: ArrayLike<number>;
  rating?: ArrayLike<number>;
  content?: ArrayLike<number>;
}

export interface ServedSetup {
  numUsers: number;
  numMovies: number;
  train: TrainingArrays;
  valid: TrainingArrays;
  test: TrainingArrays;
  /** Sampled test tasks (ranking.ts) and the same on the validation rows. */
  testTasks: RankingTask[];
  validTasks: RankingTask[];
}

export interface ServedOptions {
  /** Blend weights to choose from on validation. */
  grid: readonly BlendWeights[];
  /** Signals of one person (full vectors by movie index). */
  signals: (p: Person) => Signals;
  /** Other scorers to measure on the same people (e.g. a model alone, popularity). */
  extra?: Record<
    string,
    (p: Person, s: Signals) => ArrayLike<number> | undefined | Promise<ArrayLike<number>>
  >;
  /**
   * Also measure the full-catalogue figures (Recall@20, NDCG@20) and disliked@10 (the share of
   * the served top-10 of unknown films that the person rated DISLIKED_STARS or less in test).
   */
  full?: boolean;
  /** Also measure every weighting without the star floor (STAR_FLOOR: what the floor costs). */
  measureFloor?: boolean;
  /**
   * At most about this many people are measured: every k-th person by index when there are more
   * (a big release's every person would take hours, each scoring every movie).
   */
  people?: number;
  /** Called every PAUSE_EVERY people (yield to the event loop, check for abort). */
  pause?: () => Promise<void>;
  /**
   * The rating scale: with it, the test RMSE of the served stars (`rating` signal) is measured on
   * the measured people's test rows, clipped to it as every model's test RMSE is.
   */
  ratingRange?: readonly [number, number];
}

export interface ServedResult {
  weights: BlendWeights;
  /** Validation figures per grid point. */
  curve: { weights: BlendWeights; valid: RankingFigures }[];
  /** The chosen weights on the test set. */
  served: RankingFigures;
  /** The same blend without the star floor (measureFloor). */
  servedNoFloor?: RankingFigures;
  /**
   * Share of the test tasks whose held-out positive movie the rating signal predicts below
   * STAR_FLOOR (measureFloor): the served lists can never show it, whatever the weights, so
   * the served HR@10 is at most 1 minus this.
   */
  positivesBelowFloor?: number;
  /** disliked@10 of the chosen weights (full): see ServedOptions.full. */
  disliked10?: number;
  /** Test RMSE of the `rating` signal, the stars the lists show (with ratingRange). */
  ratingRmse?: { rmse: number; rows: number };
  extra: Record<string, RankingFigures>;
}

/** Rows grouped by user (CSR). */
export function byUser(rows: TrainingArrays, numUsers: number) {
  const start = new Int32Array(numUsers + 1);
  for (let i = 0; i < rows.users.length; i++) start[rows.users[i]! + 1]!++;
  for (let u = 0; u < numUsers; u++) start[u + 1]! += start[u]!;
  const fill = start.slice(0, numUsers);
  const movies = new Int32Array(rows.users.length);
  const ratings = new Float32Array(rows.users.length);
  for (let i = 0; i < rows.users.length; i++) {
    const at = fill[rows.users[i]!]!++;
    movies[at] = rows.movies[i]!;
    ratings[at] = rows.ratings[i]!;
  }
  return {
    start,
    movies,
    ratings,
    of: (u: number) => ({
      movies: movies.subarray(start[u]!, start[u + 1]!),
      ratings: ratings.subarray(start[u]!, start[u + 1]!),
    }),
  };
}

export async function evaluateServed(
  setup: ServedSetup,
  opts: ServedOptions,
): Promise<ServedResult> {
  const { numUsers, numMovies } = setup;
  const train = byUser(setup.train, numUsers);
  const valid = byUser(setup.valid, numUsers);
  const test = byUser(setup.test, numUsers);
  const validTask = new Map(setup.validTasks.map((t) => [t.userIdx, t]));
  const testTask = new Map(setup.testTasks.map((t) => [t.userIdx, t]));
  const gridValid = opts.grid.map(() => new RankingAccumulator());
  const gridTest = opts.grid.map(() => new RankingAccumulator());
  const gridNoFloor = opts.measureFloor ? opts.grid.map(() => new RankingAccumulator()) : [];
  const extraNames = Object.keys(opts.extra ?? {});
  const extraAcc = extraNames.map(() => new RankingAccumulator());
  const known = new Uint8Array(numMovies);
  const disliked = opts.grid.map(() => ({ hit: 0, shown: 0 }));
  const bad = new Set<number>();
  let belowFloor = 0;
  let testTasks = 0;
  let se = 0;
  let seRows = 0;

  const stride = opts.people ? Math.max(1, Math.ceil(numUsers / opts.people)) : 1;
  for (let u = 0, seen = 0; u < numUsers; u += stride, seen++) {
    if (opts.pause && seen % PAUSE_EVERY === 0) await opts.pause();
    const vt = validTask.get(u);
    const tt = testTask.get(u);
    const t = test.of(u);
    const positives: number[] = [];
    bad.clear();
    if (opts.full)
      for (let i = 0; i < t.movies.length; i++) {
        if (t.ratings[i]! >= POSITIVE_STARS) positives.push(t.movies[i]!);
        if (t.ratings[i]! <= DISLIKED_STARS) bad.add(t.movies[i]!);
      }
    const countDisliked = opts.full === true && t.movies.length > 0;
    const measureRmse = opts.ratingRange !== undefined && t.movies.length > 0;
    if (!vt && !tt && !countDisliked && !measureRmse) continue;
    const person: Person = { user: u, ...train.of(u) };
    const signals = opts.signals(person);
    if (measureRmse && signals.rating) {
      const [lo, hi] = opts.ratingRange!;
      for (let i = 0; i < t.movies.length; i++) {
        const r = signals.rating[t.movies[i]!]!;
        if (!Number.isFinite(r)) continue;
        se += (Math.min(hi, Math.max(lo, r)) - t.ratings[i]!) ** 2;
        seRows++;
      }
    }
    const v = valid.of(u);
    if (tt && opts.measureFloor) {
      testTasks++;
      const r = signals.rating?.[tt.movieIdxs[0]!];
      if (r !== undefined && !(r >= STAR_FLOOR)) belowFloor++;
    }
    if (countDisliked) {
      for (const m of person.movies) known[m] = 1;
      for (const m of v.movies) known[m] = 1;
    }
    const measure = (
      scores: ArrayLike<number>,
      onValid?: RankingAccumulator,
      onTest?: RankingAccumulator,
    ) => {
      if (vt && onValid) onValid.addTask(scores, vt);
      if (onTest) {
        if (tt) onTest.addTask(scores, tt);
        if (positives.length) onTest.addFull(scores, known, positives);
      }
    };
    opts.grid.forEach((weights, g) => {
      const scores = blendScores({ ...signals, numRatings: person.movies.length, weights });
      measure(scores, gridValid[g], gridTest[g]);
      if (countDisliked) {
        const top = topKExcluding(scores, DISLIKED_K, known);
        const d = disliked[g]!;
        d.shown += top.length;
        for (const m of top) if (bad.has(m)) d.hit++;
      }
      if (opts.measureFloor) {
        const open = blendScores({
          ...signals,
          numRatings: person.movies.length,
          weights,
          floor: -Infinity,
        });
        measure(open, undefined, gridNoFloor[g]);
      }
    });
    for (const [e, name] of extraNames.entries()) {
      const scores = await opts.extra![name]!(person, signals);
      if (scores) measure(scores, undefined, extraAcc[e]);
    }
    if (countDisliked) {
      for (const m of person.movies) known[m] = 0;
      for (const m of v.movies) known[m] = 0;
    }
  }

  const curve = opts.grid.map((weights, g) => ({ weights, valid: gridValid[g]!.result() }));
  let best = 0;
  curve.forEach((c, g) => {
    const b = curve[best]!.valid;
    if (c.valid.ndcg10 > b.ndcg10 + 1e-12) best = g;
  });
  return {
    weights: opts.grid[best]!,
    curve,
    served: gridTest[best]!.result(),
    ...(opts.measureFloor
      ? {
          servedNoFloor: gridNoFloor[best]!.result(),
          positivesBelowFloor: testTasks ? belowFloor / testTasks : 0,
        }
      : {}),
    ...(opts.full ? { disliked10: disliked[best]!.hit / Math.max(1, disliked[best]!.shown) } : {}),
    ...(opts.ratingRange
      ? { ratingRmse: { rmse: seRows ? Math.sqrt(se / seRows) : Number.NaN, rows: seRows } }
      : {}),
    extra: Object.fromEntries(extraNames.map((n, e) => [n, extraAcc[e]!.result()])),
  };
}

export interface StarsResult {
  stack: StarsStack;
  /** Validation rows it was fitted on. */
  rows: number;
}

/**
 * Fits the served stars (src/core/recommend/stars.ts) on the validation rows of every k-th person
 * (at most about `people`: four coefficients need few rows, and each person costs a full scoring).
 * `signals` gives the rating model's predictions and the ranking model's scores of one person.
 * Their test RMSE is measured with the blend, on every measured person (evaluateServed).
 */
export async function fitServedStars(
  setup: Pick<ServedSetup, 'numUsers' | 'train' | 'valid'>,
  opts: Pick<ServedOptions, 'people' | 'pause'> & { signals: (p: Person) => Signals },
): Promise<StarsResult> {
  const { numUsers } = setup;
  const train = byUser(setup.train, numUsers);
  const valid = byUser(setup.valid, numUsers);
  const fit = new StarsFit();
  const stride = opts.people ? Math.max(1, Math.ceil(numUsers / opts.people)) : 1;
  for (let u = 0, seen = 0; u < numUsers; u += stride, seen++) {
    if (opts.pause && seen % PAUSE_EVERY === 0) await opts.pause();
    const v = valid.of(u);
    if (v.movies.length === 0) continue;
    const { watch, rating } = opts.signals({ user: u, ...train.of(u) });
    if (!rating) continue;
    const st = watch ? standardiser(watch) : { mean: 0, sd: 1 };
    for (let i = 0; i < v.movies.length; i++) {
      const m = v.movies[i]!;
      fit.add(rating[m]!, watch ? (watch[m]! - st.mean) / st.sd : 0, v.ratings[i]!);
    }
  }
  return { stack: fit.result(), rows: fit.rows };
}
