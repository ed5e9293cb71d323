import { describe, expect, it } from 'vitest';
import { GENRES, type Movie } from '../../../../src/core/data/types';
import { fitGenreTfidf, NEUTRAL_RATING } from '../../../../src/core/features/tfidf';

const movie = (id: number, genres: string[]): Movie => ({
  id,
  title: `M${id}`,
  year: 2000,
  genres,
});

// N = 4 movies; df: Comedy 2, Romance 2, Drama 2, Space Opera 1 (not a MovieLens genre), Action 0.
const movies = [
  movie(1, ['Comedy']),
  movie(2, ['Comedy', 'Romance']),
  movie(3, ['Drama']),
  movie(4, ['Drama', 'Romance', 'Space Opera']),
];
const ln = Math.log;

describe('fitGenreTfidf', () => {
  const tf = fitGenreTfidf(movies);

  it('keeps the MovieLens genres first and gives an unseen genre a fresh dimension', () => {
    expect(tf.vocabulary.slice(0, GENRES.length)).toEqual([...GENRES]);
    expect(tf.dim).toBe(19);
    expect(tf.indexOf('Space Opera')).toBe(18);
    expect(tf.indexOf('Never Heard Of')).toBe(-1);
  });

  it('computes smoothed idf = ln((1 + N) / (1 + df)) + 1 by hand', () => {
    const idf = (g: string) => tf.idf[tf.indexOf(g)]!;
    expect(idf('Comedy')).toBeCloseTo(ln(5 / 3) + 1, 6);
    expect(idf('Romance')).toBeCloseTo(ln(5 / 3) + 1, 6);
    expect(idf('Space Opera')).toBeCloseTo(ln(5 / 2) + 1, 6);
    expect(idf('Action')).toBeCloseTo(ln(5) + 1, 6); // df 0: finite, no division by zero
    expect(Array.from(tf.df.slice(0, 1))).toEqual([0]);
  });

  it('builds unit tf*idf movie vectors', () => {
    const v1 = tf.movieVector(1);
    expect(v1[tf.indexOf('Comedy')]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(v1[tf.indexOf('Romance')]).toBeCloseTo(Math.SQRT1_2, 6);
    const v3 = tf.movieVector(3);
    const d = ln(5 / 3) + 1;
    const s = ln(5 / 2) + 1;
    const l = Math.sqrt(2 * d * d + s * s);
    expect(v3[tf.indexOf('Drama')]).toBeCloseTo(d / l, 6);
    expect(v3[tf.indexOf('Space Opera')]).toBeCloseTo(s / l, 6);
    expect(tf.movieVector(99).every((x) => x === 0)).toBe(true);
  });

  it('ranks by cosine with a genre profile and ignores unknown picks', () => {
    const scores = tf.scoreAll(tf.profileFromGenres(['Comedy', 'Unknown Genre']));
    expect(scores).toHaveLength(4);
    expect(scores[0]).toBeCloseTo(1, 6);
    expect(scores[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(scores[2]).toBe(0);
    expect(scores[3]).toBe(0);
  });

  it('never gives NaN: only unknown picks, no picks, a movie without genres, odd genre values', () => {
    const odd = fitGenreTfidf([
      ...movies,
      movie(5, []),
      movie(6, ['  Comedy ', 'Comedy']),
      { id: 7, title: 'x', year: null, genres: [undefined as unknown as string, ''] },
    ]);
    for (const picks of [['Nope'], [], ['Comedy'], ['Space Opera', 'Drama']]) {
      const scores = odd.scoreAll(odd.profileFromGenres(picks));
      expect(scores.every(Number.isFinite)).toBe(true);
      expect(scores[4]).toBe(0);
      expect(scores[6]).toBe(0);
    }
    expect(odd.scoreAll(odd.profileFromGenres(['Nope'])).every((x) => x === 0)).toBe(true);
    // duplicate / padded genre counts once
    expect(odd.df[odd.indexOf('Comedy')]).toBe(3);
    // a profile of another length is compared on the shared dimensions
    expect(odd.scoreAll([0, 0, 0, 0, 1]).every(Number.isFinite)).toBe(true);
  });
});

describe('profileFromRatings', () => {
  const tf = fitGenreTfidf(movies);

  it('weights picks as PICKS_AS_RATINGS ratings and centres ratings on 3', () => {
    expect(NEUTRAL_RATING).toBe(3);
    // k = 5 picks-weight, n = 1 rating of 1 star on movie 0 (w = -1).
    const p = tf.profileFromRatings(['Drama'], [{ index: 0, rating: 1 }], 5);
    expect(p[tf.indexOf('Drama')]).toBeCloseTo(5 / 6, 6);
    expect(p[tf.indexOf('Comedy')]).toBeCloseTo(-1 / 6, 6);
    const scores = tf.scoreAll(p);
    expect(scores[0]).toBeLessThan(0); // disliked pushes away
    expect(scores[2]).toBeGreaterThan(0.9);
  });

  it('liked movies pull the profile towards them; a 3 is neutral but counts', () => {
    const liked = tf.scoreAll(tf.profileFromRatings([], [{ index: 1, rating: 5 }]));
    expect(liked[1]).toBeCloseTo(1, 6);
    const neutral = tf.profileFromRatings(['Drama'], [{ index: 0, rating: 3 }], 5);
    expect(neutral[tf.indexOf('Drama')]).toBeCloseTo(5 / 6, 6);
    expect(neutral[tf.indexOf('Comedy')]).toBe(0);
  });

  it('skips invalid ratings and returns a zero profile when there is nothing', () => {
    const p = tf.profileFromRatings(
      [],
      [
        { index: -1, rating: 5 },
        { index: 42, rating: 5 },
        { index: 1, rating: Number.NaN },
      ],
    );
    expect(p.every((x) => x === 0)).toBe(true);
    expect(tf.scoreAll(p).every((x) => x === 0)).toBe(true);
  });
});
