/**
 * The worker's `train`: one model, saved and put in service, nothing else.
 * Rule: serving never waits for an evaluation: the served blend is not measured here (it comes
 * with the data, or is measured once after every default model is ready: blend.ts), and a
 * model's test figures are measured later (figures.ts), never before its save.
 */
import type { ModelInfo, ModelKind, TrainOptions, TrainProgress } from '../../src/core/api/model';
import { isRatingModel } from '../../src/core/kinds';
import { signalFromPort } from '../abort';
import { throttleProgress } from '../progress';
import { trainRanking } from './trainRanking';
import { trainRating } from './trainRating';

export async function train(
  kind: ModelKind,
  options: TrainOptions,
  onProgress: (p: TrainProgress) => void,
  abort?: MessagePort,
): Promise<ModelInfo> {
  const signal = signalFromPort(abort);
  // Every message re-renders the page: the solve's fractions go at most ~4 a second; a message
  // with a curve point (an epoch, a lambda) always goes, or the lab's curves would miss points.
  onProgress = throttleProgress(onProgress, 250, undefined, (p) => !!(p.point || p.lambdaPoint));
  return isRatingModel(kind)
    ? trainRating(kind, options, onProgress, signal)
    : trainRanking(options, onProgress, signal);
}
