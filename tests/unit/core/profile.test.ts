import { describe, expect, it } from 'vitest';
import { HALF_STAR_RULE, importLosses, toWholeStars } from '../../../src/core/profile';
import { makeProfileExport, restoreProfileExport, type Profile } from '../../../src/core/profile';
import { type UserRating } from '../../../src/core/profile';
import { ReelError } from '../../../src/core/errors';

const profile: Profile = {
  genres: ['Drama', 'Comedy', 'Film-Noir'],
  gender: 'F',
  age: 25,
  occupation: 4,
  createdAt: 1,
};
const V = 'data-v1';
const ratings: UserRating[] = [
  { movieId: 1, rating: 5, at: 10 },
  { movieId: 3, rating: 3.5, at: 12 },
  { movieId: 2, rating: null, at: 11 },
];

describe('profile export', () => {
  it('round-trips through JSON', () => {
    const json = JSON.parse(JSON.stringify(makeProfileExport(profile, ratings, V, new Date(0))));
    expect(restoreProfileExport(json, V)).toEqual({ profile, ratings, rounded: 0 });
  });

  it.each([
    ['not an object', 42, /not a JSON object/],
    ['another format', { format: 'other', profile, ratings }, /format/],
    [
      'too few genres',
      { ...makeProfileExport(profile, ratings, V), profile: { ...profile, genres: ['Drama'] } },
      /fewer than 3/,
    ],
    [
      'a rating of 7',
      { ...makeProfileExport(profile, [{ movieId: 1, rating: 7, at: 0 }], V) },
      /0\.5 to 5/,
    ],
    [
      'a rating of a quarter star',
      { ...makeProfileExport(profile, [{ movieId: 1, rating: 3.25, at: 0 }], V) },
      /0\.5 to 5/,
    ],
    [
      'an unknown age bracket',
      { ...makeProfileExport({ ...profile, age: 30 }, ratings, V) },
      /age/,
    ],
    ['a movie rated twice', makeProfileExport(profile, [ratings[0]!, ratings[0]!], V), /twice/],
    [
      'a million genre names',
      {
        ...makeProfileExport(profile, ratings, V),
        profile: { ...profile, genres: Array(1e6).fill('Drama') },
      },
      /more than 18 genres/,
    ],
    [
      'a genre named __proto__',
      {
        ...makeProfileExport(profile, ratings, V),
        profile: { ...profile, genres: ['Drama', 'Comedy', '__proto__'] },
      },
      /"__proto__" is not a genre/,
    ],
    [
      'an unknown genre',
      {
        ...makeProfileExport(profile, ratings, V),
        profile: { ...profile, genres: ['Drama', 'Comedy', 'drama '] },
      },
      /"drama " is not a genre/,
    ],
    [
      'an export of another data set',
      makeProfileExport(profile, ratings, 'data-v2'),
      /exported with other MovieLens data \(data version data-v2, this browser has data-v1\)/,
    ],
    [
      'an export without a data version',
      { ...makeProfileExport(profile, ratings, V), dataVersion: undefined },
      /does not say which MovieLens data/,
    ],
    [
      'a format 1 export (no data version)',
      { format: 'reel-profile/1', exportedAt: '', profile, ratings },
      /older Reel/,
    ],
  ])('refuses %s with a profile-invalid error', (_, value, message) => {
    let err: unknown;
    try {
      restoreProfileExport(value, V);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReelError);
    expect((err as ReelError).code).toBe('profile-invalid');
    expect((err as ReelError).message).toMatch(message);
  });

  it('refuses ratings of movies the data set does not have', () => {
    expect(() =>
      restoreProfileExport(makeProfileExport(profile, ratings, V), V, (id) => id !== 2),
    ).toThrow(/movie 2/);
  });
});

describe('importLosses', () => {
  const r = (movieId: number, rating: number | null, at: number) => ({ movieId, rating, at });
  it('counts what an older snapshot would drop or undo', () => {
    const now = [r(1, 4, 10), r(2, 5, 20), r(3, null, 30)];
    expect(importLosses(now, now)).toEqual({ missing: 0, newer: 0 });
    expect(importLosses(now, [r(1, 4, 10)])).toEqual({ missing: 2, newer: 0 });
    expect(importLosses(now, [r(1, 2, 5), r(2, 5, 20), r(3, null, 30)])).toEqual({
      missing: 0,
      newer: 1,
    });
    expect(importLosses([], now)).toEqual({ missing: 0, newer: 0 });
  });
});

describe('half stars into a whole-star release (issue 22)', () => {
  it('rounds half up, by the stated rule, and counts what it rounded', () => {
    expect([0.5, 1, 1.5, 2.5, 3.5, 4.5, 5, null].map(toWholeStars)).toEqual([
      1,
      1,
      2,
      3,
      4,
      5,
      5,
      null,
    ]);
    expect(HALF_STAR_RULE).toMatch(/3\.5★ became 4★/);
    const file = makeProfileExport(profile, ratings, V);
    const whole = restoreProfileExport(file, V, () => true, { halfStars: false });
    expect(whole.rounded).toBe(1);
    expect(whole.ratings.map((r) => r.rating)).toEqual([5, 4, null]);
    expect(restoreProfileExport(file, V, () => true, { halfStars: true }).rounded).toBe(0);
  });

  it('keeps each action’s clock, title and year through an export', () => {
    const rs: UserRating[] = [{ movieId: 1, rating: 4, at: 3, hlc: 9, title: 'Heat', year: 1995 }];
    const json = JSON.parse(JSON.stringify(makeProfileExport(profile, rs, V)));
    expect(restoreProfileExport(json, V).ratings).toEqual(rs);
  });
});
