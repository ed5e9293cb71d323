/**
 * The ranking protocol (HR@10, NDCG@10). For every user with at least one positive test rating
 * (>= POSITIVE_STARS, protocol.ts), one such rating (seeded choice) is the positive; it is ranked
 * against SAMPLED_NEGATIVES negatives drawn (seeded, without replacement) from the candidate movies
 * the user never rated anywhere in the data set (train, valid or test). Candidates default to the
 * movies with at least one rating, since a model can say nothing about never-rated movies. Ties
 * count against the positive, so a constant scorer gets HR = 0 rather than a lucky score; score
 * with unclipped predictions.
 */
import { hitRateAtK, ndcgAtK } from './metrics';
import { createRng, deriveSeed, sampleWithoutReplacement } from './rng';
import { POSITIVE_STARS, SAMPLED_NEGATIVES } from './protocol';

export interface IndexedRatings {
  /** Dense user index per row. */
  users: Int32Array;
  /** Dense movie index per row. */
  movies: Int32Array;
  ratings: Float32Array | Uint8Array;
}

export interface RankingTask {
  userIdx: number;
  /** Candidates: element 0 is the positive, then the negatives. */
  movieIdxs: Int32Array;
}

export interface RankingOptions {
  seed: number;
  numUsers: number;
  numMovies: number;
  negatives?: number;
  minRating?: number;
  /** Movies that may be drawn as negatives; default: every movie rated at least once in `all`. */
  candidates?: Int32Array;
}

/**
 * @param all every rating of the data set, as dense indices (used to know what users rated)
 * @param testRows rows of `all` that are in the test set
 */
export function buildRankingTasks(
  all: IndexedRatings,
  testRows: Uint32Array,
  opts: RankingOptions,
): RankingTask[] {
  const negatives = opts.negatives ?? SAMPLED_NEGATIVES;
  const minRating = opts.minRating ?? POSITIVE_STARS;
  const { numUsers, numMovies } = opts;
  // CSR of the movies each user rated (whole data set).
  const start = new Int32Array(numUsers + 1);
  for (let i = 0; i < all.users.length; i++) start[all.users[i]! + 1]!++;
  for (let u = 0; u < numUsers; u++) start[u + 1]! += start[u]!;
  const fill = start.slice(0, numUsers);
  const rated = new Int32Array(all.users.length);
  const ratedByAnyone = new Uint8Array(numMovies);
  for (let i = 0; i < all.users.length; i++) {
    rated[fill[all.users[i]!]!++] = all.movies[i]!;
    ratedByAnyone[all.movies[i]!] = 1;
  }
  let candidates = opts.candidates;
  if (!candidates) {
    const list: number[] = [];
    for (let m = 0; m < numMovies; m++) if (ratedByAnyone[m]) list.push(m);
    candidates = Int32Array.from(list);
  }
  // Eligible test rows grouped by user, in row order (deterministic).
  const eligible = new Map<number, number[]>();
  for (let t = 0; t < testRows.length; t++) {
    const row = testRows[t]!;
    if (all.ratings[row]! >= minRating) {
      const u = all.users[row]!;
      let list = eligible.get(u);
      if (!list) eligible.set(u, (list = []));
      list.push(row);
    }
  }
  const users = [...eligible.keys()].sort((a, b) => a - b);
  const rng = createRng(deriveSeed(opts.seed, 'ranking'));
  const mark = new Uint8Array(numMovies);
  const isCandidate = new Uint8Array(numMovies);
  for (let i = 0; i < candidates.length; i++) isCandidate[candidates[i]!] = 1;
  const tasks: RankingTask[] = [];
  for (const u of users) {
    const rows = eligible.get(u)!;
    const positive = all.movies[rows[rng.nextInt(rows.length)]!]!;
    // candidates the person has not rated: all of them less the (distinct) rated ones among them,
    // counted over the person's ratings, not the catalogue (ML-25M: 160k people x 60k movies)
    let ratedCandidates = 0;
    for (let i = start[u]!; i < start[u + 1]!; i++) {
      const m = rated[i]!;
      if (!mark[m] && isCandidate[m]) ratedCandidates++;
      mark[m] = 1;
    }
    const cands = candidates;
    const pool = cands.length - ratedCandidates;
    if (pool >= negatives) {
      const picks = sampleWithoutReplacement(
        cands.length,
        negatives,
        rng,
        (j) => mark[cands[j]!] === 1,
      );
      const movieIdxs = new Int32Array(negatives + 1);
      movieIdxs[0] = positive;
      for (let j = 0; j < negatives; j++) movieIdxs[j + 1] = cands[picks[j]!]!;
      tasks.push({ userIdx: u, movieIdxs });
    }
    for (let i = start[u]!; i < start[u + 1]!; i++) mark[rated[i]!] = 0;
  }
  return tasks;
}

export interface RankingResult {
  hr: number;
  ndcg: number;
  tasks: number;
}

/** All (user, movie) pairs of the tasks, flattened, for one batched prediction pass. */
export function rankingPairs(tasks: RankingTask[]): { users: Int32Array; movies: Int32Array } {
  let n = 0;
  for (const t of tasks) n += t.movieIdxs.length;
  const users = new Int32Array(n);
  const movies = new Int32Array(n);
  let o = 0;
  for (const t of tasks) {
    users.fill(t.userIdx, o, o + t.movieIdxs.length);
    movies.set(t.movieIdxs, o);
    o += t.movieIdxs.length;
  }
  return { users, movies };
}

/**
 * Metrics from scores laid out as rankingPairs(tasks): each task's positive (its first movie) ranks
 * below every negative that scores at least as high (ties count against it).
 */
export function rankingFromScores(
  tasks: RankingTask[],
  scores: ArrayLike<number>,
  k = 10,
): RankingResult {
  const ranks = new Int32Array(tasks.length);
  let o = 0;
  for (let t = 0; t < tasks.length; t++) {
    const len = tasks[t]!.movieIdxs.length;
    const p = scores[o]!;
    let rank = 0;
    for (let i = 1; i < len; i++) if (scores[o + i]! >= p) rank++;
    ranks[t] = rank;
    o += len;
  }
  return { hr: hitRateAtK(ranks, k), ndcg: ndcgAtK(ranks, k), tasks: tasks.length };
}
