import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { restoreBlendInfo, restoreModelInfo } from '../../../src/core/api/restoreModel';
import { Store, db } from '../../../src/storage/db';
import { getBlend, getModel, saveModel } from '../../../src/storage/models';
import { blendInfoFor, modelInfoFor } from './modelRecords';
import { errorOf } from '../../helpers/errors';
import { freshDbPerTest } from './helpers';

freshDbPerTest();

describe('restoreModelInfo', () => {
  it('passes what the worker saves, the ranking model (NaN RMSE, lambda search) included', () => {
    const mf = modelInfoFor('v1');
    expect(restoreModelInfo(mf)).toEqual(mf);
    const ease = {
      ...modelInfoFor('v1', 'ease'),
      metrics: { testRmse: Number.NaN, testMae: Number.NaN, hr10: 0.5, ndcg10: 0.3 },
      lambdaSearch: [{ lambda: 100, hr10: 0.5, ndcg10: 0.3 }],
      backendNote: 'lost',
    };
    expect(restoreModelInfo(ease)).toEqual(ease);
  });

  it.each([
    ['not an object', null, 'info'],
    ['an unknown kind', { ...modelInfoFor('v1'), kind: 'svd' }, 'kind'],
    ['an unknown backend', { ...modelInfoFor('v1'), backend: 'metal' }, 'backend'],
    ['a missing split', { ...modelInfoFor('v1'), split: undefined }, 'split'],
    ['a string figure', { ...modelInfoFor('v1'), params: '100' }, 'info.params'],
    ['a bad config value', { ...modelInfoFor('v1'), config: { dim: {} } }, 'config.dim'],
    [
      'a bad history point',
      { ...modelInfoFor('v1'), history: [{ epoch: 1, loss: 1, seconds: 1 }] },
      'history[0].valRmse',
    ],
    [
      'baselines of an older shape',
      { ...modelInfoFor('v1'), baselines: { globalMean: { testRmse: 1, testMae: 1 } } },
      'baselines.biases',
    ],
  ])('refuses %s with model-invalid', (_what, value, path) => {
    const e = errorOf(() => restoreModelInfo(value));
    expect(e.code).toBe('model-invalid');
    expect(e.detail).toContain(path);
  });
});

describe('restoreBlendInfo', () => {
  it('passes what the worker saves, and blends measured before the stars existed', () => {
    const b = blendInfoFor('v1');
    expect(restoreBlendInfo(b)).toEqual(b);
    const { stars: _stars, positivesBelowFloor: _p, ...older } = b;
    expect(restoreBlendInfo(older)).toEqual(older);
  });

  it.each([
    ['a missing served figure', { ...blendInfoFor('v1'), served: { hr10: 1 } }, 'served.ndcg10'],
    ['a bad weight', { ...blendInfoFor('v1'), weights: { rating: '0.1' } }, 'weights.rating'],
    [
      'an unknown model',
      { ...blendInfoFor('v1'), models: { svd: { hr10: 1, ndcg10: 1, tasks: 1, users: 1 } } },
      'models.svd',
    ],
    ['a bad stars stack', { ...blendInfoFor('v1'), stars: { a: 1 } }, 'stars.b'],
    ['no seconds', { ...blendInfoFor('v1'), seconds: undefined }, 'seconds'],
  ])('refuses %s with model-invalid', (_what, value, path) => {
    const e = errorOf(() => restoreBlendInfo(value));
    expect(e.code).toBe('model-invalid');
    expect(e.detail).toContain(path);
  });
});

describe('model storage', () => {
  it('reads back a saved model and blend with their metadata checked', async () => {
    await saveModel({
      kind: 'ease',
      dataVersion: 'v1',
      savedAt: 5,
      meta: modelInfoFor('v1', 'ease'),
      weights: { any: 1 },
    });
    await saveModel({
      kind: 'blend',
      dataVersion: 'v1',
      savedAt: 6,
      meta: blendInfoFor('v1'),
      weights: null,
    });
    const ease = await getModel('ease');
    expect(ease?.meta).toEqual(modelInfoFor('v1', 'ease'));
    expect(ease?.weights).toEqual({ any: 1 });
    expect((await getBlend())?.meta).toEqual(blendInfoFor('v1'));
    expect(await getModel('mf')).toBeUndefined();
  });

  it('a damaged record throws model-invalid (its reader makes it again)', async () => {
    const d = await db();
    await d.put(Store.models, {
      release: 'ml-1m',
      kind: 'mf',
      dataVersion: 'v1',
      savedAt: 1,
      meta: { kind: 'mf' } as never,
      weights: null,
    });
    await d.put(Store.models, {
      release: 'ml-1m',
      kind: 'blend',
      dataVersion: 'v1',
      savedAt: 1,
      meta: { ...blendInfoFor('v1'), curve: 'none' } as never,
      weights: null,
    });
    await expect(getModel('mf')).rejects.toMatchObject({ code: 'model-invalid' });
    await expect(getBlend()).rejects.toMatchObject({ code: 'model-invalid' });
  });
});
