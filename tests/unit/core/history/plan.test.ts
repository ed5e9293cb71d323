import { describe, expect, it } from 'vitest';
import { buildCatalogueIndex, matchEntries } from '../../../../src/core/history/match';
import { type Catalogue } from '../../../../src/core/history/match';
import { planImport, toReleaseScale, WHOLE_STARS_RULE } from '../../../../src/core/history/plan';
import { type ExistingAction } from '../../../../src/core/history/plan';
import { letterboxdCsv, notInCatalogueCsv } from '../../../../src/core/history/export';
import { readHistoryBytes } from '../../../../src/core/history/read';
import type { HistoryEntry } from '../../../../src/core/history/types';
import { enc } from '../../../helpers/history/fixtures';

const CAT: Catalogue = {
  label: 'MovieLens 1M',
  movies: [
    { id: 6, title: 'Heat (1995)' },
    { id: 47, title: 'Seven (Se7en) (1995)' },
    { id: 293, title: 'Professional, The (a.k.a. Leon: The Professional) (1994)' },
    { id: 8, title: 'Twin Film (1990)' },
    { id: 9, title: 'Twin Film (1990)' },
    { id: 50, title: 'Usual Suspects, The (1995)' },
  ],
  links: [
    { movieId: 6, imdbId: '0113277' },
    { movieId: 47, imdbId: '0114369' },
  ],
};
const IX = buildCatalogueIndex(CAT);
const e = (title: string, year: number, more: Partial<HistoryEntry> = {}): HistoryEntry => ({
  source: 'letterboxd',
  kind: 'rating',
  title,
  year,
  stars: 4,
  file: 'f.csv',
  row: 2,
  ...more,
});
const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
const NOW = day('2025-01-01');

describe('rating scale', () => {
  it('keeps halves where the release has them, else rounds half up', () => {
    expect(toReleaseScale(3.5, true)).toBe(3.5);
    expect(toReleaseScale(3.5, false)).toBe(4);
    expect(toReleaseScale(0.5, false)).toBe(1);
    expect(toReleaseScale(2.5, false)).toBe(3);
    expect(toReleaseScale(4.25, true)).toBe(4.5);
    expect(WHOLE_STARS_RULE).toMatch(/3\.5★ becomes 4★/);
  });
});

describe('planImport', () => {
  const entries = [
    e('Heat', 1995, { stars: 3.5, date: '2024-06-01' }),
    e('Se7en', 1995, { stars: 5, date: '2020-01-01' }),
    e('Léon: The Professional', 1994, { kind: 'seen', stars: undefined }),
    e('Twin Film', 1990),
    e('Parasite', 2019),
    e('The Usual Suspects', 1995, { stars: 2, date: '2019-01-01' }),
    // the same film from another source, newer: wins over the older one
    e('The Usual Suspects', 1995, { source: 'imdb', stars: 4.5, date: '2021-01-01' }),
  ];
  const matches = matchEntries(IX, entries);
  const read = { skipped: { 'TV series': 2 }, malformedCount: 1 };

  it('summarises and converts to whole stars', () => {
    const existing = [
      { movieId: 6, value: 2, at: day('2023-01-01') }, // older than the import: import wins
      { movieId: 47, value: 4, at: day('2023-01-01') }, // newer than the import: Reel wins
    ];
    const p = planImport(matches, read, existing, { halfStars: false, now: NOW });
    expect(p.summary).toEqual({
      read: 7,
      matched: 5,
      review: 1,
      absent: 1,
      skipped: 2,
      malformed: 1,
      already: 2,
    });
    const w = new Map(p.writes.map((x) => [x.movieId, x]));
    expect(w.get(6)).toMatchObject({ value: 4, replaces: { value: 2 } }); // 3.5★ rounded up
    expect(p.already.find((a) => a.movieId === 47)?.winner).toBe('reel');
    expect(w.get(293)).toMatchObject({ value: 'seen', at: NOW });
    expect(w.get(50)).toMatchObject({ value: 5, entry: { source: 'imdb' } });
    expect(p.absent[0]!.reason).toBe('MovieLens 1M ends in 1995'); // this small catalogue's last year
  });

  it('keeps Reel on request, never lets "seen" replace a rating, and re-import writes nothing', () => {
    const existing = [
      { movieId: 6, value: 2, at: day('2020-01-01') },
      { movieId: 293, value: 3, at: day('2020-01-01') },
    ];
    const keep = planImport(matches, read, existing, {
      halfStars: true,
      now: NOW,
      conflict: 'keep-reel',
    });
    expect(keep.writes.map((x) => x.movieId)).not.toContain(6);
    const newer = planImport(matches, read, existing, { halfStars: true, now: NOW });
    expect(newer.writes.find((x) => x.movieId === 6)?.value).toBe(3.5);
    expect(newer.already.find((a) => a.movieId === 293)?.winner).toBe('reel');
    // apply, then plan again: nothing to write
    const applied = new Map<number, ExistingAction>(existing.map((a) => [a.movieId, a]));
    for (const x of newer.writes)
      applied.set(x.movieId, { movieId: x.movieId, value: x.value, at: x.at });
    const again = planImport(matches, read, [...applied.values()], {
      halfStars: true,
      now: NOW + 1,
    });
    expect(again.writes).toEqual([]);
    expect(again.already.every((a) => a.winner === 'same' || a.winner === 'reel')).toBe(true);
    expect(again.summary.already).toBe(4); // five matched rows, four films
  });

  it('takes the film the person chose for a row to review', () => {
    const review = matches.find((m) => m.status === 'review')!;
    const p = planImport(matches, read, [], {
      halfStars: true,
      now: NOW,
      chosen: new Map([[review.entry, 9]]),
    });
    expect(p.writes.map((x) => x.movieId)).toContain(9);
  });
});

