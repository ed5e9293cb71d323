import { beforeAll, describe, expect, it } from 'vitest';
import type { Movie } from '../../../../src/core/data/types';
import { fitGenreTfidf } from '../../../../src/core/features/tfidf';
import { computePopularity, type Tier } from '../../../../src/core/features/tiers';
import { countRatings } from '../../../helpers/ratings';
import { franchiseKey } from '../../../../src/core/recommend/franchise';
import { chooseOffers, type OfferMovie } from '../../../../src/core/recommend/offer';
import { OFFER_BATCH_SIZE, OFFER_PATTERN } from '../../../../src/core/recommend/stage';
import { loadMl1m, ML1M_PATH } from '../../../helpers/ml1m';

// 12 movies: 0-3 popular, 4-7 mid, 8-11 niche; score = higher for lower index inside each tier
const tiers: Tier[] = [
  ...Array<Tier>(4).fill('popular'),
  ...Array<Tier>(4).fill('mid'),
  ...Array<Tier>(4).fill('niche'),
];
const scores = [0.9, 0.8, 0.7, 0.6, 0.95, 0.5, 0.4, 0.3, 0.99, 0.2, 0.1, 0.05];
const counts = [900, 800, 700, 600, 400, 300, 200, 100, 50, 40, 30, 25];

describe('chooseOffers', () => {
  it('follows the tier pattern (3 popular, 2 mid, 1 niche per 6), best-ranked first', () => {
    expect(OFFER_PATTERN).toEqual(['popular', 'mid', 'popular', 'niche', 'popular', 'mid']);
    const offers = chooseOffers({ scores, tiers, counts, count: 6 });
    expect(offers).toEqual([0, 4, 1, 8, 2, 5]);
    expect(offers.map((i) => tiers[i])).toEqual(OFFER_PATTERN);
  });

  it('excludes rated and dismissed movies (sets, maps, predicates, combined)', () => {
    const rated = new Map([
      [0, 5],
      [4, 3],
    ]);
    const dismissed = new Set([8]);
    const offers = chooseOffers({ scores, tiers, counts, count: 6, exclude: [rated, dismissed] });
    expect(offers).toEqual([1, 5, 2, 9, 3, 6]);
    const byFn = chooseOffers({ scores, tiers, counts, count: 6, exclude: (i) => i % 2 === 0 });
    expect(byFn.every((i) => i % 2 === 1)).toBe(true);
  });

  it('fills a slot from the nearest tier when a tier runs out, and stops when all do', () => {
    const offers = chooseOffers({ scores, tiers, counts, count: 20 });
    expect(offers).toHaveLength(12);
    expect(new Set(offers).size).toBe(12);
    // popular has 4: the 4th popular slot onwards falls back to mid
    expect(offers.slice(0, 6)).toEqual([0, 4, 1, 8, 2, 5]);
  });

  it('skips niche movies with too few ratings when counts are given', () => {
    const few = counts.map((c, i) => (i === 8 ? 3 : c));
    const offers = chooseOffers({ scores, tiers, counts: few, count: 6 });
    expect(offers).not.toContain(8);
    expect(offers[3]).toBe(9);
    expect(chooseOffers({ scores, tiers, counts: few, count: 6, minNicheRatings: 0 })[3]).toBe(8);
    expect(chooseOffers({ scores, tiers, count: 6 })[3]).toBe(8); // no counts: no filter
  });

  it('trusts niche movies by everyone’s ratings when the counts are a demographic group’s', () => {
    // a group of 1/20th of the people: every niche film has fewer than 20 ratings inside it
    const group = counts.map((c) => Math.floor(c / 20));
    const offers = chooseOffers({ scores, tiers, counts: group, trustCounts: counts, count: 12 });
    expect(offers.filter((i) => tiers[i] === 'niche').length).toBeGreaterThan(0);
    // without everyone's counts the group's would remove them all (the bug this guards)
    const strict = chooseOffers({ scores, tiers, counts: group, count: 12 });
    expect(strict.filter((i) => tiers[i] === 'niche')).toEqual([]);
  });

  it('breaks equal scores by popularity, then index, and is deterministic', () => {
    const flat = new Array(12).fill(0.5);
    const a = chooseOffers({ scores: flat, tiers, counts, count: 6 });
    expect(a).toEqual([0, 4, 1, 8, 2, 5]);
    expect(chooseOffers({ scores: flat, tiers, counts, count: 6 })).toEqual(a);
    const reversed = [...counts].reverse();
    expect(chooseOffers({ scores: flat, tiers, counts: reversed, count: 3 })).toEqual([3, 7, 2]);
  });

  it('defaults to OFFER_BATCH_SIZE and handles count 0 / custom patterns', () => {
    const many = Array.from({ length: 60 }, (_, i) => i / 60);
    const manyTiers = Array.from(
      { length: 60 },
      (_, i): Tier => (['popular', 'mid', 'niche'] as const)[i % 3]!,
    );
    expect(chooseOffers({ scores: many, tiers: manyTiers })).toHaveLength(OFFER_BATCH_SIZE);
    expect(chooseOffers({ scores, tiers, count: 0 })).toEqual([]);
    expect(chooseOffers({ scores, tiers, count: 3, pattern: ['niche'] })).toEqual([8, 9, 10]);
  });
});

