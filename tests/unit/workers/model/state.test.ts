import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../../src/core/api/model';
import { Leased } from '../../../../src/models/lease';
import type { ServingModel } from '../../../../src/models/predict';
import type { ModelWeights } from '../../../../src/models/weights';
import { ModelWorkerState, type EaseLoaded } from '../../../../workers/model/state';
import { type RatingLoaded } from '../../../../workers/model/state';

const info = { dataVersion: 'v1', trainedAt: 1 } as ModelInfo;

/** A rating model whose tensors record when they are given back. */
function rating(kind: 'mf' | 'neural', disposed: string[], name: string): RatingLoaded {
  const serving = new Leased({} as ServingModel, () => disposed.push(name));
  return { kind, info, weights: {} as ModelWeights, serving };
}

const ease: EaseLoaded = {
  kind: 'ease',
  info,
  model: { n: 0, weights: new Float32Array(0), movieOfItem: new Int32Array(0) } as never,
  items: new Int32Array(0),
};

describe('the model worker state', () => {
  it('remember replaces the model of a kind, giving the old tensors back once no call holds them', () => {
    const s = new ModelWorkerState();
    const disposed: string[] = [];
    const first = s.remember(rating('mf', disposed, 'first'));
    const release = first.serving.acquire(); // a recommend still uses it
    const second = s.remember(rating('mf', disposed, 'second'));
    expect(s.loaded.get('mf')).toBe(second);
    expect(disposed).toEqual([]);
    release();
    expect(disposed).toEqual(['first']);
  });

  it('forgetData drops every loaded model and what was measured, keeping the backend', () => {
    const s = new ModelWorkerState();
    const disposed: string[] = [];
    s.backend = Promise.resolve({ name: 'wasm', reason: '', forced: false });
    s.remember(rating('mf', disposed, 'mf'));
    s.remember(rating('neural', disposed, 'neural'));
    s.remember(ease);
    s.blendInfo = {} as never;
    s.tfidfByRow = {} as never;
    s.trainer = Promise.resolve({} as never);
    s.forgetData();
    expect(s.loaded.size).toBe(0);
    expect(disposed.sort()).toEqual(['mf', 'neural']);
    expect([s.blendInfo, s.tfidfByRow, s.trainer]).toEqual([undefined, undefined, undefined]);
    expect(s.backend).toBeDefined();
  });
});
