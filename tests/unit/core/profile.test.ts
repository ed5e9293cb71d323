import { describe, expect, it } from 'vitest';
import {
  makeProfileExport,
  restoreProfileExport,
  type Profile,
  type UserRating,
} from '../../../src/core/profile';
import { ReelError } from '../../../src/core/errors';

const profile: Profile = {
  genres: ['Drama', 'Comedy', 'Film-Noir'],
  gender: 'F',
  age: 25,
  occupation: 4,
  createdAt: 1,
};
const ratings: UserRating[] = [
  { movieId: 1, rating: 5, at: 10 },
  { movieId: 2, rating: null, at: 11 },
];

describe('profile export', () => {
  it('round-trips through JSON', () => {
    const json = JSON.parse(JSON.stringify(makeProfileExport(profile, ratings, new Date(0))));
    expect(restoreProfileExport(json)).toEqual({ profile, ratings });
  });

  it.each([
    ['not an object', 42, /not a JSON object/],
    ['another format', { format: 'other', profile, ratings }, /format/],
    [
      'too few genres',
      { ...makeProfileExport(profile, ratings), profile: { ...profile, genres: ['Drama'] } },
      /fewer than 3/,
    ],
    [
      'a rating of 7',
      { ...makeProfileExport(profile, [{ movieId: 1, rating: 7, at: 0 }]) },
      /1 to 5/,
    ],
    ['an unknown age bracket', { ...makeProfileExport({ ...profile, age: 30 }, ratings) }, /age/],
    ['a movie rated twice', makeProfileExport(profile, [ratings[0]!, ratings[0]!]), /twice/],
  ])('refuses %s with a profile-invalid error', (_, value, message) => {
    let err: unknown;
    try {
      restoreProfileExport(value);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReelError);
    expect((err as ReelError).code).toBe('profile-invalid');
    expect((err as ReelError).message).toMatch(message);
  });

  it('refuses ratings of movies the data set does not have', () => {
    expect(() =>
      restoreProfileExport(makeProfileExport(profile, ratings), (id) => id !== 2),
    ).toThrow(/movie 2/);
  });
});
