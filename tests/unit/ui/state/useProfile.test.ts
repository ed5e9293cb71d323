// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Store, db, type DatasetRecord } from '../../../../src/storage/db';
import { useProfile } from '../../../../src/ui/state/useProfile';
import type { ReelError } from '../../../../src/core/errors';
import { deleteDb } from '../../../helpers/storage';

afterEach(async () => {
  await deleteDb();
});

const report = (e: unknown) => {
  throw e;
};

/** A complete data set of version `dataVersion`, active (written as the data storage leaves it). */
async function storeVersion(dataVersion: string, release = 'ml-1m') {
  const d = await db();
  await d.put(Store.datasets, {
    release,
    manifest: { release, dataVersion },
    source: 'server',
    startedAt: 1,
    loaded: { dataVersion, loadedAt: 1 },
  } as unknown as DatasetRecord);
  await d.put(Store.meta, { key: 'active', release });
}

const films = (dataVersion: string) => ({
  dataVersion,
  movies: [
    { id: 10, title: 'Heat', year: 1995, genres: [] },
    { id: 11, title: 'Casino', year: 1995, genres: [] },
  ],
  indexOf: new Map([
    [10, 0],
    [11, 1],
  ]),
});

describe('useProfile', () => {
  it('returns the same object on every render until something changes (memoized cards rely on it)', async () => {
    await storeVersion('v1');
    const { result, rerender, unmount } = renderHook(() => useProfile(report, 'v1'));
    await waitFor(() => expect(result.current.loaded).toBe(true));
    const first = result.current;
    rerender();
    rerender();
    expect(result.current).toBe(first);

    await act(() => result.current.create({ genres: ['Drama', 'Comedy', 'War'], createdAt: 1 }));
    const second = result.current;
    expect(second).not.toBe(first);
    expect(second.profile?.genres).toEqual(['Drama', 'Comedy', 'War']);
    rerender();
    expect(result.current).toBe(second);
    expect(result.current.rate).toBe(first.rate);

    await act(() => result.current.rate(10, 4));
    const third = result.current;
    expect(third).not.toBe(second);
    expect(third.starRatings).toEqual([{ movieId: 10, rating: 4 }]);
    rerender();
    expect(result.current).toBe(third);
    expect(result.current.starRatings).toBe(third.starRatings);
    // unmounted inside act, with storage's last notifications handled: no React work may be left
    // for after the test environment (its window) is gone
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20));
      unmount();
    });
  });

  it('names its film and data version on each write; refused after a switch, it is re-applied only to the same film', async () => {
    const reported: unknown[] = [];
    const keep = (e: unknown) => void reported.push(e);
    await storeVersion('v1');
    const { result, unmount } = renderHook(() => useProfile(keep, 'v1', films('v1')));
    await waitFor(() => expect(result.current.loaded).toBe(true));
    await act(() => result.current.create({ genres: ['Drama', 'Comedy', 'War'], createdAt: 1 }));
    await act(() => result.current.rate(10, 4));
    expect(result.current.ratings.get(10)).toMatchObject({ title: 'Heat', year: 1995, rating: 4 });

    // another tab switches to content where 10 is still Heat but 11 is another film
    await storeVersion('v2', 'ml-x');
    const d = await db();
    await d.put(Store.tables, {
      release: 'ml-x',
      kind: 'movies',
      dataVersion: 'v2',
      rows: [
        { id: 10, title: 'Heat', year: 1995, genres: [] },
        { id: 11, title: 'Panther', year: 1995, genres: [] },
      ],
    });
    await d.put(Store.profile, {
      dataVersion: 'v2',
      release: 'ml-x',
      genres: ['Drama', 'Comedy', 'War'],
      createdAt: 1,
      hlc: 0,
    });
    await act(() => result.current.rate(10, 5)); // this tab has not heard of the switch yet
    await act(() => result.current.rate(11, 3));
    expect(reported).toHaveLength(1);
    expect((reported[0] as ReelError).code).toBe('stale-version');
    expect((reported[0] as ReelError).message).toMatch(/Your 3★ for Casino \(1995\) was not saved/);
    const v2 = await d.getAll(Store.userRatings);
    expect(v2.filter((r) => r.dataVersion === 'v2').map((r) => [r.movieId, r.rating])).toEqual([
      [10, 5],
    ]);
    // v1's profile is untouched by the refused writes
    expect(v2.filter((r) => r.dataVersion === 'v1').map((r) => [r.movieId, r.rating])).toEqual([
      [10, 4],
    ]);
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20));
      unmount();
    });
  });
});
