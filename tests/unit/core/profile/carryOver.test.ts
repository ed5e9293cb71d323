import { describe, expect, it } from 'vitest';
import { carryOver, carrySummary, notCarriedReason } from '../../../../src/core/profile/carryOver';
import { sameFilm, type CatalogFilm } from '../../../../src/core/profile/carryOver';
import type { UserRating } from '../../../../src/core/profile';

const a = (
  movieId: number,
  rating: number | null,
  hlc: number,
  title?: string,
  year: number | null = 1995,
): UserRating => ({ movieId, rating, at: hlc, hlc, ...(title ? { title, year } : {}) });
const f = (id: number, title: string, year: number | null = 1995): CatalogFilm => ({
  id,
  title,
  year,
});

describe('carryOver', () => {
  const catalog = [f(1, 'Toy Story'), f(2, 'Indecent Proposal', 1993), f(4, 'Heat')];

  it('carries an id only where it names the same title and year; never re-points', () => {
    const { carried, notCarried } = carryOver(
      [a(1, 5, 1, 'Toy Story'), a(2, 4, 2, 'A Few Good Men', 1992), a(3, null, 3, 'Casino')],
      catalog,
    );
    expect(carried).toEqual([a(1, 5, 1, 'Toy Story')]);
    expect(notCarried.map((n) => [n.action.movieId, n.reason, n.now?.title])).toEqual([
      [3, 'absent', undefined],
      [2, 'other-film', 'Indecent Proposal'],
    ]);
  });

  it('a changed year is another film; an untitled action cannot be checked', () => {
    const { carried, notCarried } = carryOver([a(4, 3, 1, 'Heat', 1996), a(1, 2, 2)], catalog);
    expect(carried).toEqual([]);
    expect(notCarried.map((n) => n.reason).sort()).toEqual(['other-film', 'untitled']);
  });

  it('titles compare whatever their Unicode form or spacing', () => {
    expect(sameFilm({ title: 'Amélie ', year: 2001 }, f(9, 'Ame\u0301lie', 2001))).toBe(true);
    expect(sameFilm({ title: 'Amelie', year: 2001 }, f(9, 'Amélie', 2001))).toBe(false);
    expect(sameFilm({ year: 2001 }, f(9, 'Amélie', 2001))).toBe(false);
  });

  it('a title/year matcher is a fallback for ids that moved; the same id always wins', () => {
    const matcher = (film: { title: string; year: number | null }) =>
      catalog.find((m) => m.title === film.title && m.year === film.year)?.id;
    const { carried, notCarried } = carryOver(
      [
        a(40, 4, 1, 'Heat'), // Heat moved from id 40 to 4
        a(4, 2, 2, 'Heat'), // ...but this one has id 4 already: it wins, the other is a duplicate
        a(50, 5, 3, 'Toy Story'), // moved to 1
        a(60, 1, 4, 'Nowhere'),
      ],
      new Map(catalog.map((m) => [m.id, m])),
      matcher,
    );
    expect(carried.map((r) => [r.movieId, r.rating, r.title])).toEqual([
      [4, 2, 'Heat'],
      [1, 5, 'Toy Story'],
    ]);
    expect(notCarried.map((n) => [n.action.movieId, n.reason])).toEqual([
      [60, 'absent'],
      [40, 'duplicate'],
    ]);
  });

  it('carried actions keep their value, time and clock', () => {
    const old = { ...a(1, 3.5, 7, 'Toy Story'), at: 123 };
    expect(carryOver([old], catalog).carried).toEqual([old]);
  });

  it('says how many were carried and why the rest were not', () => {
    const r = carryOver([a(1, 5, 1, 'Toy Story'), a(2, 4, 2, 'A Few Good Men', 1992)], catalog);
    expect(carrySummary({ carried: r.carried.length, notCarried: r.notCarried })).toMatch(
      /^1 of your 2 .* 1 was not/,
    );
    expect(notCarriedReason(r.notCarried[0]!)).toBe(
      'its id names another film here (Indecent Proposal, 1993)',
    );
  });
});
