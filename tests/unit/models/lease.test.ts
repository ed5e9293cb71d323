import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { Leased } from '../../../src/models/lease';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Leased', () => {
  it('a value replaced while a call holds it stays usable until the call ends', async () => {
    const t = tf.tensor1d([1, 2, 3]);
    const held = new Leased(t, (x) => x.dispose());
    const release = held.acquire();
    const call = (async () => {
      await Promise.resolve(); // the newer model lands here
      return Array.from(held.value.dataSync());
    })();
    held.retire(); // a training finished and swapped in its model
    expect(held.isDisposed).toBe(false);
    expect(await call).toEqual([1, 2, 3]);
    release();
    expect(held.isDisposed).toBe(true);
    expect(t.isDisposed).toBe(true);
    release(); // twice is harmless
    expect(() => held.acquire()).toThrow(/disposed/);
  });

  it('a value nobody holds is disposed when retired', () => {
    const t = tf.scalar(1);
    const held = new Leased(t, (x) => x.dispose());
    held.acquire()();
    held.retire();
    expect(t.isDisposed).toBe(true);
  });
});
