/**
 * The product's one MovieLens reader (readMovieLens) over bytes held in memory, for tests: the
 * browser and `npm run data` hand it ByteSources of files instead.
 */
import { ReelError } from '../../src/core/errors';
import { HOW_TO, readMovieLens, type ParsedMovieLens } from '../../src/core/data/movielens';
import { type ReadOptions } from '../../src/core/data/movielens';
import { bytesSource, isZipMagic } from '../../src/core/data/source';

/** Reads a zip held in memory (refused plainly when the bytes are not a zip). */
export function readMovieLensZip(bytes: Uint8Array, opts?: ReadOptions): Promise<ParsedMovieLens> {
  if (bytes.length > 0 && !isZipMagic(bytes))
    return Promise.reject(
      new ReelError('not-movielens', `This file is not a zip archive. ${HOW_TO}`),
    );
  return readMovieLens([bytesSource('The zip archive', bytes)], opts);
}

/** Reads tables (or zips) held in memory, by any names, as a user's chosen files. */
export function readMovieLensFiles(
  files: Record<string, Uint8Array>,
  opts?: ReadOptions,
): Promise<ParsedMovieLens> {
  return readMovieLens(
    Object.entries(files).map(([name, bytes]) => bytesSource(name, bytes)),
    opts,
  );
}
