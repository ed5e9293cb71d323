/**
 * The fixed evaluation set-up shared by the model worker, the bench and tests: dense index maps,
 * the seeded train/test split (with its validation slice; protocol.ts), model-ready arrays, the
 * ranking tasks and the baselines — computed once per data version, identical everywhere.
 */
import type { RatingColumns } from '../data/types';
import { globalMean, predictBiases, tuneBiases, type BiasModel } from './baselines';
import {
  buildIndexMaps,
  toTrainingArrays,
  type IndexMaps,
  type TrainingArrays,
} from '../data/indexing';
import { mae, rmse } from './metrics';
import { rankOrder, RankingAccumulator, type RankingFigures } from './accumulate';
import { buildRankingTasks, type RankingTask } from './ranking';
import { byUser } from './served';
import { DEFAULT_SPLIT_SEED, splitRatings, type Split } from './split';
import { POSITIVE_STARS } from './protocol';

interface ErrorFigures {
  testRmse: number;
  testMae: number;
}

/** A baseline's figures: RMSE/MAE where it predicts stars, ranking figures where it ranks. */
type BaselineFigures = ErrorFigures & Partial<RankingFigures>;

export interface Experiment {
  seed: number;
  maps: IndexMaps;
  split: Split;
  train: TrainingArrays;
  valid: TrainingArrays;
  test: TrainingArrays;
  /** Sampled ranking tasks on the test rows, and the same on the validation rows. */
  ranking: RankingTask[];
  validRanking: RankingTask[];
  /** Ratings per movie in the train rows: the popularity baseline's score. */
  trainCounts: Float32Array;
  biasModel: BiasModel;
  baselines: {
    globalMean: ErrorFigures;
    biases: BaselineFigures;
    popularity: RankingFigures;
  };
}

export function prepareExperiment(
  data: { movieIds: ArrayLike<number>; userIds: ArrayLike<number>; ratings: RatingColumns },
  seed = DEFAULT_SPLIT_SEED,
): Experiment {
  const maps = buildIndexMaps(data.movieIds, data.userIds);
  const split = splitRatings(data.ratings.ratings.length, seed);
  const train = toTrainingArrays(data.ratings, split.train, maps);
  const valid = toTrainingArrays(data.ratings, split.valid, maps);
  const test = toTrainingArrays(data.ratings, split.test, maps);
  // every row as dense indices, for the ranking tasks (the stars are read from the columns as
  // they are: no copy)
  const all = {
    ...toTrainingArrays(data.ratings, null, maps, false),
    ratings: data.ratings.ratings,
  };
  const rankingOpts = { seed, numUsers: maps.numUsers, numMovies: maps.numMovies };
  const ranking = buildRankingTasks(all, split.test, rankingOpts);
  const validRanking = buildRankingTasks(all, split.valid, { ...rankingOpts, seed: seed + 1 });
  const trainCounts = new Float32Array(maps.numMovies);
  for (let i = 0; i < train.movies.length; i++) trainCounts[train.movies[i]!]!++;
  const mu = globalMean(train.ratings);
  const constant = new Float32Array(test.ratings.length).fill(mu);
  const biasModel = tuneBiases(train, valid, maps.numUsers, maps.numMovies).model;
  const biasPred = predictBiases(biasModel, test.users, test.movies);
  const people = peopleOf({ train, valid, test, maps });
  return {
    seed,
    maps,
    split,
    train,
    valid,
    test,
    ranking,
    validRanking,
    trainCounts,
    biasModel,
    baselines: {
      globalMean: { testRmse: rmse(constant, test.ratings), testMae: mae(constant, test.ratings) },
      biases: {
        testRmse: rmse(biasPred, test.ratings),
        testMae: mae(biasPred, test.ratings),
        // Within one person, user + movie biases rank by the movie bias alone.
        ...rankWithOneScore(biasModel.movieBias, ranking, people),
      },
      popularity: rankWithOneScore(trainCounts, ranking, people),
    },
  };
}

/**
 * Ranking figures of a scorer that gives everyone the same scores (popularity, movie biases):
 * the sampled tasks, and the full catalogue over every person's positive test movies.
 */
/** The rows by person, built once for both one-score baselines. */
function peopleOf(rows: {
  train: TrainingArrays;
  valid: TrainingArrays;
  test: TrainingArrays;
  maps: IndexMaps;
}) {
  const { numUsers, numMovies } = rows.maps;
  return {
    numUsers,
    numMovies,
    tr: byUser(rows.train, numUsers),
    va: byUser(rows.valid, numUsers),
    te: byUser(rows.test, numUsers),
  };
}

function rankWithOneScore(
  scores: Float32Array,
  tasks: RankingTask[],
  people: ReturnType<typeof peopleOf>,
): RankingFigures {
  const acc = new RankingAccumulator();
  for (const t of tasks) acc.addTask(scores, t);
  const { numUsers, numMovies, tr, va, te } = people;
  const known = new Uint8Array(numMovies);
  const order = rankOrder(scores);
  for (let u = 0; u < numUsers; u++) {
    const t = te.of(u);
    const positives = t.movies.filter((_, i) => t.ratings[i]! >= POSITIVE_STARS);
    if (positives.length === 0) continue;
    const a = tr.of(u).movies;
    const b = va.of(u).movies;
    for (const m of a) known[m] = 1;
    for (const m of b) known[m] = 1;
    acc.addFullInOrder(order, known, positives);
    for (const m of a) known[m] = 0;
    for (const m of b) known[m] = 0;
  }
  return acc.result();
}
