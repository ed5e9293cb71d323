import { describe, expect, it } from 'vitest';
import { importLosses, makeProfileExport, restoreProfileExport } from '../../../src/core/profile';
import { restoreRating, sameAction, stateOf, type UserRating } from '../../../src/core/profile';
import { ratingAttr, ratingRows, countByFilter } from '../../../src/ui/ratings/ratingRows';

const profile = { genres: ['Drama', 'Comedy', 'War'], createdAt: 5 };

describe('film marks (seen, want, not-interested)', () => {
  it('restores each mark with a null rating', () => {
    for (const mark of ['seen', 'want', 'not-interested'] as const)
      expect(restoreRating({ movieId: 3, rating: null, mark, at: 9 })).toEqual({
        movieId: 3,
        rating: null,
        mark,
        at: 9,
      });
  });

  it('refuses an unknown mark and a mark with stars', () => {
    expect(() => restoreRating({ movieId: 3, rating: null, mark: 'liked', at: 1 })).toThrow(/mark/);
    expect(() => restoreRating({ movieId: 3, rating: 4, mark: 'seen', at: 1 })).toThrow(
      /both rated and marked/,
    );
  });

  it('states: stars, not-seen and marks', () => {
    expect(stateOf({ rating: 4 })).toBe('stars');
    expect(stateOf({ rating: null })).toBe('not-seen');
    expect(stateOf({ rating: null, mark: 'want' })).toBe('want');
    expect(sameAction({ rating: null }, { rating: null, mark: 'seen' })).toBe(false);
    expect(sameAction({ rating: null, mark: 'seen' }, { rating: null, mark: 'seen' })).toBe(true);
  });

  it('an export carries the marks and imports back the same', () => {
    const ratings: UserRating[] = [
      { movieId: 1, rating: 4.5, at: 1, hlc: 1, title: 'Heat', year: 1995 },
      { movieId: 2, rating: null, mark: 'seen', at: 2, hlc: 2, title: 'Casino', year: 1995 },
      { movieId: 3, rating: null, mark: 'want', at: 3, hlc: 3 },
      { movieId: 4, rating: null, mark: 'not-interested', at: 4, hlc: 4 },
      { movieId: 5, rating: null, at: 5, hlc: 5 },
    ];
    const file = JSON.parse(JSON.stringify(makeProfileExport(profile, ratings, 'v1')));
    const back = restoreProfileExport(file, 'v1');
    expect(back.ratings).toEqual(ratings.map((r) => (r.title ? r : { ...r })));
  });

  it('older exports (no marks) still read', () => {
    const file = {
      format: 'reel-profile/2',
      exportedAt: 'x',
      dataVersion: 'v1',
      profile,
      ratings: [{ movieId: 1, rating: null, at: 1 }],
    };
    expect(restoreProfileExport(file, 'v1').ratings).toEqual([{ movieId: 1, rating: null, at: 1 }]);
  });

  it('a changed mark counts as a newer action an import would undo', () => {
    const now: UserRating[] = [{ movieId: 1, rating: null, mark: 'want', at: 9, hlc: 9 }];
    const file: UserRating[] = [{ movieId: 1, rating: null, at: 1, hlc: 1 }];
    expect(importLosses(now, file)).toEqual({ missing: 0, newer: 1 });
  });

  it('"Your ratings" filters and labels every state', () => {
    const rs: UserRating[] = [
      { movieId: 1, rating: 3.5, at: 1 },
      { movieId: 2, rating: null, mark: 'seen', at: 2 },
      { movieId: 3, rating: null, mark: 'want', at: 3 },
      { movieId: 4, rating: null, mark: 'not-interested', at: 4 },
      { movieId: 5, rating: null, at: 5 },
    ];
    expect(rs.map(ratingAttr)).toEqual(['3.5', 'seen', 'want', 'not-interested', 'not-seen']);
    expect(ratingRows(rs, 'seen').map((r) => r.movieId)).toEqual([2]);
    expect(ratingRows(rs, 'not-seen').map((r) => r.movieId)).toEqual([5]);
    expect(ratingRows(rs, 4).map((r) => r.movieId)).toEqual([1]);
    const c = countByFilter(rs);
    expect([c.get('all'), c.get('want'), c.get('not-interested')]).toEqual([5, 1, 1]);
  });
});
