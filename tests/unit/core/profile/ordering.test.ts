import { describe, expect, it } from 'vitest';
import { lastClock, newestFirst, nextClock } from '../../../../src/core/profile/ordering';
import { oldestFirst, orderOf } from '../../../../src/core/profile/ordering';
import { importLosses, type UserRating } from '../../../../src/core/profile';
import { ratingRows } from '../../../../src/ui/ratings/ratingRows';

const DAY = 86_400_000;
const T = 1_700_000_000_000;

/** Gives actions as a device would: the wall clock `at`, stamped by the profile's clock. */
function giveAll(steps: [number, number | null, number][]): UserRating[] {
  let last = 0;
  return steps.map(([movieId, rating, at]) => {
    last = nextClock(last, at);
    return { movieId, rating, at, hlc: last };
  });
}

describe('the profile clock', () => {
  it('follows the wall clock, but never runs backwards', () => {
    expect(nextClock(0, T)).toBe(T);
    expect(nextClock(T, T + 5)).toBe(T + 5);
    expect(nextClock(T, T - DAY)).toBe(T + 1);
    expect(nextClock(T, T)).toBe(T + 1);
  });

  it('a clock set back a day still lists the latest action first', () => {
    const rs = giveAll([
      [1, 5, T],
      [2, 3, T + 1000],
      [1, 1, T - DAY], // the clock was set back, then movie 1 changed to 1 star
    ]);
    const latest = new Map(rs.map((r) => [r.movieId, r]));
    expect(ratingRows(latest.values(), 'all').map((r) => [r.movieId, r.rating])).toEqual([
      [1, 1],
      [2, 3],
    ]);
    expect([...rs].sort(newestFirst).map((r) => r.hlc)).toEqual([T + 1001, T + 1000, T]);
    expect([...rs].sort(oldestFirst)[0]!.hlc).toBe(T);
    expect(lastClock(rs)).toBe(T + 1001);
  });

  it('actions stored before the clock order by their wall time', () => {
    expect(orderOf({ at: 5 })).toBe(5);
    expect(orderOf({ at: 5, hlc: 9 })).toBe(9);
  });

  it('an import of an older export asks, although the wall clock says the export is newer', () => {
    // rate 5 at T, export; the clock goes back a day; change it to 1; import the export
    const exported = giveAll([[1, 5, T]]);
    const now = giveAll([
      [1, 5, T],
      [1, 1, T - DAY],
    ]).slice(1);
    expect(now[0]!.at).toBeLessThan(exported[0]!.at);
    expect(importLosses(now, exported)).toEqual({ missing: 0, newer: 1 });
    // the other way round it is the file that is newer: nothing to ask
    expect(importLosses(exported, now)).toEqual({ missing: 0, newer: 0 });
  });
});
