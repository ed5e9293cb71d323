// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_NAME, closeDb } from '../../../src/storage/db';
import { useProfile } from '../../../src/ui/state/useProfile';

afterEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase(DB_NAME);
});

const report = (e: unknown) => {
  throw e;
};

describe('useProfile', () => {
  it('returns the same object on every render until something changes (memoized cards rely on it)', async () => {
    const { result, rerender, unmount } = renderHook(() => useProfile(report, 'ml-1m'));
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
});
