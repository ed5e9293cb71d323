/**
 * Adversarial MovieLens inputs (issue #8), small enough to generate on every run:
 * - a zip bomb: a small zip whose entries DECLARE 1 GiB each (what a real bomb declares; fflate
 *   reports declared sizes before inflating, which is where Reel must refuse it);
 * - tables holding only a newline; a duplicated (user, movie) rating; movies.dat re-saved as UTF-8;
 *   mixed line endings (first line LF, the rest CRLF).
 */
import { decodeLatin1 } from '../../src/core/data/latin1';
import { makeFixture, zipDatFiles, type DatFiles, type FixtureOptions } from './fixtures';

const GIB = 1024 * 1024 * 1024;

/** `zip` with the uncompressed size of every entry named like a .dat file set to `size`. */
export function withDeclaredSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 46 <= out.length; at++) {
    const sig = view.getUint32(at, true);
    // local file header: size at +22, name length at +26, name at +30
    // central directory header: size at +24, name length at +28, name at +46
    const [sizeAt, lenAt, nameAt] =
      sig === 0x04034b50 ? [22, 26, 30] : sig === 0x02014b50 ? [24, 28, 46] : [0, 0, 0];
    if (!sizeAt) continue;
    const len = view.getUint16(at + lenAt, true);
    const name = decodeLatin1(out.subarray(at + nameAt, at + nameAt + len));
    if (name.endsWith('.dat')) view.setUint32(at + sizeAt, size, true);
  }
  return out;
}

/** A small zip of the fixture whose three tables declare 1 GiB each once unpacked. */
export function zipBomb(opts: FixtureOptions = { users: 20 }): Uint8Array {
  return withDeclaredSizes(zipDatFiles(makeFixture(opts).files), GIB - 1);
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** The three tables, each holding a single newline. */
export function newlineOnlyFiles(): DatFiles {
  return { 'ratings.dat': ascii('\n'), 'movies.dat': ascii('\n'), 'users.dat': ascii('\n') };
}

/** The fixture with ratings.dat line `copy` repeated after line `after` (a second, equal rating). */
export function duplicateRatingFiles(
  copy = 3,
  after = 5,
  opts: FixtureOptions = { users: 30 },
): { files: DatFiles; line: number; text: string } {
  const { files } = makeFixture(opts);
  const lines = decodeLatin1(files['ratings.dat']).split('\n');
  const text = lines[copy - 1]!;
  lines.splice(after, 0, text);
  return { files: { ...files, 'ratings.dat': ascii(lines.join('\n')) }, line: after + 1, text };
}

/** The fixture with movies.dat re-saved as UTF-8 ("Misérables" as the bytes C3 A9). */
export function utf8MoviesFiles(opts: FixtureOptions = { users: 30 }): DatFiles {
  const { files } = makeFixture(opts);
  const utf8 = new TextEncoder().encode(decodeLatin1(files['movies.dat']));
  return { ...files, 'movies.dat': utf8 };
}

/** The fixture with every table's first line ending in LF and all the others in CRLF. */
export function mixedLineEndingFiles(opts: FixtureOptions = { users: 30 }): DatFiles {
  const mix = (bytes: Uint8Array) => {
    const [first, ...rest] = decodeLatin1(bytes).replace(/\n$/, '').split('\n');
    return Uint8Array.from(`${first}\n${rest.join('\r\n')}\r\n`, (c) => c.charCodeAt(0));
  };
  const { files } = makeFixture(opts);
  return {
    'ratings.dat': mix(files['ratings.dat']),
    'movies.dat': mix(files['movies.dat']),
    'users.dat': mix(files['users.dat']),
  };
}
