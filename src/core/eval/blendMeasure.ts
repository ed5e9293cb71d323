/**
 * The served blend's measurement: fits the served stars on validation, chooses the blend's weights
 * on validation (BLEND_GRID) and measures the blend, each model alone and popularity on test,
 * every figure from the same people and protocol (served.ts).
 * Rule: plain arrays and callbacks in, a BlendInfo out, so the model worker and Node scripts run
 * this same code; the caller supplies the ranking model's scores, the MF's factors, the genre
 * TF-IDF, and how to yield (`pause`) and read the clock (core has neither).
 */
import type { BlendInfo, ModelKind } from '../api/model';
import { throwIfAborted } from '../errors';
import type { GenreTfidf } from '../features/tfidf';
import type { BlendWeights } from '../recommend/blend';
import { servedStars } from '../recommend/stars';
import { watchWeights } from '../recommend/watch';
import type { Experiment } from './experiment';
import { evaluateServed, fitServedStars, type Person, type Signals } from './served';

/**
 * Person x movie scores the blend may compute: twice ML-1M's (people x movies). Beyond that people
 * are sampled (every k-th), since scoring every movie for everyone of a big release takes hours.
 */
export const BLEND_SCORES = 2 * 6_040 * 3_883;
/** People the served stars are fitted on (stars.ts): four coefficients need few rows. */
const STARS_FIT_PEOPLE = 1_500;
/** The fewest people the blend is measured on, however many movies. */
const MIN_PEOPLE = 500;

/** The blend's grid, searched on validation (weights against the ranking model's 1). */
export const BLEND_GRID: readonly BlendWeights[] = [0, 0.15, 0.3, 0.6].flatMap((rating) =>
  [0, 0.05, 0.15].map((content) => ({ rating, content })),
);

/** The MF's factors as plain arrays (src/models/weights.ts ModelWeights fits), rows by model index. */
export interface MfFactors {
  dim: number;
  globalMean: number;
  ratingRange: readonly [number, number];
  /** numUsers x dim */
  userFactors: Float32Array;
  userBias: Float32Array;
  /** numMovies x dim */
  movieFactors: Float32Array;
  movieBias: Float32Array;
}

export interface BlendInputs {
  /** the data version the models were trained on (stored with the blend) */
  dataVersion: string;
  /** the fixed split, tasks and popularity the models were trained and measured on */
  exp: Experiment;
  /**
   * the ranking model's score of every movie (model rows) for a person's rated movies, each
   * weighted by `weights` (watchWeight of its stars: the dislike rule the lists apply)
   */
  watch: (rated: Int32Array, weights: Float32Array) => ArrayLike<number>;
  /** the trained MF */
  mf: MfFactors;
  /** genre TF-IDF over the movies in model row order (the content signal) */
  tfidf: GenreTfidf;
  /** the neural model's predicted stars of every movie for a trained user row (measured alone) */
  neural?: (user: number) => ArrayLike<number> | Promise<ArrayLike<number>>;
  /** trainedAt of the models measured */
  measuredOn: Partial<Record<ModelKind, number>>;
}

export interface BlendMeasureOptions {
  /** also the full-catalogue figures (Recall@20, NDCG@20) */
  full: boolean;
  signal?: { aborted: boolean };
  /** yields to the event loop (called every few hundred people; abort is checked after it) */
  pause: () => Promise<void>;
  /** milliseconds, for the `seconds` the measurement took */
  now: () => number;
}

/** MF's predicted rating of every movie for a trained user row (unclipped, as served). */
export function mfRow(w: MfFactors, user: number, out: Float32Array): Float32Array {
  const { dim, movieFactors, movieBias } = w;
  const base = w.globalMean + w.userBias[user]!;
  const u = w.userFactors.subarray(user * dim, (user + 1) * dim);
  for (let m = 0; m < out.length; m++) {
    let s = base + movieBias[m]!;
    const off = m * dim;
    for (let d = 0; d < dim; d++) s += u[d]! * movieFactors[off + d]!;
    out[m] = s;
  }
  return out;
}

/** People measured for a catalogue of `numMovies`: the BLEND_SCORES budget, at least MIN_PEOPLE. */
export function blendPeople(numMovies: number): number {
  return Math.max(MIN_PEOPLE, Math.floor(BLEND_SCORES / Math.max(1, numMovies)));
}

/** Chooses the blend's weights on validation and measures it (and every model alone) on test. */
export async function measureBlend(
  inputs: BlendInputs,
  options: BlendMeasureOptions,
): Promise<BlendInfo> {
  const { exp, mf, tfidf, neural } = inputs;
  const { full, signal } = options;
  const t0 = options.now();
  const numMovies = exp.maps.numMovies;
  const ratingBuf = new Float32Array(numMovies);
  const people = blendPeople(numMovies);
  const pauseOrAbort = async () => {
    await options.pause();
    throwIfAborted(signal);
  };
  const modelSignals = (p: Person) => ({
    watch: inputs.watch(p.movies, watchWeights(p.ratings)),
    rating: mfRow(mf, p.user, ratingBuf),
  });
  // the served stars (stars.ts), fitted on the validation rows before the blend is chosen there
  const stars = await fitServedStars(
    { numUsers: exp.maps.numUsers, train: exp.train, valid: exp.valid },
    { signals: modelSignals, people: Math.min(people, STARS_FIT_PEOPLE), pause: pauseOrAbort },
  );
  // the MF's own predictions of the person just scored, for measuring the MF alone (`extra`)
  let mfOf: { user: number; rating: Float32Array } | undefined;
  const signals = (p: Person): Signals => {
    const { watch, rating } = modelSignals(p);
    mfOf = { user: p.user, rating };
    return {
      watch,
      rating: servedStars(rating, watch, stars.stack),
      content: tfidf.scoreAll(
        tfidf.profileFromRatings(
          [],
          Array.from(p.movies, (m, i) => ({ index: m, rating: p.ratings[i]! })),
        ),
      ),
    };
  };
  const result = await evaluateServed(
    {
      numUsers: exp.maps.numUsers,
      numMovies,
      train: exp.train,
      valid: exp.valid,
      test: exp.test,
      testTasks: exp.ranking,
      validTasks: exp.validRanking,
    },
    {
      grid: BLEND_GRID,
      people,
      signals,
      ratingRange: mf.ratingRange,
      full,
      measureFloor: true,
      pause: pauseOrAbort,
      extra: {
        ease: (_p, sg) => sg.watch,
        mf: (p) => (mfOf?.user === p.user ? mfOf.rating : mfRow(mf, p.user, ratingBuf)),
        popularity: () => exp.trainCounts,
        ...(neural ? { neural: (p: Person) => neural(p.user) } : {}),
      },
    },
  );
  return {
    dataVersion: inputs.dataVersion,
    weights: result.weights,
    curve: result.curve,
    served: result.served,
    ...(result.servedNoFloor ? { servedNoFloor: result.servedNoFloor } : {}),
    ...(result.disliked10 !== undefined ? { disliked10: result.disliked10 } : {}),
    ...(result.positivesBelowFloor !== undefined
      ? { positivesBelowFloor: result.positivesBelowFloor }
      : {}),
    stars: { ...stars.stack, rows: stars.rows, testRmse: result.ratingRmse?.rmse ?? Number.NaN },
    models: result.extra,
    measuredOn: inputs.measuredOn,
    seconds: (options.now() - t0) / 1000,
  };
}