describe('CSV export', () => {
  it('writes the Letterboxd import format and reads it back', async () => {
    const csv = letterboxdCsv(
      [
        { movieId: 293, value: 4.5, at: day('2024-02-03') },
        { movieId: 6, value: 'seen', at: day('2024-02-04') },
        { movieId: 47, value: 'not-seen', at: day('2024-02-05') },
        { movieId: 50, value: 3, at: day('2024-02-06') },
      ],
      CAT,
    );
    expect(csv.split('\r\n')).toEqual([
      'Title,Year,Rating,WatchedDate,imdbID',
      'The Professional,1994,4.5,2024-02-03,',
      'Heat,1995,,2024-02-04,tt0113277',
      'The Usual Suspects,1995,3,2024-02-06,',
      '',
    ]);
    const back = await readHistoryBytes([{ name: 'reel.csv', bytes: enc(csv) }]);
    const m = matchEntries(IX, back.entries);
    expect(m.map((x) => (x.status === 'matched' ? x.movieId : x.status))).toEqual([293, 6, 50]);
    expect(back.entries.map((x) => x.kind)).toEqual(['rating', 'seen', 'rating']);
  });

  it('writes the films not in the catalogue with their reasons, quoting and guarding cells', async () => {
    const csv = notInCatalogueCsv([
      {
        entry: e('Parasite', 2019, { stars: 5, imdb: 6751668, date: '2020-02-01' }),
        reason: 'MovieLens 1M ends in 2000',
      },
      {
        entry: e('=HYPERLINK("x"), "y"', 2001, { kind: 'watchlist', stars: undefined }),
        reason: 'no film',
      },
    ]);
    const lines = csv.split('\r\n');
    expect(lines[1]).toBe(
      'Parasite,2019,5,2020-02-01,tt6751668,,letterboxd,rating,MovieLens 1M ends in 2000',
    );
    expect(lines[2]).toBe(`"'=HYPERLINK(""x""), ""y""",2001,,,,,letterboxd,watchlist,no film`);
    const back = await readHistoryBytes([{ name: 'later.csv', bytes: enc(csv) }]);
    expect(back.entries.map((x) => [x.title, x.kind, x.stars, x.imdb])).toEqual([
      ['Parasite', 'rating', 5, 6751668],
      ['=HYPERLINK("x"), "y"', 'watchlist', undefined, undefined],
    ]);
  });
});