// A generated catalog in the shape of the bug: five sequels tagged exactly like the pick, and
// more-watched films whose broader genre sets include it. Filler films (no Sci-Fi) make the other
// genres common, as they are in MovieLens (Sci-Fi: 7% of films, Action 13%, Drama 41%).
function sagaCatalog() {
  const rows: [string, number, string[], number, Tier][] = [
    ['Space Saga: The Motion Picture', 1979, ['Sci-Fi'], 1000, 'popular'],
    ['Space Saga II: The Wrath', 1982, ['Sci-Fi'], 950, 'popular'],
    ['Space Saga III: The Search', 1984, ['Sci-Fi'], 900, 'popular'],
    ['Space Saga IV: The Voyage Home', 1986, ['Sci-Fi'], 850, 'popular'],
    ['Space Saga: Generations', 1994, ['Sci-Fi'], 800, 'popular'],
    ['Star Battles', 1977, ['Action', 'Adventure', 'Sci-Fi'], 3000, 'popular'],
    ['Dino Park', 1993, ['Action', 'Adventure', 'Sci-Fi'], 2670, 'popular'],
    ['Robot Judgment', 1991, ['Action', 'Sci-Fi', 'Thriller'], 2650, 'popular'],
    ['Grid, The', 1989, ['Action', 'Sci-Fi', 'Thriller'], 2590, 'popular'],
    ['Time Car', 1985, ['Comedy', 'Sci-Fi'], 2580, 'popular'],
    ['Big Romance', 1997, ['Drama', 'Romance'], 3400, 'popular'],
    ['Funny Business', 1995, ['Comedy'], 3100, 'popular'],
    ['Moon Base', 1972, ['Drama', 'Sci-Fi'], 600, 'mid'],
    ['Mars Run', 1976, ['Action', 'Sci-Fi'], 550, 'mid'],
    ['Laser Cop', 1993, ['Action', 'Sci-Fi'], 500, 'mid'],
    ['Quiet Drama', 1990, ['Drama'], 640, 'mid'],
    ['Small Comet', 1962, ['Sci-Fi'], 120, 'niche'],
    ['Odd Robot', 1984, ['Comedy', 'Sci-Fi'], 90, 'niche'],
    ['Tiny Tale', 1990, ['Drama'], 140, 'niche'],
  ];
  const filler = [['Action'], ['Adventure'], ['Comedy'], ['Drama'], ['Thriller'], ['Drama']];
  for (let i = 0; i < 48; i++)
    rows.push([`Filler ${i + 1}`, 1960 + i, filler[i % filler.length]!, 30 + i, 'niche']);
  const movies: Movie[] = rows.map(([title, year, genres], i) => ({
    id: i + 1,
    title,
    year,
    genres,
  }));
  const tf = fitGenreTfidf(movies);
  return {
    movies,
    scores: tf.scoreAll(tf.profileFromRatings(['Sci-Fi'], [])),
    counts: rows.map((r) => r[3]),
    tiers: rows.map((r) => r[4]),
  };
}

