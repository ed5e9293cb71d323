import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { AbortError, isAbort } from '../../../src/core/errors';
import { predictBiases, tuneBiases } from '../../../src/core/eval/baselines';
import { rmse } from '../../../src/core/eval/metrics';
import { splitRatings } from '../../../src/core/eval/split';
import { defaultConfig, type TrainConfig } from '../../../src/models/config';
import { countRows, initialWeights } from '../../../src/models/model';
import { createMf } from '../../../src/models/mf';
import { predictPairs } from '../../../src/models/predict';
import { prepareLookup } from '../../../src/models/sparseGather';
import { BackendLost, trainModel } from '../../../src/models/train';
import type { EpochStats } from '../../../src/models/trainTypes';
import { makeLatentData, pick } from '../../helpers/latent';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = makeLatentData({ numUsers: 300, numMovies: 200, dim: 4, density: 0.3, seed: 11 });
const split = splitRatings(data.all.ratings.length, 5);
const train = pick(data.all, split.train);
const valid = pick(data.all, split.valid);
const test = pick(data.all, split.test);
const sizes = { numUsers: data.numUsers, numMovies: data.numMovies };

function config(kind: 'mf' | 'neural', over: Partial<TrainConfig> = {}): TrainConfig {
  return {
    ...defaultConfig(kind),
    dim: 8,
    hidden: [16],
    batchSize: 512,
    learningRate: 0.02,
    lrDecay: 1,
    l2: 0.02,
    regAlpha: 0,
    l2Bias: 0.001,
    l2Dense: 0,
    maxEpochs: 40,
    patience: 4,
    minDelta: 0,
    ...over,
  };
}

async function testRmse(w: Parameters<typeof predictPairs>[0]): Promise<number> {
  const p = await predictPairs(w, test.users, test.movies, { clip: true });
  return rmse(p, test.ratings);
}

