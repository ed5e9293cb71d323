import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/eval/rng';
import { LazyAdamTable } from '../../../src/models/lazyAdam';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ROWS = 5;
const WIDTH = 3;

function randoms(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.nextNormal());
}

describe('LazyAdamTable', () => {
  it('equals tf.train.adam on the summed dense gradient when every row is in every batch', () => {
    const init = randoms(ROWS * WIDTH, 1);
    const table = new LazyAdamTable(init, WIDTH);
    const weight = Float32Array.from([1, 0.5, 2, 1, 0.25]);
    const penalty = 0.3;
    const lr = 0.05;
    const variable = tf.variable(tf.tensor2d(init, [ROWS, WIDTH]));
    const adam = tf.train.adam(lr);
    const before = tf.memory().numTensors;
    for (let t = 1; t <= 6; t++) {
      // every row at least once, some twice, in a shuffled order
      const rows = Int32Array.from(t % 2 ? [4, 0, 2, 2, 1, 3, 0] : [3, 1, 1, 0, 4, 2]);
      const dy = randoms(rows.length * WIDTH, 10 + t);
      // dense reference: sum of dy per row plus penalty * weight * x per occurrence
      const x = variable.dataSync();
      const dense = new Float32Array(ROWS * WIDTH);
      rows.forEach((r, i) => {
        for (let d = 0; d < WIDTH; d++)
          dense[r * WIDTH + d]! += dy[i * WIDTH + d]! + penalty * weight[r]! * x[r * WIDTH + d]!;
      });
      tf.tidy(() =>
        adam.applyGradients([{ name: variable.name, tensor: tf.tensor2d(dense, [ROWS, WIDTH]) }]),
      );
      table.step(rows, dy, lr, t, penalty, weight);
    }
    const want = variable.dataSync();
    for (let i = 0; i < want.length; i++) expect(table.values[i]).toBeCloseTo(want[i]!, 5);
    adam.dispose();
    variable.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });

  it('touches only the rows in the batch, with the global step in the bias correction', () => {
    const init = randoms(ROWS * WIDTH, 2);
    const table = new LazyAdamTable(init, WIDTH, { epsilon: 0 });
    const lr = 0.1;
    const b1 = 0.9;
    const b2 = 0.999;
    // step 1: rows 1 (twice) and 3
    const g1 = Float32Array.from([1, -2, 0.5, 3, 0, -1, 0.5, 0.5, 0.5]);
    table.step(Int32Array.from([1, 3, 1]), g1, lr, 1);
    for (const r of [0, 2, 4]) {
      for (let d = 0; d < WIDTH; d++) {
        expect(table.values[r * WIDTH + d]).toBe(init[r * WIDTH + d]);
        expect(table.m[r * WIDTH + d]).toBe(0);
        expect(table.v[r * WIDTH + d]).toBe(0);
      }
    }
    // at t = 1 the bias-corrected step is lr * g / |g| = lr * sign(g) (eps 0)
    const row1 = [1.5, -1.5, 1];
    for (let d = 0; d < WIDTH; d++) {
      expect(table.values[WIDTH + d]).toBeCloseTo(init[WIDTH + d]! - lr * Math.sign(row1[d]!), 6);
      expect(table.m[WIDTH + d]).toBeCloseTo((1 - b1) * row1[d]!, 6);
    }
    // step 2 without row 1, step 3 with it: its moments decay once, by its own update only
    table.step(Int32Array.from([0]), Float32Array.from([1, 1, 1]), lr, 2);
    const x1 = table.values.slice(WIDTH, 2 * WIDTH);
    expect([...x1]).toEqual([...table.values.slice(WIDTH, 2 * WIDTH)]);
    const g3 = [0.2, 0.4, -0.6];
    table.step(Int32Array.from([1]), Float32Array.from(g3), lr, 3);
    for (let d = 0; d < WIDTH; d++) {
      const m = b1 * (1 - b1) * row1[d]! + (1 - b1) * g3[d]!;
      const v = b2 * (1 - b2) * row1[d]! ** 2 + (1 - b2) * g3[d]! ** 2;
      const want = x1[d]! - (lr * (m / (1 - b1 ** 3))) / Math.sqrt(v / (1 - b2 ** 3));
      expect(table.values[WIDTH + d]).toBeCloseTo(want, 5);
    }
  });

  it("row-wise AdaGrad (LibMF's rule) on the summed, rescaled gradient of the batch's rows", () => {
    const init = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const table = new LazyAdamTable(init, 2);
    // rows 2 (twice) and 0; batch-mean gradients, scale 4 (the batch size)
    const dy = Float32Array.from([0.1, 0.2, 0.5, -0.5, 0.3, 0.1]);
    table.stepAdagrad(Int32Array.from([2, 0, 2]), dy, 0.1, 4);
    const g2 = [4 * 0.4, 4 * 0.3]; // row 2: (0.1 + 0.3, 0.2 + 0.1) scaled
    const G2 = (g2[0]! ** 2 + g2[1]! ** 2) / 2;
    expect(table.values[4]).toBeCloseTo(5 - (0.1 * g2[0]!) / Math.sqrt(1 + G2), 6);
    expect(table.values[5]).toBeCloseTo(6 - (0.1 * g2[1]!) / Math.sqrt(1 + G2), 6);
    const G0 = ((4 * 0.5) ** 2 + (4 * 0.5) ** 2) / 2;
    expect(table.values[0]).toBeCloseTo(1 - (0.1 * 2) / Math.sqrt(1 + G0), 6);
    expect([...table.values.subarray(2, 4)]).toEqual([3, 4]);
  });

  it('gathers rows', () => {
    const table = new LazyAdamTable(Float32Array.from([0, 1, 10, 11, 20, 21]), 2);
    expect([...table.gather(Int32Array.from([2, 0, 2]), new Float32Array(6))]).toEqual([
      20, 21, 0, 1, 20, 21,
    ]);
    expect(() => new LazyAdamTable(new Float32Array(5), 2)).toThrow(RangeError);
  });
});
