import type { BlendInfo, ModelInfo, ModelKind } from '../../../src/core/api/model';

const figures = { hr10: 0.5, ndcg10: 0.3, tasks: 100, users: 10 };

/** A ModelInfo as the worker saves it (the figures are placeholders). */
export function modelInfoFor(dataVersion: string, kind: ModelKind = 'mf'): ModelInfo {
  return {
    kind,
    dataVersion,
    trainedAt: 1,
    backend: 'wasm',
    config: { dim: 8, hidden: [16, 8], kernel: 'js' },
    params: 100,
    epochs: 2,
    bestEpoch: 2,
    secondsPerEpoch: 0.5,
    trainSeconds: 1,
    history: [{ epoch: 1, loss: 1, valRmse: 0.9, seconds: 0.5 }],
    metrics: { testRmse: 0.9, testMae: 0.7, hr10: 0.4, ndcg10: 0.2 },
    baselines: {
      globalMean: { testRmse: 1.1, testMae: 0.9 },
      biases: { testRmse: 0.95, testMae: 0.75 },
      popularity: figures,
    },
    userRatings: 0,
    split: { seed: 1, fingerprint: 'abc', train: 8, valid: 1, test: 1 },
  };
}

/** A BlendInfo as the worker saves it. */
export function blendInfoFor(dataVersion: string): BlendInfo {
  return {
    dataVersion,
    weights: { rating: 0.15, content: 0.05 },
    curve: [{ weights: { rating: 0, content: 0 }, valid: figures }],
    served: { ...figures, recall20: 0.1, ndcg20: 0.1 },
    positivesBelowFloor: 0.05,
    stars: { a: 0, b: 1, c: 0, d: 0, rows: 10, testRmse: 0.9 },
    models: { ease: figures, mf: figures, popularity: figures },
    measuredOn: { ease: 1, mf: 2 },
    seconds: 3,
  };
}