describe('chooseOffers: relevance and diversity', () => {
  const { movies, scores, counts, tiers } = sagaCatalog();
  const sagas = [0, 1, 2, 3, 4];
  const bigFilms = [5, 6, 7, 8, 9];

  it('leads with the more-watched films and offers at most one film of a franchise', () => {
    // The sequels match the pick best: ranking by the genre match alone led with all five.
    for (const s of sagas) for (const b of bigFilms) expect(scores[s]).toBeGreaterThan(scores[b]!);
    const offers = chooseOffers({ scores, tiers, counts, movies });
    expect(offers.slice(0, 6).map((i) => tiers[i])).toEqual(OFFER_PATTERN);
    // popular slots: the five big films first, then the best-known sequel (the rest skipped)
    const popular = offers.filter((i) => tiers[i] === 'popular');
    expect(new Set(popular.slice(0, 5))).toEqual(new Set(bigFilms));
    expect(offers.filter((i) => sagas.includes(i))).toEqual([0]);
    expect(popular[5]).toBe(0);
    // the most-watched films without the picked genre are not candidates
    expect(offers).not.toContain(10);
    expect(offers).not.toContain(11);
    // a tier out of candidates offers its other movies (the tier pattern holds)
    expect(offers.indexOf(15)).toBe(11);
  });

  it('spreads offers across sub-genres and decades', () => {
    // all equally good matches; counts 2650 > 2590 > 1900
    const m: OfferMovie[] = [
      { title: 'Robot Judgment', year: 1991, genres: ['Action', 'Sci-Fi', 'Thriller'] },
      { title: 'Grid, The', year: 1999, genres: ['Action', 'Sci-Fi', 'Thriller'] },
      { title: 'Time Car', year: 1985, genres: ['Comedy', 'Sci-Fi'] },
    ];
    const base = { scores: [1, 1, 1], tiers: ['popular', 'popular', 'popular'] as Tier[] };
    const c = [2650, 2590, 1900];
    expect(chooseOffers({ ...base, counts: c, pattern: ['popular'] })).toEqual([0, 1, 2]);
    // same genres, same decade: The Grid's rank halves (1295) and Time Car (1900) goes first
    expect(chooseOffers({ ...base, counts: c, movies: m, pattern: ['popular'] })).toEqual([
      0, 2, 1,
    ]);
    // same genres, another decade: a quarter off (1942), still ahead of Time Car
    const other = m.map((x, i) => (i === 1 ? { ...x, year: 1979 } : x));
    expect(chooseOffers({ ...base, counts: c, movies: other, pattern: ['popular'] })).toEqual([
      0, 1, 2,
    ]);
    expect(chooseOffers({ ...base, counts: c, movies: m, diversity: 0 })).toEqual([0, 1, 2]);
  });

  it('fills the popular slots first, so lesser-known offers never push out a well-known one', () => {
    const m: OfferMovie[] = [
      { title: 'Laser Cop', year: 1993, genres: ['Action', 'Sci-Fi'] },
      { title: 'Robot Judgment', year: 1991, genres: ['Action', 'Sci-Fi'] },
      { title: 'Time Car', year: 1995, genres: ['Comedy', 'Sci-Fi'] },
    ];
    const offers = chooseOffers({
      scores: [1, 1, 1],
      tiers: ['mid', 'popular', 'popular'],
      counts: [500, 2650, 1500],
      movies: m,
      pattern: ['mid', 'popular'],
      count: 2,
    });
    expect(offers).toEqual([0, 1]);
  });

  it('lets the most-rated film of a franchise stand for it', () => {
    const m: OfferMovie[] = [
      { title: 'Star Wars: Episode V - The Empire Strikes Back', year: 1980, genres: ['Sci-Fi'] },
      { title: 'Star Wars: Episode IV - A New Hope', year: 1977, genres: ['Sci-Fi'] },
      { title: 'Alien', year: 1979, genres: ['Horror'] },
    ];
    const input = {
      scores: [0.8, 0.76, 0.6],
      tiers: ['popular', 'popular', 'popular'] as Tier[],
      counts: [2990, 2991, 2000],
      pattern: ['popular'] as Tier[],
      count: 2,
    };
    expect(chooseOffers(input)).toEqual([0, 1]); // by rank, without titles
    expect(chooseOffers({ ...input, movies: m })).toEqual([1, 2]);
  });

  it('offers a second film of a franchise only when nothing else is left', () => {
    const m: OfferMovie[] = ['Superman', 'Superman III', 'Superman IV: The Quest for Peace'].map(
      (title) => ({ title, year: 1980, genres: ['Sci-Fi'] }),
    );
    const offers = chooseOffers({
      scores: [1, 1, 1, 0.1],
      tiers: ['popular', 'popular', 'mid', 'niche'],
      counts: [1200, 900, 500, 100],
      movies: [...m, { title: 'Other', year: 1990, genres: ['Drama'] }],
      count: 4,
    });
    // popular slots first: Superman, then (Superman III being a second Superman) the nearest
    // tier's other film; the mid and niche slots then have only Superman films left
    expect(offers).toEqual([0, 2, 3, 1]);
  });

  it('is deterministic', () => {
    const a = chooseOffers({ scores, tiers, counts, movies });
    const b = chooseOffers({ scores: Float32Array.from(scores), tiers, counts, movies });
    expect(b).toEqual(a);
    expect(chooseOffers({ scores, tiers, counts, movies })).toEqual(a);
    // equal everything: the lower index first
    const same: OfferMovie[] = ['A', 'B', 'C'].map((title) => ({ title, year: 1990, genres: [] }));
    const tie = { scores: [1, 1, 1], tiers: ['popular', 'popular', 'popular'] as Tier[] };
    expect(chooseOffers({ ...tie, counts: [5, 5, 5], movies: same })).toEqual([0, 1, 2]);
  });
});

