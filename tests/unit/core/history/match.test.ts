import { describe, expect, it } from 'vitest';
import { buildCatalogueIndex, matchEntry } from '../../../../src/core/history/match';
import { type Catalogue, type EntryMatch } from '../../../../src/core/history/match';
import { articleToFront, displayTitle, titleKey } from '../../../../src/core/history/titles';
import { titleKeys } from '../../../../src/core/history/titles';
import type { HistoryEntry } from '../../../../src/core/history/types';

const CAT: Catalogue = {
  label: 'MovieLens 1M',
  movies: [
    { id: 47, title: 'Seven (Se7en) (1995)' },
    { id: 293, title: 'Professional, The (a.k.a. Leon: The Professional) (1994)' },
    { id: 1233, title: 'Boat, The (Das Boot) (1981)' },
    { id: 1219, title: 'Psycho (1960)' },
    { id: 2389, title: 'Psycho (1998)' },
    { id: 6, title: 'Heat (1995)' },
    { id: 8, title: 'Twin Film (1990)' },
    { id: 9, title: 'Twin Film (1990)' },
    { id: 3000, title: 'Princess Mononoke (Mononoke Hime) (1997)' },
    { id: 1, title: 'City of Lost Children, The (Cité des enfants perdus, La) (1995)' },
    { id: 2, title: "Avventura, L' (Adventure, The) (1960)" },
    { id: 3, title: 'Romeo & Juliet (1968)' },
    { id: 4, title: 'Star Wars: Episode IV - A New Hope (1977)' },
    { id: 5, title: 'Ghost in the Shell (Kôkaku kidôtai) (1995)' },
    { id: 10, title: 'Near Year Film (1999)' },
    { id: 11, title: 'Remake (1950)' },
    { id: 12, title: 'Remake (1990)' },
    { id: 13, title: 'Near Twins (1998)' },
    { id: 14, title: 'Near Twins (2000)' },
    { id: 15, title: 'Tigre y la nieve, El (Tiger and the Snow, The) (2000)' },
    { id: 16, title: 'Vitelloni, I (1953)' },
  ],
  links: [
    { movieId: 47, imdbId: '0114369', tmdbId: '807' },
    { movieId: 6, imdbId: '0113277', tmdbId: 949 },
    { movieId: 99999, imdbId: '0999999', tmdbId: 1 },
  ],
};
const IX = buildCatalogueIndex(CAT);

const e = (title: string, year?: number, more: Partial<HistoryEntry> = {}): HistoryEntry => ({
  source: 'letterboxd',
  kind: 'rating',
  title,
  ...(year === undefined ? {} : { year }),
  stars: 4,
  file: 'f.csv',
  row: 2,
  ...more,
});

const id = (m: EntryMatch) => (m.status === 'matched' ? m.movieId : m.status);
const cands = (m: EntryMatch) => (m.status === 'review' ? m.candidates.map((c) => c.movieId) : []);

describe('title keys', () => {
  it('normalises accents, case, &, punctuation and a leading article', () => {
    expect(titleKey('Léon: The Professional')).toBe('leon the professional');
    expect(titleKey('The Professional')).toBe('professional');
    expect(titleKey('Romeo & Juliet')).toBe('romeo and juliet');
    expect(titleKey("L'Avventura")).toBe('avventura');
    expect(titleKey('  Crouching  Tiger,  Hidden Dragon ')).toBe('crouching tiger hidden dragon');
    expect(titleKey('The')).toBe('the');
    expect(titleKey('Ａｍéｌｉｅ')).toBe('amelie'); // full-width letters (NFKD)
  });

  it('moves trailing articles in MovieLens languages to the front', () => {
    expect(articleToFront('Professional, The')).toBe('The Professional');
    expect(articleToFront("Avventura, L'")).toBe("L'Avventura");
    expect(articleToFront('Boot, Das')).toBe('Das Boot');
    expect(articleToFront('Misérables, Les')).toBe('Les Misérables');
    expect(articleToFront('Tigre y la nieve, El')).toBe('El Tigre y la nieve');
    expect(articleToFront('Good, the Bad and the Ugly, The')).toBe(
      'The Good, the Bad and the Ugly',
    );
    expect(articleToFront('Heat')).toBeUndefined();
  });

  it('indexes every alternative title', () => {
    expect(titleKeys('Professional, The (a.k.a. Leon: The Professional)')).toEqual(
      expect.arrayContaining(['professional', 'leon the professional']),
    );
    expect(titleKeys('City of Lost Children, The (Cité des enfants perdus, La)')).toEqual(
      expect.arrayContaining(['city of lost children', 'cite des enfants perdus']),
    );
    expect(displayTitle('Professional, The (a.k.a. Leon: The Professional)')).toBe(
      'The Professional',
    );
  });
});

