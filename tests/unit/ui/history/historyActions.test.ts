import { describe, expect, it } from 'vitest';
import { genresFrom, toAction, toExisting } from '../../../../src/ui/history/historyActions';
import { actionsAsHistory } from '../../../../src/ui/history/carryEntries';
import { buildCatalogueIndex, matchEntries } from '../../../../src/core/history/match';
import { planImport } from '../../../../src/core/history/plan';
import type { Movie } from '../../../../src/core/data/types';
import type { UserRating } from '../../../../src/core/profile';

const movies: Movie[] = [
  { id: 1, title: 'Heat', year: 1995, genres: ['Crime', 'Thriller'] },
  { id: 2, title: 'Casino', year: 1995, genres: ['Crime', 'Drama'] },
  { id: 3, title: 'Toy Story', year: 1995, genres: ['Animation', "Children's", 'Comedy'] },
];
const film = (id: number) => movies.find((m) => m.id === id);

describe('history glue', () => {
  it('maps Reel states to the planner and planned writes back to states', () => {
    expect(toExisting({ movieId: 1, rating: 4, at: 1 }).value).toBe(4);
    expect(toExisting({ movieId: 1, rating: null, mark: 'seen', at: 1 }).value).toBe('seen');
    expect(toExisting({ movieId: 1, rating: null, mark: 'want', at: 1 }).value).toBe('watchlist');
    expect(toExisting({ movieId: 1, rating: null, at: 1 }).value).toBe('not-seen');
    const entry = { source: 'imdb', kind: 'seen', title: 'Heat', file: 'f', row: 1 } as const;
    expect(toAction({ movieId: 1, value: 'seen', at: 5, entry }, movies[0])).toEqual({
      movieId: 1,
      rating: null,
      mark: 'seen',
      at: 5,
      title: 'Heat',
      year: 1995,
    });
    expect(toAction({ movieId: 1, value: 'watchlist', at: 5, entry }, undefined).mark).toBe('want');
  });

  it('makes up signup genres from the films liked most', () => {
    const rs: UserRating[] = [
      { movieId: 1, rating: 5, at: 1 },
      { movieId: 2, rating: 4, at: 1 },
      { movieId: 3, rating: 1, at: 1 },
    ];
    expect(genresFrom(['Drama'], rs, film)).toEqual(['Drama', 'Crime', 'Thriller']);
    expect(genresFrom(['War', 'Drama', 'Comedy'], rs, film)).toEqual(['War', 'Drama', 'Comedy']);
  });

  it('carries a profile over by id, and a second carry writes nothing', () => {
    const actions: UserRating[] = [
      { movieId: 1, rating: 4, at: 1000, title: 'Heat', year: 1995 },
      { movieId: 9, rating: null, mark: 'seen', at: 2000, title: 'Casino', year: 1995 },
      { movieId: 3, rating: null, at: 3000, title: 'Toy Story', year: 1995 },
      { movieId: 4, rating: 3, at: 4000 },
    ];
    const read = actionsAsHistory(actions, 'p');
    expect(read.entries).toHaveLength(2);
    expect(read.skipped).toEqual({ '“haven’t seen”': 1, 'saved without a title': 1 });
    const ix = buildCatalogueIndex({ label: 'x', movies });
    const matches = matchEntries(ix, read.entries);
    expect(matches.map((m) => m.status === 'matched' && m.movieId)).toEqual([1, 2]);
    const plan = planImport(matches, read, [], { halfStars: true, now: 0 });
    const written = plan.writes.map((w) => toAction(w, film(w.movieId)));
    expect(written.map((r) => [r.movieId, r.rating, r.mark ?? null, r.at])).toEqual([
      [1, 4, null, 1000],
      [2, null, 'seen', 2000],
    ]);
    const again = planImport(matches, read, written.map(toExisting), { halfStars: true, now: 0 });
    expect(again.writes).toEqual([]);
  });
});
