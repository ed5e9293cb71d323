import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { dense, denseOfParts } from '../../../src/models/dense';
import { buildSlots, prepareLookup, sparseGather } from '../../../src/models/sparseGather';
import { type GradMode } from '../../../src/models/sparseGather';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function expectClose(a: tf.Tensor, b: tf.Tensor, tol = 1e-5): void {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThan(tol);
}

describe('sparseGather', () => {
  const rows = 13;
  const dim = 5;
  // Duplicates on purpose (row 3 four times), and rows never looked up.
  const indices = Int32Array.from([3, 0, 3, 7, 12, 3, 1, 7, 3, 0]);

  for (const mode of ['scatter', 'slots'] as GradMode[]) {
    it(`value and gradient equal tf.gather's reference (${mode})`, () => {
      const table = tf.randomNormal([rows, dim], 0, 1, 'float32', 1) as tf.Tensor2D;
      const w = tf.randomNormal([indices.length, dim], 0, 1, 'float32', 2);
      const idx1 = tf.tensor1d(indices, 'int32');
      const lookup = prepareLookup(indices, rows, mode);
      const ref = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.square(tf.gather(t, idx1)), w)));
      const ours = tf.grad((t: tf.Tensor) =>
        tf.sum(tf.mul(tf.square(sparseGather(t as tf.Tensor2D, lookup)), w)),
      );
      expectClose(sparseGather(table, lookup), tf.gather(table, idx1));
      expectClose(ours(table), ref(table));
      lookup.dispose();
    });
  }

  it('lays out slots with a power-of-two width and a zero-row pointer', () => {
    const { slots, width } = buildSlots(Int32Array.from([2, 2, 2, 0]), 3);
    expect(width).toBe(4);
    expect([...slots.subarray(0, 4)]).toEqual([3, 4, 4, 4]);
    expect([...slots.subarray(4, 8)]).toEqual([4, 4, 4, 4]);
    expect([...slots.subarray(8, 12)]).toEqual([0, 1, 2, 4]);
  });
});

describe('dense layers with hand-written gradients', () => {
  it('dense equals autodiff of relu(x W + b)', () => {
    const x = tf.randomNormal([7, 4], 0, 1, 'float32', 3);
    const k = tf.randomNormal([4, 3], 0, 1, 'float32', 4);
    const b = tf.randomNormal([3], 0, 1, 'float32', 5);
    const w = tf.randomNormal([7, 3], 0, 1, 'float32', 6);
    for (const act of ['relu', 'linear'] as const) {
      const ref = tf.grads((xi: tf.Tensor, ki: tf.Tensor, bi: tf.Tensor) => {
        const z = tf.add(tf.matMul(xi as tf.Tensor2D, ki as tf.Tensor2D), bi);
        return tf.sum(tf.mul(act === 'relu' ? tf.relu(z) : z, w));
      });
      const ours = tf.grads((xi: tf.Tensor, ki: tf.Tensor, bi: tf.Tensor) =>
        tf.sum(tf.mul(dense(xi as tf.Tensor2D, ki as tf.Tensor2D, bi as tf.Tensor1D, act), w)),
      );
      const r = ref([x, k, b]);
      const o = ours([x, k, b]);
      r.forEach((g, i) => expectClose(o[i]!, g));
    }
  });

  it('denseOfParts equals autodiff of relu(concat(parts) W + b)', () => {
    const parts = [
      tf.randomNormal([6, 3], 0, 1, 'float32', 7),
      tf.randomNormal([6, 2], 0, 1, 'float32', 8),
      tf.randomNormal([6, 1], 0, 1, 'float32', 9),
      tf.randomNormal([6, 1], 0, 1, 'float32', 10),
    ] as tf.Tensor2D[];
    const k = tf.randomNormal([7, 4], 0, 1, 'float32', 11);
    const b = tf.randomNormal([4], 0, 1, 'float32', 12);
    const w = tf.randomNormal([6, 4], 0, 1, 'float32', 13);
    const ref = tf.grads((...xs: tf.Tensor[]) => {
      const z = tf.add(
        tf.matMul(tf.concat(xs.slice(0, 4) as tf.Tensor2D[], 1), xs[4] as tf.Tensor2D),
        xs[5]!,
      );
      return tf.sum(tf.mul(tf.relu(z), w));
    });
    const ours = tf.grads((...xs: tf.Tensor[]) =>
      tf.sum(
        tf.mul(
          denseOfParts(
            xs.slice(0, 4) as tf.Tensor2D[],
            xs[4] as tf.Tensor2D,
            xs[5] as tf.Tensor1D,
            'relu',
          ),
          w,
        ),
      ),
    );
    const r = ref([...parts, k, b]);
    const o = ours([...parts, k, b]);
    expect(o.length).toBe(6);
    r.forEach((g, i) => expectClose(o[i]!, g));
  });
});
