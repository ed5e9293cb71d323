/**
 * The fixed evaluation set-up shared by the model worker, the bench and tests: dense index maps,
 * the seeded 90/10 split (with its validation slice), model-ready arrays, the ranking tasks and
 * the baselines — computed once per data version, identical everywhere.
 */
import type { RatingColumns } from '../data/types';
import { globalMean, predictBiases, tuneBiases, type BiasModel } from './baselines';
import { buildIndexMaps, toTrainingArrays, type IndexMaps, type TrainingArrays } from './indexing';
import { mae, rmse } from './metrics';
import { buildRankingTasks, type RankingTask } from './ranking';
import { DEFAULT_SPLIT_SEED, splitRatings, type Split } from './split';

export interface ErrorFigures {
  testRmse: number;
  testMae: number;
}

export interface Experiment {
  seed: number;
  maps: IndexMaps;
  split: Split;
  train: TrainingArrays;
  valid: TrainingArrays;
  test: TrainingArrays;
  ranking: RankingTask[];
  biasModel: BiasModel;
  baselines: { globalMean: ErrorFigures; biases: ErrorFigures };
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
  const all = toTrainingArrays(data.ratings, null, maps);
  const ranking = buildRankingTasks(all, split.test, {
    seed,
    numUsers: maps.numUsers,
    numMovies: maps.numMovies,
  });
  const mu = globalMean(train.ratings);
  const constant = new Float32Array(test.ratings.length).fill(mu);
  const biasModel = tuneBiases(train, valid, maps.numUsers, maps.numMovies).model;
  const biasPred = predictBiases(biasModel, test.users, test.movies);
  return {
    seed,
    maps,
    split,
    train,
    valid,
    test,
    ranking,
    biasModel,
    baselines: {
      globalMean: { testRmse: rmse(constant, test.ratings), testMae: mae(constant, test.ratings) },
      biases: { testRmse: rmse(biasPred, test.ratings), testMae: mae(biasPred, test.ratings) },
    },
  };
}
