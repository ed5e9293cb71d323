/// <reference types="vite/client" />
/**
 * The served blend that comes with a server data set (its manifest's record, measured when the
 * data was prepared): checked on read like any stored record, and the one serving uses.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BlendInfo } from '../../../../src/core/api/model';
import { MANIFEST_VERSION, parseManifest, type Manifest } from '../../../../src/core/data/manifest';
import { blendInfoFor } from '../../storage/modelRecords';

const stored: { manifest: Manifest | undefined; blend: BlendInfo | undefined } = {
  manifest: undefined,
  blend: undefined,
};

vi.mock('../../../../src/storage/dataset', () => ({
  completeManifest: () =>
    Promise.resolve(stored.manifest ? { manifest: stored.manifest } : undefined),
  loadDataset: () => Promise.reject(new Error('not in this test')),
}));
vi.mock('../../../../src/storage/models', () => ({
  getBlend: () =>
    Promise.resolve(
      stored.blend
        ? { kind: 'blend', dataVersion: stored.blend.dataVersion, meta: stored.blend }
        : undefined,
    ),
  getModel: () => Promise.resolve(undefined),
  deleteModel: () => Promise.resolve(),
  saveModel: () => Promise.resolve(),
}));
vi.mock('../../../../workers/model/servingIndex', () => ({
  getServing: () => Promise.resolve({ dataVersion: 'v1', numMovies: 3 }),
}));

const { preparedBlend, storedBlend } = await import('../../../../workers/model/modelCache');
const { state } = await import('../../../../workers/model/state');

const sha = (c: string) => c.repeat(64);
const prepared = (): BlendInfo => ({
  ...blendInfoFor('v1'),
  weights: { rating: 0.3, content: 0.15 },
  origin: { where: 'prepared', at: 1_700_000_000_000 },
  rankingLambda: 800,
});

/** A manifest as `npm run data` writes it, with `blend` as its record (JSON, as served). */
function manifestJson(blend: unknown): string {
  return JSON.stringify({
    version: MANIFEST_VERSION,
    release: 'ml-1m',
    dataVersion: 'v1',
    source: 'ml-1m.zip',
    createdAt: '2024-01-01T00:00:00.000Z',
    counts: { ratings: 1, users: 1, movies: 1 },
    files: [
      { name: 'movies-a.bin', bytes: 1, sha256: sha('a'), kind: 'movies', rows: 1 },
      { name: 'users-b.bin', bytes: 1, sha256: sha('b'), kind: 'users', rows: 1 },
      { name: 'ratings-c.bin', bytes: 1, sha256: sha('c'), kind: 'ratings', rows: 1 },
    ],
    blend,
  });
}

beforeEach(() => {
  stored.manifest = undefined;
  stored.blend = undefined;
  state.forgetData();
});

describe("the manifest's blend record", () => {
  it('is kept when valid, for this data version, measured when the data was prepared', () => {
    const m = parseManifest(manifestJson(prepared()));
    expect(m.blend).toEqual(prepared());
    expect(m.blendRejected).toBeUndefined();
  });

  it.each([
    [
      'a weight that is not a number',
      { ...prepared(), weights: { rating: 'x', content: 0 } },
      'weights.rating',
    ],
    ['a negative weight', { ...prepared(), weights: { rating: -1, content: 0 } }, 'weights.rating'],
    [
      'a stars stack with a null',
      { ...prepared(), stars: { ...prepared().stars, b: null } },
      'stars.b',
    ],
    ['no served figures', { ...prepared(), served: undefined }, 'served'],
    ['a bad lambda', { ...prepared(), rankingLambda: 0 }, 'rankingLambda'],
    ['another data version', { ...prepared(), dataVersion: 'v0' }, 'data version'],
    ['no origin', { ...prepared(), origin: undefined }, 'prepared'],
    ['a device origin', { ...prepared(), origin: { where: 'device', at: 1 } }, 'prepared'],
    ['not an object', 42, 'blend'],
  ])('is left out, with the reason, when it has %s (the data still loads)', (_w, bad, reason) => {
    const m = parseManifest(manifestJson(bad));
    expect(m.blend).toBeUndefined();
    expect(m.blendRejected).toContain(reason);
    expect(m.dataVersion).toBe('v1');
  });

  it('gives serving its weights, stars and lambda when nothing was measured on the device', async () => {
    stored.manifest = parseManifest(manifestJson(prepared()));
    const b = await storedBlend();
    expect(b?.weights).toEqual({ rating: 0.3, content: 0.15 });
    expect(b?.stars).toEqual(prepared().stars);
    expect(b?.origin?.where).toBe('prepared');
    expect((await preparedBlend())?.rankingLambda).toBe(800);
  });

  it('is checked again as read back from storage: a record damaged there is not used', async () => {
    // as if IndexedDB gave back a record that parseManifest never saw
    stored.manifest = {
      ...parseManifest(manifestJson(undefined)),
      blend: { ...prepared(), weights: { rating: Number.NaN, content: 0 } },
    };
    expect(await storedBlend()).toBeUndefined();
    expect(await preparedBlend()).toBeUndefined();
  });

  it('gives way to a blend measured on this device (the lab measured it again)', async () => {
    stored.manifest = parseManifest(manifestJson(prepared()));
    stored.blend = { ...blendInfoFor('v1'), origin: { where: 'device', at: 2 } };
    expect((await storedBlend())?.origin?.where).toBe('device');
    // the lambda still comes with the data
    expect((await preparedBlend())?.rankingLambda).toBe(800);
  });

  it('is not used for another data version', async () => {
    stored.manifest = { ...parseManifest(manifestJson(prepared())), dataVersion: 'v2' };
    expect(await storedBlend()).toBeUndefined();
  });
});
