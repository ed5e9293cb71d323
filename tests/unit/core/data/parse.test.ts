import { describe, expect, it } from 'vitest';
import { ReelError } from '../../../../src/core/errors';
import { decodeLatin1, encodeLatin1 } from '../../../../src/core/data/latin1';
import { parseMovies, parseUsers, splitTitle } from '../../../../src/core/data/parse';
import { parseRatings } from '../../../helpers/ratings';
import { makeFixture } from '../../../../scripts/lib/fixtures';

function parseError(f: () => unknown): ReelError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ReelError);
    expect((e as ReelError).code).toBe('parse');
    return e as ReelError;
  }
  throw new Error('expected a parse error');
}

describe('parseMovies', () => {
  it('splits title and year, genres into a list, and decodes Latin-1 titles', () => {
    const bytes = encodeLatin1(
      [
        "1::Toy Story (1995)::Animation|Children's|Comedy",
        '73::Misérables, Les (1995)::Drama|Musical',
        '2::Seven (Se7en) (1995)::Crime|Thriller',
        '3::Shawshank "Redemption", The (1994)::Drama',
        '4::No Year::Some New Genre',
        '',
      ].join('\n'),
    );
    expect(bytes.includes(0xe9)).toBe(true);
    const movies = parseMovies(decodeLatin1(bytes));
    expect(movies).toEqual([
      { id: 1, title: 'Toy Story', year: 1995, genres: ['Animation', "Children's", 'Comedy'] },
      { id: 73, title: 'Misérables, Les', year: 1995, genres: ['Drama', 'Musical'] },
      { id: 2, title: 'Seven (Se7en)', year: 1995, genres: ['Crime', 'Thriller'] },
      { id: 3, title: 'Shawshank "Redemption", The', year: 1994, genres: ['Drama'] },
      { id: 4, title: 'No Year', year: null, genres: ['Some New Genre'] },
    ]);
  });

  it('reports the first bad row with file, line and the line itself', () => {
    const text = '1::A (1995)::Drama\n2::B (1996)::\n3::C (1997)::Comedy||Drama\n';
    const e = parseError(() => parseMovies(text));
    expect(e.message).toBe(
      'movies.dat line 2: the genre list has an empty entry, got "2::B (1996)::"',
    );
    expect(parseError(() => parseMovies('1::A::Drama\n1::B::Drama')).message).toMatch(
      /^movies\.dat line 2: MovieID 1 appears twice/,
    );
    expect(parseError(() => parseMovies('x::A::Drama', 'm.dat')).message).toMatch(
      /^m\.dat line 1: MovieID/,
    );
    expect(parseError(() => parseMovies('1::A')).message).toMatch(/expected 3 fields/);
    expect(parseError(() => parseMovies('1:: (1995)::Drama')).message).toMatch(/title is empty/);
  });
});

describe('parseUsers', () => {
  it('parses every field', () => {
    expect(parseUsers('1::F::1::10::48067\n2::M::56::16::98107-2117\n')).toEqual([
      { id: 1, gender: 'F', age: 1, occupation: 10, zip: '48067' },
      { id: 2, gender: 'M', age: 56, occupation: 16, zip: '98107-2117' },
    ]);
  });

  it.each([
    ['1::X::1::10::48067', /Gender must be M or F/],
    ['1::F::17::10::48067', /Age must be one of 1, 18, 25/],
    ['1::F::1::21::48067', /Occupation must be a whole number from 0 to 20/],
    ['1::F::1::10::', /zip code is empty/],
    ['0::F::1::10::48067', /UserID must be a whole number from 1 to 4294967295/],
    ['1::F::1::10', /expected 5 fields/],
  ])('rejects %s', (line, message) => {
    const e = parseError(() => parseUsers(`2::M::56::16::70072\n${line}\n`));
    expect(e.message).toMatch(/^users\.dat line 2: /);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(`got "${line}"`);
  });
});

