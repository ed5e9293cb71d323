import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeLatin1 } from '../../../../src/core/data/latin1';
import type { ReadProgress } from '../../../../src/core/data/movielens';
import { readMovieLensFiles, readMovieLensZip } from '../../../helpers/movielens';
import { emptyFile, makeFixture, makeFixtureZip } from '../../../../scripts/lib/fixtures';
import { malformedFiles, notMovieLensZip, replaceLine } from '../../../../scripts/lib/fixtures';
import { zipDatFiles } from '../../../../scripts/lib/fixtures';
import { rejection } from '../../../helpers/errors';

describe('readMovieLensZip', async () => {
  it('reads a zip laid out like the official one, with progress', async () => {
    const fixture = makeFixture();
    const progress: ReadProgress[] = [];
    const data = await readMovieLensZip(makeFixtureZip(), { onProgress: (p) => progress.push(p) });
    expect(data).toEqual(fixture.parsed);
    expect(data.movies[0]!.title).toBe('Misérables, Les');
    expect(data.movies[1]!.title).toBe('Cité des enfants perdus, La');
    expect(progress[0]).toEqual({ phase: 'unzip', done: 0, total: 1 });
    expect(progress).toContainEqual({ phase: 'unzip', done: 1, total: 1 });
    const last = progress.at(-1)!;
    expect(last.phase).toBe('parse');
    expect(last.file).toBe('ratings.dat');
    expect(last.done).toBe(last.total);
  });

  it('finds the tables at the top level or in any folder, ignoring macOS resource forks', async () => {
    const { files, parsed } = makeFixture({ users: 20 });
    expect(await readMovieLensZip(zipDatFiles(files, ''))).toEqual(parsed);
    const withJunk = zipSync({
      '__MACOSX/ml-1m/._ratings.dat': new Uint8Array([0, 1, 2]),
      'ml-1m/._movies.dat': new Uint8Array([0, 1, 2]),
      'data/ml-1m/ratings.dat': files['ratings.dat'],
      'data/ml-1m/movies.dat': files['movies.dat'],
      'data/ml-1m/users.dat': files['users.dat'],
    });
    expect(await readMovieLensZip(withJunk)).toEqual(parsed);
  });

  it('says plainly when the file is empty, not a zip, or a zip without MovieLens tables', async () => {
    expect((await rejection(readMovieLensZip(emptyFile()))).code).toBe('empty-file');
    const notZip = await rejection(readMovieLensZip(encodeLatin1('hello, world')));
    expect(notZip.code).toBe('not-movielens');
    expect(notZip.message).toMatch(/^This file is not a zip archive\./);
    const other = await rejection(readMovieLensZip(notMovieLensZip()));
    expect(other.code).toBe('not-movielens');
    expect(other.message).toContain('has no ratings table');
    const { files } = makeFixture({ users: 10 });
    const partial = await rejection(
      readMovieLensZip(zipDatFiles({ 'ratings.dat': files['ratings.dat'] })),
    );
    expect(partial.message).toContain('has no movies.dat beside its ratings');
    const broken = makeFixtureZip({ users: 10 }).slice(0, 200);
    expect((await rejection(readMovieLensZip(broken))).code).toBe('not-movielens');
  });

  it('reports an empty table inside the zip', async () => {
    const { files } = makeFixture({ users: 10 });
    const e = await rejection(
      readMovieLensZip(zipDatFiles({ ...files, 'users.dat': emptyFile() })),
    );
    expect(e.code).toBe('empty-file');
    expect(e.message).toMatch(/^users\.dat is empty/);
  });

  it('reports a malformed line with file and line number', async () => {
    const { files, line, text } = malformedFiles(7);
    const e = await rejection(readMovieLensZip(zipDatFiles(files)));
    expect(e.code).toBe('parse');
    expect(e.message).toBe(
      `ratings.dat line ${line}: Rating must be a whole number from 1 to 5, got "${text}"`,
    );
  });
});

describe('readMovieLensFiles', async () => {
  it('reads the three tables picked directly, by name or path', async () => {
    const { files, parsed } = makeFixture({ users: 30 });
    expect(await readMovieLensFiles(files)).toEqual(parsed);
    expect(
      await readMovieLensFiles({
        'x/RATINGS.DAT': files['ratings.dat'],
        'x/movies.dat': files['movies.dat'],
        'x/users.dat': files['users.dat'],
        'x/README': new Uint8Array([1]),
      }),
    ).toEqual(parsed);
  });

  it('names what is missing', async () => {
    const { files } = makeFixture({ users: 10 });
    const e = await rejection(readMovieLensFiles({ 'movies.dat': files['movies.dat'] }));
    expect(e.code).toBe('not-movielens');
    expect(e.message).toMatch(/^The files chosen have no ratings table/);
  });

  it('cross-checks that every rating names a known user and movie', async () => {
    const { files } = makeFixture({ users: 10 });
    const unknownMovie = replaceLine(files['ratings.dat'], 5, '3::9999::4::978300760');
    const e = await rejection(readMovieLensFiles({ ...files, 'ratings.dat': unknownMovie }));
    expect(e.code).toBe('parse');
    expect(e.message).toBe(
      'ratings.dat line 5: movie 9999 is not in movies.dat, got "3::9999::4::978300760"',
    );
    const unknownUser = replaceLine(files['ratings.dat'], 2, '4000::1::4::978300760');
    expect(
      (await rejection(readMovieLensFiles({ ...files, 'ratings.dat': unknownUser }))).message,
    ).toMatch(/^ratings\.dat line 2: user 4000 is not in users\.dat/);
  });
});

describe('readMovieLensFiles (what a user chooses: a zip or its files)', async () => {
  it('takes one zip or the .dat files', async () => {
    const { files, parsed } = makeFixture({ users: 15 });
    expect(await readMovieLensFiles({ 'ml-1m.zip': zipDatFiles(files) })).toEqual(parsed);
    expect(await readMovieLensFiles({ ...files })).toEqual(parsed);
    expect((await rejection(readMovieLensFiles({ 'ml-1m.zip': emptyFile() }))).code).toBe(
      'empty-file',
    );
    expect(
      (await rejection(readMovieLensFiles({ 'photo.jpg': new Uint8Array([0xff, 0xd8]) }))).code,
    ).toBe('not-movielens');
    expect((await rejection(readMovieLensFiles({ 'notes.zip': notMovieLensZip() }))).code).toBe(
      'not-movielens',
    );
  });
});