describe('matching', () => {
  it('matches by alternative titles', () => {
    expect(id(matchEntry(IX, e('Se7en', 1995)))).toBe(47);
    expect(id(matchEntry(IX, e('Léon: The Professional', 1994)))).toBe(293);
    expect(id(matchEntry(IX, e('Das Boot', 1981)))).toBe(1233);
    expect(id(matchEntry(IX, e('The Boat', 1981)))).toBe(1233);
    expect(id(matchEntry(IX, e('Mononoke Hime', 1997)))).toBe(3000);
    expect(id(matchEntry(IX, e('La Cité des Enfants Perdus', 1995)))).toBe(1);
    expect(id(matchEntry(IX, e("L'avventura", 1960)))).toBe(2);
    expect(id(matchEntry(IX, e('The Tiger and the Snow', 2000)))).toBe(15);
    expect(id(matchEntry(IX, e('I Vitelloni', 1953)))).toBe(16);
  });

  it('matches accents, & and case either way', () => {
    expect(id(matchEntry(IX, e('Romeo and Juliet', 1968)))).toBe(3);
    expect(id(matchEntry(IX, e('ROMEO & JULIET', 1968)))).toBe(3);
    expect(id(matchEntry(IX, e('Kokaku Kidotai', 1995)))).toBe(5);
  });

  it('tries the original title too', () => {
    const m = matchEntry(IX, e('Le Bateau', 1981, { source: 'imdb', originalTitle: 'Das Boot' }));
    expect(id(m)).toBe(1233);
  });

  it('decides Psycho by the year, and accepts a year off by one', () => {
    expect(id(matchEntry(IX, e('Psycho', 1960)))).toBe(1219);
    expect(id(matchEntry(IX, e('Psycho', 1998)))).toBe(2389);
    const near = matchEntry(IX, e('Near Year Film', 2000));
    expect(near).toMatchObject({ status: 'matched', movieId: 10, how: 'title-near-year' });
  });

  it('sends true ties, two films a year off, and missing years to review', () => {
    const tie = matchEntry(IX, e('Twin Film', 1990));
    expect(tie.status).toBe('review');
    expect(cands(tie).sort()).toEqual([8, 9]);
    const nearTwins = matchEntry(IX, e('Near Twins', 1999));
    expect(nearTwins.status).toBe('review');
    expect(cands(nearTwins).sort()).toEqual([13, 14]);
    const noYear = matchEntry(IX, e('Heat'));
    expect(noYear).toMatchObject({
      status: 'review',
      candidates: [{ movieId: 6, why: 'no-year' }],
    });
  });

  it('offers other years and looser titles only in review, never automatically', () => {
    const other = matchEntry(IX, e('Remake', 1970));
    expect(other.status).toBe('review');
    expect(cands(other)).toEqual([11, 12]);
    const loose = matchEntry(IX, e('Star Wars', 1977));
    expect(loose).toMatchObject({ status: 'review', candidates: [{ movieId: 4, why: 'similar' }] });
  });

  it('says why a film is absent', () => {
    const late = matchEntry(IX, e('Parasite', 2019));
    expect(late).toMatchObject({ status: 'absent', why: 'after-end' });
    expect(late.status === 'absent' && late.reason).toBe('MovieLens 1M ends in 2000');
    const late2 = matchEntry(IX, e('Psycho', 2019));
    expect(late2.status).toBe('absent');
    const missing = matchEntry(IX, e('Nothing Like It', 1980));
    expect(missing).toMatchObject({ status: 'absent', why: 'not-found' });
  });

  it('matches by ids first, through the links', () => {
    expect(matchEntry(IX, e('Wrong Title', 1995, { imdb: 114369 }))).toMatchObject({
      status: 'matched',
      movieId: 47,
      how: 'imdb',
    });
    expect(matchEntry(IX, e('Wrong Title', 1995, { tmdb: 949 }))).toMatchObject({
      movieId: 6,
      how: 'tmdb',
    });
  });

  it('lets a stale id fall through to the title', () => {
    // 999999 is in links for a film the catalogue lacks; 123 is in no link at all
    expect(matchEntry(IX, e('Heat', 1995, { imdb: 999999, tmdb: 123 }))).toMatchObject({
      status: 'matched',
      movieId: 6,
      how: 'title',
    });
    const none = matchEntry(IX, e('Nowhere', 1990, { imdb: 7 }));
    expect(none.status === 'absent' && none.reason).toMatch(/ids are not in its links/);
  });

  it('carries a MovieLens id over only when it names the same title and year', () => {
    const same = e('Heat', 1995, { source: 'reel', movielens: 6 });
    expect(matchEntry(IX, same)).toMatchObject({ movieId: 6, how: 'movielens' });
    // id 6 names Heat here; an entry saying id 6 is "Psycho" (1960) is matched by title instead
    const moved = e('Psycho', 1960, { source: 'reel', movielens: 6 });
    expect(matchEntry(IX, moved)).toMatchObject({ movieId: 1219, how: 'title' });
  });

  it('works without links and with years given apart from the title', () => {
    const ix = buildCatalogueIndex({
      label: 'X',
      movies: [{ id: 1, title: 'Heat', year: 1995 }],
    });
    expect(id(matchEntry(ix, e('Heat', 1995)))).toBe(1);
    expect(id(matchEntry(ix, e('Heat', 1995, { imdb: 113277 })))).toBe(1);
  });
});
