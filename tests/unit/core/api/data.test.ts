import { describe, expect, it } from 'vitest';
import { restoreDatasetSummary, type DatasetSummary } from '../../../../src/core/api/data';

const summary: DatasetSummary = {
  source: 'import',
  release: 'ml-10m',
  label: 'MovieLens 10M',
  demographics: false,
  halfStars: true,
  halves: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  dataVersion: '0123456789abcdef',
  counts: { ratings: 55, users: 3, movies: 9 },
  firstTimestamp: 10,
  lastTimestamp: 20,
  histogram: [3, 7, 11, 15, 19],
  bytes: 1234,
};

describe('restoreDatasetSummary', () => {
  it('gives back a stored summary as it was written (a copy, without justLoaded)', () => {
    const stored = structuredClone({ ...summary, justLoaded: true });
    const back = restoreDatasetSummary(stored);
    expect(back).toEqual(summary);
    expect(back!.halves).not.toBe(stored.halves);
  });

  it('refuses what is not a summary: nothing, an older record, a damaged field', () => {
    expect(restoreDatasetSummary(undefined)).toBeUndefined();
    expect(restoreDatasetSummary([summary])).toBeUndefined();
    // what a v1/v2 database kept: no release, no halves
    const { release: _r, halves: _h, ...older } = summary;
    expect(restoreDatasetSummary(older)).toBeUndefined();
    const damaged: Record<string, unknown>[] = [
      { ...summary, source: 'disk' },
      { ...summary, halves: [1, 2, 3] },
      { ...summary, histogram: [1, 2, 3, 4, -5] },
      { ...summary, counts: { ratings: 1, users: 1 } },
      { ...summary, counts: { ratings: 1, users: NaN, movies: 3 } },
      { ...summary, bytes: 1.5 },
      { ...summary, demographics: 'no' },
      { ...summary, dataVersion: 7 },
    ];
    for (const d of damaged) expect(restoreDatasetSummary(d)).toBeUndefined();
  });
});
