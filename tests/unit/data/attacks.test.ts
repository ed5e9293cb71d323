/** Issue #8, items 2-6: bad MovieLens files are refused plainly (or read right), never half-read. */
import { describe, expect, it } from 'vitest';
import { encodeLatin1 } from '../../../src/core/data/latin1';
import {
  MAX_TABLE_BYTES,
  readMovieLensFiles,
  readMovieLensUpload,
  readMovieLensZip,
} from '../../../src/core/data/movielens';
import { GENRES } from '../../../src/core/data/types';
import {
  duplicateRatingFiles,
  mixedLineEndingFiles,
  newlineOnlyFiles,
  utf8MoviesFiles,
  withDeclaredSizes,
  zipBomb,
} from '../../helpers/attacks';
import { errorOf } from '../../helpers/errors';
import { makeFixture, zipDatFiles } from '../../helpers/fixtures';

describe('oversized input (item 2)', () => {
  it('refuses a zip bomb from its declared sizes, before inflating anything', () => {
    const bomb = zipBomb();
    expect(bomb.length).toBeLessThan(100_000);
    const e = errorOf(() => readMovieLensZip(bomb));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/^Unpacked, \w+\.dat holds 1,024 MB, more than the 256 MB/);
  });

  it('refuses entries that fit one by one but not together', () => {
    const { files } = makeFixture({ users: 20 });
    const zip = withDeclaredSizes(zipDatFiles(files), Math.floor(MAX_TABLE_BYTES / 2));
    const e = errorOf(() => readMovieLensUpload({ 'ml-1m.zip': zip }));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/^Unpacked, this zip archive holds 384 MB/);
  });

  it('refuses a .dat file over the limit before decoding it', () => {
    const { files } = makeFixture({ users: 20 });
    const huge = new Uint8Array(MAX_TABLE_BYTES + 1); // zero pages: cheap to allocate
    const e = errorOf(() => readMovieLensFiles({ ...files, 'ratings.dat': huge }));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/^ratings\.dat holds 256 MB, more than/);
  });
});

describe('tables without rows (item 3)', () => {
  it('refuses three .dat files holding only a newline', () => {
    const e = errorOf(() => readMovieLensFiles({ ...newlineOnlyFiles() }));
    expect(e.code).toBe('empty-file');
    expect(e.message).toMatch(/^movies\.dat has no movies, only blank lines\./);
  });

  it('refuses a data set with movies and users but no ratings', () => {
    const { files } = makeFixture({ users: 10 });
    const e = errorOf(() =>
      readMovieLensFiles({ ...files, 'ratings.dat': encodeLatin1('\r\n\n') }),
    );
    expect(e.code).toBe('empty-file');
    expect(e.message).toMatch(/^ratings\.dat has no ratings/);
  });
});

describe('duplicate ratings (item 4)', () => {
  it('refuses a (user, movie) pair rated twice, naming both lines', () => {
    const { files, line, text } = duplicateRatingFiles(3, 5);
    const [user, movie] = text.split('::');
    const e = errorOf(() => readMovieLensFiles({ ...files }));
    expect(e.code).toBe('parse');
    expect(e.message).toMatch(
      new RegExp(
        `^ratings\\.dat line ${line}: user ${user} rates movie ${movie} a second time \\(first on line 3\\)`,
      ),
    );
  });
});

describe('encodings (item 5)', () => {
  it('reads a movies.dat re-saved as UTF-8 with the right titles', () => {
    const fixture = makeFixture({ users: 30 });
    const data = readMovieLensFiles({ ...utf8MoviesFiles() });
    expect(data.movies[0]!.title).toBe('Misérables, Les');
    expect(data.movies).toEqual(fixture.parsed.movies);
  });

  it('still reads real Latin-1 (whose accents are not valid UTF-8)', () => {
    const data = readMovieLensFiles({ ...makeFixture({ users: 30 }).files });
    expect(data.movies[2]!.title).toBe('Señorita Extraviada');
  });
});

describe('line endings (item 6)', () => {
  it('reads a file whose first line ends in LF and the rest in CRLF', () => {
    const fixture = makeFixture({ users: 30 });
    const data = readMovieLensFiles({ ...mixedLineEndingFiles() });
    expect(data).toEqual(fixture.parsed);
    const genres = new Set(data.movies.flatMap((m) => m.genres));
    expect([...genres].sort()).toEqual([...GENRES].sort());
  });
});