// The real MovieLens 1M (tests/helpers/ml1m.ts); skipped when there is no copy.
describe.skipIf(!ML1M_PATH)('chooseOffers on MovieLens 1M', () => {
  let movies: Movie[] = [];
  let counts: Uint32Array = new Uint32Array(0);
  let tiers: Tier[] = [];
  let tf = fitGenreTfidf([]);
  // the content scores as the app builds them (Journey.tsx)
  const offersFor = (picks: string[]) => {
    const scores = tf.scoreAll(tf.profileFromRatings(picks, []));
    return chooseOffers({ scores, tiers, counts, movies });
  };
  const label = (i: number) => `${movies[i]!.title} (${movies[i]!.year})`;

  beforeAll(async () => {
    const data = await loadMl1m();
    movies = data.movies;
    counts = countRatings(data.ratings.movies, movies);
    tiers = computePopularity(counts).tiers;
    tf = fitGenreTfidf(movies);
  });

  it('offers the well-known sci-fi films, not a run of Star Trek sequels', () => {
    const offers = offersFor(['Action', 'Sci-Fi', 'Adventure']).map(label);
    expect(offers).toHaveLength(12);
    const known = [
      'Star Wars: Episode IV - A New Hope (1977)',
      'Matrix, The (1999)',
      'Terminator 2: Judgment Day (1991)',
      'Alien (1979)',
      'Aliens (1986)',
      'Back to the Future (1985)',
      'Jurassic Park (1993)',
    ];
    expect(offers.filter((t) => known.includes(t)).length).toBeGreaterThanOrEqual(3);
    expect(offers.filter((t) => t.startsWith('Star Trek')).length).toBeLessThanOrEqual(1);
  });

  it('offers one film per franchise, each sharing a picked genre', () => {
    for (const picks of [
      ['Action', 'Sci-Fi', 'Adventure'],
      ["Children's", 'Musical', 'Animation'],
      ['Horror', 'Thriller', 'Mystery'],
    ]) {
      const offers = offersFor(picks);
      expect(offers.map((i) => tiers[i])).toEqual([...OFFER_PATTERN, ...OFFER_PATTERN]);
      expect(new Set(offers.map((i) => franchiseKey(movies[i]!.title))).size).toBe(12);
      for (const i of offers) expect(movies[i]!.genres.some((g) => picks.includes(g))).toBe(true);
    }
  });
});