describe('parseRatings', () => {
  it('fills typed columns in file order', () => {
    const r = parseRatings('1::1193::5::978300760\n1::661::3::978302109\n2::1::1::0\n');
    expect(r.users).toEqual(Uint32Array.from([1, 1, 2]));
    expect(r.movies).toEqual(Uint32Array.from([1193, 661, 1]));
    expect(r.ratings).toEqual(Float32Array.from([5, 3, 1]));
    expect(r.timestamps).toEqual(Uint32Array.from([978300760, 978302109, 0]));
  });

  it('accepts CRLF line ends and several trailing blank lines, and empty input', () => {
    const r = parseRatings('1::2::3::4\r\n5::6::4::8\r\n\r\n');
    expect([...r.users]).toEqual([1, 5]);
    expect([...r.timestamps]).toEqual([4, 8]);
    expect(parseRatings('').users.length).toBe(0);
  });

  it.each([
    ['1::2::6::978300760', /Rating must be a whole number from 1 to 5/],
    ['1::2::0::978300760', /Rating must be/],
    ['1::2::3.5::978300760', /Rating must be/],
    ['1::2::4::-5', /Timestamp must be a whole number/],
    ['1::2::4::97830076.0', /Timestamp/],
    ['1::2::4::4294967296', /Timestamp/],
    ['4294967296::2::4::1', /UserID must be a whole number from 1 to 4294967295/],
    ['1::0::4::1', /MovieID must be/],
    ['1:: 2::4::1', /MovieID must be/],
    ['1::2::4', /expected 4 fields \(UserID::MovieID::Rating::Timestamp\), found 3/],
    ['1::2::4::5::6', /found 5/],
    ['1,2,4,5', /found 1/],
    ['', /the line is empty/],
  ])('rejects %j with file and line number', (line, message) => {
    const text = `1::2::3::4\n1::3::3::5\n${line}\n1::4::3::6\n`;
    const e = parseError(() => parseRatings(text));
    expect(e.message).toMatch(/^ratings\.dat line 3: /);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(`got "${line}"`);
  });

  it('truncates a very long bad line in the message', () => {
    const line = `1::2::3::${'9'.repeat(500)}`;
    const e = parseError(() => parseRatings(line));
    expect(e.message.length).toBeLessThan(200);
    expect(e.message).toContain('…"');
  });

  it('finds the right line number deep in a large file (across parse chunks) and reports progress', () => {
    const { files, parsed } = makeFixture({ users: 2000, ratingsPerUser: 40 });
    const text = decodeLatin1(files['ratings.dat']);
    expect(text.length).toBeGreaterThan(1 << 20); // more than one 1 MB chunk
    const progress: number[][] = [];
    const r = parseRatings(text, 'ratings.dat', (rows, done, total) =>
      progress.push([rows, done, total]),
    );
    expect(r).toEqual(parsed.ratings);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)).toEqual([parsed.ratings.users.length, text.length, text.length]);

    const lines = text.split('\n');
    const bad = lines.length - 10; // 1-based line number of a line near the end
    lines[bad - 1] = '1::2::9::3';
    const e = parseError(() => parseRatings(lines.join('\n')));
    expect(e.message).toBe(
      `ratings.dat line ${bad}: Rating must be a whole number from 1 to 5, got "1::2::9::3"`,
    );
  });
});

describe('splitTitle', () => {
  it('takes the year only from a trailing "(yyyy)"', () => {
    expect(splitTitle('City of Lost Children, The (Cité des enfants perdus, La) (1995)')).toEqual({
      title: 'City of Lost Children, The (Cité des enfants perdus, La)',
      year: 1995,
    });
    expect(splitTitle('1984 (1956)')).toEqual({ title: '1984', year: 1956 });
    expect(splitTitle('Untitled (199)')).toEqual({ title: 'Untitled (199)', year: null });
  });
});
