/** Test-set figures of trained weights on the fixed experiment: RMSE, MAE, HR@10, NDCG@10. */
import type { Experiment } from '../core/eval/experiment';
import { mae, rmse } from '../core/eval/metrics';
import { rankingFromScores, rankingPairs } from '../core/eval/ranking';
import { predictPairs } from './predict';
import type { ModelWeights } from './weights';

export interface TestFigures {
  testRmse: number;
  testMae: number;
  hr10: number;
  ndcg10: number;
}

export async function evaluateModel(weights: ModelWeights, exp: Experiment): Promise<TestFigures> {
  const { test } = exp;
  const pred = await predictPairs(weights, test.users, test.movies, { clip: true });
  const pairs = rankingPairs(exp.ranking);
  // Ranking uses unclipped scores so that ties at the 5-star cap do not blur the order.
  const rk = rankingFromScores(exp.ranking, await predictPairs(weights, pairs.users, pairs.movies));
  return {
    testRmse: rmse(pred, test.ratings),
    testMae: mae(pred, test.ratings),
    hr10: rk.hr,
    ndcg10: rk.ndcg,
  };
}
