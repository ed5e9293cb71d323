import { describe, expect, it } from 'vitest';
import type { Movie } from '../../../../src/core/data/types';
import { buildSearchIndex, buildSearchIndexInSlices } from '../../../../src/core/features/search';
import { displayTitle, moveArticle, normalizeText } from '../../../../src/core/features/search';
import { parseTitle, search, titleVariants } from '../../../../src/core/features/search';

const titles: Array<[string, number | null]> = [
  ['Misérables, Les (1995)', 1995], // 0: year left in the title
  ['Matrix, The', 1999], // 1
  ['Professional, The (a.k.a. Leon: The Professional)', 1994], // 2
  ['Seven (Se7en)', 1995], // 3
  ['Dumb & Dumber', 1994], // 4
  ["Schindler's List", 1993], // 5
  ["Enfer, L'", 1994], // 6
  ['Alien³', 1992], // 7
  ['Toy Story', 1995], // 8
  ['Toy Story 2', 1999], // 9
  ['Toys', 1992], // 10
  ['Misérables, Les', 1998], // 11
  ['Story of Us, The', 1999], // 12
  ['Miracle on 34th Street', 1947], // 13
  ['Terminator 2: Judgment Day', 1991], // 14
  ['Terminator, The', 1984], // 15
];
const movies: Movie[] = titles.map(([title, year], i) => ({ id: i + 1, title, year, genres: [] }));
const index = buildSearchIndex(movies);

describe('normalizeText', () => {
  it('is accent-, case- and punctuation-insensitive', () => {
    expect(normalizeText('Misérables, Les')).toBe('miserables les');
    expect(normalizeText('  CÉRÉMONIE,  La!! ')).toBe('ceremonie la');
    expect(normalizeText("Schindler's List")).toBe('schindlers list');
    expect(normalizeText('Dumb & Dumber')).toBe('dumb and dumber');
    expect(normalizeText('Alien³')).toBe('alien3');
    expect(normalizeText('Kjærlighetens kjøtere')).toBe('kjaerlighetens kjotere');
    expect(normalizeText('Star Wars: Episode IV - A New Hope')).toBe(
      'star wars episode iv a new hope',
    );
    expect(normalizeText('...')).toBe('');
  });
});

describe('titles', () => {
  it('parses year and alternative titles', () => {
    expect(parseTitle('Professional, The (a.k.a. Leon: The Professional) (1994)')).toEqual({
      main: 'Professional, The',
      alternatives: ['Leon: The Professional'],
      year: 1994,
    });
    expect(parseTitle("Star Maker, The (Uomo delle stelle, L')")).toEqual({
      main: 'Star Maker, The',
      alternatives: ["Uomo delle stelle, L'"],
      year: null,
    });
  });

  it('moves trailing articles to the front', () => {
    expect(moveArticle('Matrix, The')).toBe('The Matrix');
    expect(moveArticle("Enfer, L'")).toBe("L'Enfer");
    expect(moveArticle('Good, The Bad and The Ugly, The')).toBe('The Good, The Bad and The Ugly');
    expect(moveArticle('Paris, Texas')).toBe('Paris, Texas');
    expect(displayTitle('Misérables, Les (1995)')).toBe('Les Misérables');
    expect(displayTitle("Star Maker, The (Uomo delle stelle, L')")).toBe(
      "The Star Maker (L'Uomo delle stelle)",
    );
    expect(titleVariants('Matrix, The')).toEqual(['matrix the', 'the matrix']);
  });
});

describe('search', () => {
  it('"miserables" finds "Misérables, Les (1995)"', () => {
    expect(search(index, 'miserables')).toEqual(expect.arrayContaining([0, 11]));
    expect(search(index, 'MISÉRABLES')).toHaveLength(2);
  });

  it('finds article-moved forms: "les miserables", "the matrix", "l\'enfer"', () => {
    expect(search(index, 'les miserables').slice(0, 2).sort()).toEqual([0, 11]);
    expect(search(index, 'the matrix')[0]).toBe(1);
    expect(search(index, 'The Matrix!')[0]).toBe(1);
    expect(search(index, "l'enfer")[0]).toBe(6);
    expect(search(index, 'lenfer')[0]).toBe(6);
  });

  it('finds alternative titles, "&" as "and", apostrophes, superscripts, years', () => {
    expect(search(index, 'leon')[0]).toBe(2);
    expect(search(index, 'se7en')).toEqual([3]);
    expect(search(index, 'dumb and dumber')).toEqual([4]);
    expect(search(index, 'dumb & dumber')).toEqual([4]);
    expect(search(index, 'schindlers')).toEqual([5]);
    expect(search(index, 'alien 3')[0]).toBe(7);
    expect(search(index, 'toy 1999')).toEqual([9]);
  });

  it('ranks exact before prefix before word matches before substrings', () => {
    // "toy story": exact 8, then prefix 9
    expect(search(index, 'toy story')).toEqual([8, 9]);
    // "story": title prefix 12 ("Story of Us, The"), then word matches, shorter first
    expect(search(index, 'story')).toEqual([12, 8, 9]);
    // "story us": every word starts a title word
    expect(search(index, 'story us')).toEqual([12]);
    // all three start with "toy": shorter title first without counts
    expect(search(index, 'toy')).toEqual([10, 8, 9]);
    // spaces ignored from the start of a word: "toystory"; never from inside a word
    expect(search(index, 'toystory')).toEqual([8, 9]);
    expect(search(index, 'oystory')).toEqual([]);
  });

  it('matches only from the start of a word: "leon" finds Léon, not "Miracle on 34th Street"', () => {
    expect(search(index, 'leon')).toEqual([2]);
    expect(search(index, 'on34')).toEqual([13]);
  });

  it('tolerates a typo: a missing letter, swapped neighbours', () => {
    expect(search(index, 'termintor')).toEqual(expect.arrayContaining([14, 15]));
    expect(search(index, 'matirx')).toEqual([1]);
    expect(search(index, 'schindlr list')).toEqual([5]);
    // exact matches still come before typo matches; short words get no typo budget
    expect(search(index, 'toys')[0]).toBe(10);
    expect(search(index, 'tox')).toEqual([]);
  });

  it('reads common short names as their titles ("T2" → Terminator 2)', () => {
    expect(search(index, 'T2')[0]).toBe(14);
    expect(search(index, 't2', 1)).toEqual([14]);
  });

  it('breaks ties by popularity when counts are given, and respects the limit', () => {
    const counts = new Uint32Array(movies.length);
    counts[11] = 500;
    counts[0] = 100;
    const withCounts = buildSearchIndex(movies, { counts });
    expect(search(withCounts, 'miserables')).toEqual([11, 0]);
    expect(search(withCounts, 'miserables', 1)).toEqual([11]);
    counts[9] = 9999;
    expect(search(withCounts, 'toy')).toEqual([9, 10, 8]);
  });

  it('returns nothing for empty, punctuation-only or unmatched queries', () => {
    expect(search(index, '')).toEqual([]);
    expect(search(index, ' ,.! ')).toEqual([]);
    expect(search(index, 'zzzz')).toEqual([]);
    expect(search(index, 'toy', 0)).toEqual([]);
  });
});

describe('buildSearchIndexInSlices', () => {
  it('builds the same index as buildSearchIndex, pausing between slices', async () => {
    let pauses = 0;
    const counts = movies.map((_, i) => i);
    const sliced = await buildSearchIndexInSlices(movies, { counts }, async () => void pauses++, 5);
    expect(pauses).toBe(Math.ceil(movies.length / 5));
    expect(sliced).toEqual(buildSearchIndex(movies, { counts }));
  });
});
