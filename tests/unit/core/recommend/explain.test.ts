import { describe, expect, it } from 'vitest';
import type { Movie } from '../../../../src/core/data/types';
import { createRng } from '../../../../src/core/eval/rng';
import { joinWords, makeExplainer, stars } from '../../../../src/core/recommend/explain';
import { itemOfMovie, watchScores, type ItemModel } from '../../../../src/core/recommend/watch';

const movies: Movie[] = [
  { id: 1, title: 'Fargo', year: 1996, genres: ['Crime', 'Drama', 'Thriller'] },
  { id: 2, title: 'Matrix, The', year: 1999, genres: ['Action', 'Sci-Fi', 'Thriller'] },
  { id: 3, title: 'Blood Simple', year: 1984, genres: ['Drama', 'Film-Noir'] },
  { id: 4, title: 'Dark City', year: 1998, genres: ['Film-Noir', 'Sci-Fi', 'Thriller'] },
  { id: 5, title: 'Notting Hill', year: 1999, genres: ['Comedy', 'Romance'] },
  { id: 6, title: 'Toy Story', year: 1995, genres: ['Animation', "Children's", 'Comedy'] },
];

/** An item model over all six movies with weights B[j][i] given as a dense matrix. */
function model(b: number[][]): ItemModel {
  const n = b.length;
  return {
    n,
    movieOfItem: Int32Array.from({ length: n }, (_, i) => i),
    weights: Float32Array.from(b.flat()),
  };
}

// Fargo speaks for Blood Simple, The Matrix for Dark City; Notting Hill gets a little from both.
const B = model([
  [0, 0.05, 0.6, 0.05, 0.1, 0],
  [0.05, 0, 0.05, 0.7, 0.1, 0],
  [0.5, 0, 0, 0, 0, 0],
  [0, 0.6, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0],
]);

describe('explain', () => {
  const ratingOf = new Map([
    [0, 5],
    [1, 4],
  ]);
  const watch = watchScores(B, itemOfMovie(B, 6), [0, 1]);
  const explain = makeExplainer({ movies, ratingOf, picks: ['Comedy', 'Romance', 'Drama'], watch });

  it('names the rated movie that contributes most to the score, with stars', () => {
    const e = explain(2);
    expect(e.text).toBe('because you rated Fargo ★★★★★');
    expect(e.label).toBe('because you rated Fargo 5 stars');
    expect(e).toMatchObject({ kind: 'rated', source: 0, rating: 5 });
    expect(explain(3).text).toBe('because you rated The Matrix ★★★★'); // article back in front
  });

  it('gives the genre reason when no single rating carries enough of the score', () => {
    expect(explain(4).kind).toBe('rated'); // 50% share >= 25%: true and shown
    const spread = model([
      [0, 0, 0, 0, 0.1, 0],
      [0, 0, 0, 0, 0.1, 0],
      [0, 0, 0, 0, 0.1, 0],
      [0, 0, 0, 0, 0.1, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0.1, 0],
    ]);
    const many = new Map([0, 1, 2, 3, 5].map((i) => [i, 4])); // five equal terms: 20% each
    const e = makeExplainer({
      movies,
      ratingOf: many,
      picks: ['Comedy', 'Romance'],
      watch: watchScores(spread, itemOfMovie(spread, 6), [0, 1, 2, 3, 5]),
    })(4);
    expect(e).toEqual({
      kind: 'genres',
      text: 'shares Comedy and Romance with your picks',
      label: 'shares Comedy and Romance with your picks',
      genres: ['Comedy', 'Romance'],
    });
  });

  it('says which model put the movie there when nothing else is true', () => {
    const e = makeExplainer({
      movies,
      ratingOf,
      picks: [],
      general: 'people whose ratings look like yours rate it highly',
    })(1);
    expect(e).toMatchObject({
      kind: 'model',
      text: 'people whose ratings look like yours rate it highly',
    });
  });

  it('claims only the true largest contributor (argmax of B[j][movie] over rated j), on generated data', () => {
    const rng = createRng(7);
    const n = 40;
    const b = Array.from({ length: n }, (_, j) =>
      Array.from({ length: n }, (_, i) => (i === j ? 0 : rng.next() - 0.4)),
    );
    const m = model(b);
    const many: Movie[] = Array.from({ length: n }, (_, i) => ({
      id: i + 1,
      title: `M${i}`,
      year: null,
      genres: [],
    }));
    for (let trial = 0; trial < 20; trial++) {
      const rated = [...new Set(Array.from({ length: 6 }, () => rng.nextInt(n)))];
      const w = watchScores(m, itemOfMovie(m, n), rated);
      const ex = makeExplainer({
        movies: many,
        ratingOf: new Map(rated.map((r) => [r, 4])),
        picks: [],
        watch: w,
      });
      for (let i = 0; i < n; i++) {
        const e = ex(i);
        if (e.kind !== 'rated') continue;
        let best = -Infinity;
        let arg = -1;
        for (const j of rated)
          if (b[j]![i]! > best) {
            best = b[j]![i]!;
            arg = j;
          }
        expect(e.source).toBe(arg);
        expect(best).toBeGreaterThan(0);
      }
    }
  });

  it('formats stars and word lists', () => {
    expect(stars(4)).toBe('★★★★');
    expect(stars(9)).toBe('★★★★★');
    expect(joinWords([])).toBe('');
    expect(joinWords(['A'])).toBe('A');
    expect(joinWords(['A', 'B', 'C'])).toBe('A, B and C');
  });
});