describe('trainModel', () => {
  const bias = tuneBiases(train, valid, data.numUsers, data.numMovies, [0.5, 2, 5, 10]);
  const biasRmse = rmse(predictBiases(bias.model, test.users, test.movies), test.ratings);

  it.each(['adagrad', 'sgd', 'adam'] as const)(
    'MF (%s) learns planted low-rank structure well below the bias baseline',
    async (solver) => {
      // plain SGD is slow to leave the default's small initial factors (0.01): start it at 0.05
      const over = solver === 'sgd' ? { learningRate: 0.01, initStd: 0.05 } : {};
      const res = await trainModel(config('mf', { solver, ...over }), {
        train,
        valid,
        ...sizes,
      });
      const e = await testRmse(res.weights);
      expect(e).toBeLessThan(0.6 * biasRmse);
      // the returned weights' validation RMSE: the best epoch's, or lower once recalibrated
      const epochRmse = res.history[res.bestEpoch - 1]!.valRmse;
      if (res.calibration) expect(res.bestValRmse).toBeLessThan(epochRmse);
      else expect(res.bestValRmse).toBe(epochRmse);
    },
  );

  it('MF learns planted low-rank structure well below the bias baseline', async () => {
    const res = await trainModel(config('mf'), { train, valid, ...sizes });
    const e = await testRmse(res.weights);
    expect(biasRmse).toBeGreaterThan(0.8);
    expect(e).toBeLessThan(0.6 * biasRmse);
    expect(res.bestEpoch).toBeGreaterThan(0);
    expect(res.bestValRmse).toBeLessThanOrEqual(res.history[res.bestEpoch - 1]!.valRmse);
  });

  it('the neural model learns it too', async () => {
    const res = await trainModel(
      config('neural', { learningRate: 0.01, maxEpochs: 15, batchSize: 256 }),
      {
        train,
        valid,
        ...sizes,
      },
    );
    expect(await testRmse(res.weights)).toBeLessThan(0.75 * biasRmse);
  });

  it('the neural model started from a trained MF (NeuMF pretraining) starts near the MF', async () => {
    const mf = await trainModel(config('mf'), { train, valid, ...sizes });
    const mfRmse = await testRmse(mf.weights);
    const epochs: EpochStats[] = [];
    const res = await trainModel(
      config('neural', { dim: mf.weights.dim, learningRate: 0.001, maxEpochs: 2, mfPath: true }),
      { train, valid, ...sizes },
      { fromMf: mf.weights, onEpoch: (e) => epochs.push(e) },
    );
    expect(res.weights.fromMf).toBe(true);
    // its first epoch is already near the MF, far below the bias baseline
    expect(epochs[0]!.valRmse).toBeLessThan(0.75 * biasRmse);
    expect(await testRmse(res.weights)).toBeLessThan(1.15 * mfRmse);
  });

  it('leaks no tensors: numTensors is the same after every epoch', async () => {
    for (const kind of ['mf', 'neural'] as const) {
      const before = tf.memory().numTensors;
      const counts: number[] = [];
      await trainModel(
        config(kind, { maxEpochs: 4, patience: 10 }),
        { train, valid, ...sizes },
        {
          onEpoch: () => counts.push(tf.memory().numTensors),
        },
      );
      expect(counts.length).toBe(4);
      expect(new Set(counts).size).toBe(1);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('is deterministic for a seed', async () => {
    const run = async (): Promise<number[]> =>
      (await trainModel(config('mf', { maxEpochs: 2 }), { train, valid, ...sizes })).history.map(
        (h: EpochStats) => h.valRmse,
      );
    expect(await run()).toEqual(await run());
  });

  it("trains the same with the webgl-oriented 'slots' gradients (the tf.js Adam MF)", async () => {
    const run = async (gradMode: 'scatter' | 'slots'): Promise<number[]> =>
      (
        await trainModel(
          config('mf', { solver: 'adam', maxEpochs: 2 }),
          { train, valid, ...sizes },
          { gradMode },
        )
      ).history.map((h) => h.valRmse);
    const a = await run('scatter');
    const b = await run('slots');
    a.forEach((x, i) => expect(Math.abs(x - b[i]!)).toBeLessThan(1e-4));
  });

  it('stops with AbortError when the signal fires, and releases its tensors', async () => {
    const before = tf.memory().numTensors;
    const ctrl = new AbortController();
    let epochs = 0;
    const p = trainModel(
      config('mf', { batchSize: 64 }),
      { train, valid, ...sizes },
      {
        signal: ctrl.signal,
        yieldEveryMs: 1,
        // abort in the middle of training, on an event rather than a timer
        onEpoch: () => {
          epochs++;
          if (epochs === 2) ctrl.abort();
        },
      },
    );
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(isAbort(err)).toBe(true);
    expect(epochs).toBe(2); // nothing ran after the abort
    expect(tf.memory().numTensors).toBe(before);
  });

  it('warm-starts from saved weights with extra users', async () => {
    const base = await trainModel(config('mf'), { train, valid, ...sizes });
    // Two new users who rate like users 0 and 1.
    const extraUsers: number[] = [];
    const extraMovies: number[] = [];
    const extraRatings: number[] = [];
    for (let i = 0; i < train.ratings.length; i++) {
      if (train.users[i]! < 2) {
        extraUsers.push(data.numUsers + train.users[i]!);
        extraMovies.push(train.movies[i]!);
        extraRatings.push(train.ratings[i]!);
      }
    }
    const more = {
      users: Int32Array.from([...train.users, ...extraUsers]),
      movies: Int32Array.from([...train.movies, ...extraMovies]),
      ratings: Float32Array.from([...train.ratings, ...extraRatings]),
    };
    const epochs: EpochStats[] = [];
    const res = await trainModel(
      config('mf', { maxEpochs: 6 }),
      { train: more, valid, numUsers: data.numUsers + 2, numMovies: data.numMovies },
      { init: base.weights, onEpoch: (e) => epochs.push(e) },
    );
    expect(res.weights.numUsers).toBe(data.numUsers + 2);
    // Starts from a trained model: the first epoch is already about as good as the old best.
    expect(epochs[0]!.valRmse).toBeLessThan(base.bestValRmse + 0.05);
    // The new users' rows were learned: their predictions fit their ratings.
    const u = Int32Array.from(extraUsers);
    const m = Int32Array.from(extraMovies);
    expect(rmse(await predictPairs(res.weights, u, m, { clip: true }), extraRatings)).toBeLessThan(
      0.6,
    );
  });

  it('refuses a warm start of another shape', async () => {
    const base = initialWeights(config('mf', { dim: 4 }), data.numUsers, data.numMovies, 3.5);
    await expect(
      trainModel(config('mf'), { train, valid, ...sizes }, { init: base }),
    ).rejects.toMatchObject({ code: 'model-invalid' });
  });

  it("MF's closed-form gradients equal autodiff of its loss", () => {
    const cfg = config('mf', { regAlpha: 0.5, l2: 0.1, l2Bias: 0.05 });
    const w = initialWeights({ ...cfg, initStd: 0.3 }, data.numUsers, data.numMovies, 3.5);
    w.userBias.forEach((_, i) => (w.userBias[i] = Math.sin(i)));
    const counts = {
      users: countRows(train.users, data.numUsers),
      movies: countRows(train.movies, data.numMovies),
    };
    const model = createMf(w, cfg, counts);
    const n = 200;
    const batch = {
      users: prepareLookup(train.users.subarray(0, n), data.numUsers, 'scatter'),
      movies: prepareLookup(train.movies.subarray(0, n), data.numMovies, 'scatter'),
      size: n,
    };
    const r = tf.tensor1d(train.ratings.subarray(0, n));
    const ref = tf.variableGrads(() => {
      const { pred, penalty } = model.forward(batch);
      return tf.add(tf.mean(tf.squaredDifference(pred, r)), penalty) as tf.Scalar;
    }, model.trainable);
    const ours = tf.tidy(() => model.gradients!(batch, r).grads);
    for (const v of model.trainable) {
      const a = ours[v.name]!.dataSync();
      const b = ref.grads[v.name]!.dataSync();
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-5);
    }
    model.dispose();
  });
});

describe('GPU loss: checkpoint and resume', () => {
  it('a lost device throws BackendLost with the last good epoch, and a resumed run finishes the same epochs', async () => {
    const cfg = config('neural', { maxEpochs: 4, patience: 10 });
    const d = { train, valid, ...sizes };
    const full = await trainModel(cfg, d);
    let lostNow = false;
    const before = tf.memory().numTensors;
    const err = await trainModel(cfg, d, {
      checkpoint: true,
      lost: () => lostNow,
      onEpoch: (e) => {
        if (e.epoch === 2) lostNow = true; // epoch 3 runs on a "lost" device
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendLost);
    const cp = (err as BackendLost).checkpoint!;
    expect((err as BackendLost).code).toBe('backend-lost');
    expect(cp.epoch).toBe(2);
    expect(cp.history.map((h) => h.valRmse)).toEqual(
      full.history.slice(0, 2).map((h) => h.valRmse),
    );
    expect(tf.memory().numTensors).toBe(before); // nothing leaks on the way out
    const resumed = await trainModel(cfg, d, { resume: cp });
    expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    // Adam's moments restart: close to the uninterrupted run, not equal
    expect(Math.abs(resumed.bestValRmse - full.bestValRmse)).toBeLessThan(0.05);
    expect(tf.memory().numTensors).toBe(before);
  });
});
