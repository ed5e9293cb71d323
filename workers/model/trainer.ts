/**
 * The experiment (split, ranking tasks, baselines) that training and measuring share, and what
 * every trained model's info says about it.
 * Rule: it is built only on the first training or measuring call, never for serving.
 */
import type { BackendInfo, ModelInfo, ModelKind } from '../../src/core/api/model';
import { ReelError } from '../../src/core/errors';
import { prepareExperiment } from '../../src/core/eval/experiment';
import { splitFingerprint } from '../../src/core/eval/split';
import { loadDataset } from '../../src/storage/dataset';
import { getServing } from './servingIndex';
import { state, type Trainer } from './state';

export async function getTrainer(): Promise<Trainer> {
  const s = await getServing();
  const current = state.trainer ? await state.trainer.catch(() => undefined) : undefined;
  if (current?.dataVersion === s.dataVersion) return current;
  state.trainer = loadDataset().then((data) => {
    const exp = prepareExperiment({
      movieIds: data.movies.map((m) => m.id),
      userIds: data.users.map((u) => u.id),
      ratings: data.ratings,
    });
    if (exp.maps.numMovies !== s.numMovies)
      throw new ReelError('internal', 'The movie index changed while training.');
    return { dataVersion: data.version, exp };
  });
  return state.trainer;
}

/** A model's test figures until they are measured (ModelInfo.metricsPending). */
export const PENDING_METRICS = {
  testRmse: Number.NaN,
  testMae: Number.NaN,
  hr10: Number.NaN,
  ndcg10: Number.NaN,
} as const;

/** The part of a new model's info that does not depend on the kind of model. */
export function commonInfo(
  kind: ModelKind,
  t: Trainer,
  b: BackendInfo,
): Pick<ModelInfo, 'kind' | 'dataVersion' | 'trainedAt' | 'backend' | 'baselines' | 'split'> {
  const { exp } = t;
  return {
    kind,
    dataVersion: t.dataVersion,
    trainedAt: Date.now(),
    backend: b.name,
    baselines: exp.baselines,
    split: {
      seed: exp.seed,
      fingerprint: splitFingerprint(exp.split),
      train: exp.split.train.length,
      valid: exp.split.valid.length,
      test: exp.split.test.length,
    },
  };
}
