/** Issue #8, items 2-6: bad MovieLens files are refused plainly (or read right), never half-read. */
import { describe, expect, it } from 'vitest';
import { encodeLatin1 } from '../../../../src/core/data/latin1';
import { MAX_TABLE_BYTES } from '../../../../src/core/data/movielens';
import { readMovieLensFiles, readMovieLensZip } from '../../../helpers/movielens';
import { GENRES } from '../../../../src/core/data/types';
import { duplicateRatingFiles, mixedLineEndingFiles } from '../../../../scripts/lib/attacks';
import { newlineOnlyFiles, utf8MoviesFiles } from '../../../../scripts/lib/attacks';
import { withDeclaredSizes, zipBomb } from '../../../../scripts/lib/attacks';
import { rejection } from '../../../helpers/errors';
import { makeFixture, zipDatFiles } from '../../../../scripts/lib/fixtures';

describe('oversized input (item 2)', async () => {
  it('refuses a zip bomb from its declared sizes, before inflating anything', async () => {
    const bomb = zipBomb();
    expect(bomb.length).toBeLessThan(100_000);
    const e = await rejection(readMovieLensZip(bomb));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/^The movies table movies\.dat holds 1,024 MB, more than the 64 MB/);
  });

  it('refuses entries that unpack to a different size than they declare', async () => {
    const { files } = makeFixture({ users: 20 });
    const zip = withDeclaredSizes(zipDatFiles(files), Math.floor(MAX_TABLE_BYTES / 2));
    const e = await rejection(readMovieLensFiles({ 'ml-1m.zip': zip }));
    expect(e.code).toBe('not-movielens');
    expect(e.message).toMatch(/damaged \(it unpacks to a different size than it declares\)/);
  });

  it('refuses a table over the limit before decoding it', async () => {
    const { files } = makeFixture({ users: 20 });
    const limits = { tableBytes: 1000, ratingsBytes: 1 << 30 };
    const e = await rejection(readMovieLensFiles({ ...files }, { limits }));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/^The movies table movies\.dat is too large, more than the 0 MB/);
  });
});

describe('tables without rows (item 3)', async () => {
  it('refuses three .dat files holding only a newline', async () => {
    const e = await rejection(readMovieLensFiles({ ...newlineOnlyFiles() }));
    expect(e.code).toBe('empty-file');
    expect(e.message).toMatch(/^movies\.dat has no movies, only blank lines\./);
  });

  it('refuses a data set with movies and users but no ratings', async () => {
    const { files } = makeFixture({ users: 10 });
    const e = await rejection(
      readMovieLensFiles({ ...files, 'ratings.dat': encodeLatin1('\r\n\n') }),
    );
    expect(e.code).toBe('empty-file');
    expect(e.message).toMatch(/^ratings\.dat has no ratings/);
  });
});

describe('duplicate ratings (item 4)', async () => {
  it('refuses a (user, movie) pair rated twice, naming both lines', async () => {
    const { files, line, text } = duplicateRatingFiles(3, 5);
    const [user, movie] = text.split('::');
    const e = await rejection(readMovieLensFiles({ ...files }));
    expect(e.code).toBe('parse');
    expect(e.message).toMatch(
      new RegExp(
        `^ratings\\.dat line ${line}: user ${user} rates movie ${movie} a second time \\(first on line 3\\)`,
      ),
    );
  });
});

describe('encodings (item 5)', async () => {
  it('reads a movies.dat re-saved as UTF-8 with the right titles', async () => {
    const fixture = makeFixture({ users: 30 });
    const data = await readMovieLensFiles({ ...utf8MoviesFiles() });
    expect(data.movies[0]!.title).toBe('Misérables, Les');
    expect(data.movies).toEqual(fixture.parsed.movies);
  });

  it('still reads real Latin-1 (whose accents are not valid UTF-8)', async () => {
    const data = await readMovieLensFiles({ ...makeFixture({ users: 30 }).files });
    expect(data.movies[2]!.title).toBe('Señorita Extraviada');
  });
});

describe('line endings (item 6)', async () => {
  it('reads a file whose first line ends in LF and the rest in CRLF', async () => {
    const fixture = makeFixture({ users: 30 });
    const data = await readMovieLensFiles({ ...mixedLineEndingFiles() });
    expect(data).toEqual(fixture.parsed);
    const genres = new Set(data.movies.flatMap((m) => m.genres));
    expect([...genres].sort()).toEqual([...GENRES].sort());
  });
});
