/** Serving's neural scoring of one person (its first layer split by input parts) is the model. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/models/config';
import { initialWeights } from '../../../src/models/model';
import { neuralHead, neuralInputs } from '../../../src/models/neural';
import { createServingModel } from '../../../src/models/predict';
import type { ModelWeights } from '../../../src/models/weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The model's output for one person over every movie, the whole first layer on tiled rows. */
function reference(w: ModelWeights, u: Float32Array, bu: number): Float32Array {
  return tf.tidy(() => {
    const n = w.numMovies;
    const layers = w.dense.map((l) => ({
      kernel: tf.tensor2d(l.kernel, [l.inSize, l.outSize]),
      bias: tf.tensor1d(l.bias),
    }));
    const parts = neuralInputs(
      tf.tile(tf.tensor2d(u, [1, w.dim]), [n, 1]) as tf.Tensor2D,
      tf.tensor2d(w.movieFactors, [n, w.dim]),
      tf.fill([n, 1], bu) as tf.Tensor2D,
      tf.tensor2d(w.movieBias, [n, 1]),
      w.product === true,
    );
    return neuralHead(parts, layers, w.ratingRange).dataSync() as Float32Array;
  });
}

describe('createServingModel (neural)', () => {
  it.each([
    { product: true, hidden: [16, 8] },
    { product: false, hidden: [16] },
    { product: true, hidden: [] as number[] },
  ])('scores a person exactly as the model does ($hidden, u⊙v $product)', async (o) => {
    const cfg = { ...defaultConfig('neural', true), dim: 6, initStd: 0.4, ...o };
    const w = initialWeights(cfg, 4, 9, 3.5);
    w.movieBias.forEach((_, i) => (w.movieBias[i] = (i % 3) * 0.2 - 0.2));
    const serving = createServingModel(w);
    const before = tf.memory().numTensors;
    const u = Float32Array.from({ length: 6 }, (_, i) => 0.3 - 0.1 * i);
    for (const bu of [0, 0.4]) {
      const got = await serving.scoreUser(u, bu);
      const want = reference(w, u, bu);
      for (let m = 0; m < w.numMovies; m++) expect(got[m]).toBeCloseTo(want[m]!, 5);
    }
    // the movies' part is kept for the next person; nothing else stays
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 4);
    serving.dispose();
  });
});
