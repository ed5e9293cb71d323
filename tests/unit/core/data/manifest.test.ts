import { describe, expect, it } from 'vitest';
import { ReelError } from '../../../../src/core/errors';
import { MANIFEST_VERSION, manifestBytes, parseManifest } from '../../../../src/core/data/manifest';
import { type Manifest } from '../../../../src/core/data/manifest';

const sha = (c: string) => c.repeat(64);
function valid(): Manifest {
  return {
    version: MANIFEST_VERSION,
    release: 'ml-1m',
    dataVersion: '0123456789abcdef',
    source: 'ml-1m.zip',
    createdAt: '2024-01-01T00:00:00.000Z',
    counts: { ratings: 30, users: 2, movies: 3 },
    files: [
      { name: 'movies-aaa.bin', bytes: 10, sha256: sha('a'), kind: 'movies', rows: 3 },
      { name: 'users-bbb.bin', bytes: 11, sha256: sha('b'), kind: 'users', rows: 2 },
      { name: 'ratings-00-ccc.bin', bytes: 12, sha256: sha('c'), kind: 'ratings', rows: 20 },
      { name: 'ratings-01-ddd.bin', bytes: 13, sha256: sha('d'), kind: 'ratings', rows: 10 },
    ],
  };
}

function codeOf(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ReelError);
    return { code: (e as ReelError).code, message: (e as ReelError).message };
  }
  throw new Error('expected an error');
}

describe('parseManifest', () => {
  it('accepts a valid manifest, as an object or JSON text', () => {
    expect(parseManifest(valid())).toEqual(valid());
    expect(parseManifest(JSON.stringify(valid()))).toEqual(valid());
    expect(manifestBytes(valid())).toBe(46);
  });

  it('drops unknown extra fields', () => {
    const m = { ...valid(), extra: 1 } as unknown;
    expect(parseManifest(m)).toEqual(valid());
  });

  it('rejects an unknown version with manifest-version, in plain words', () => {
    for (const version of [0, MANIFEST_VERSION + 1, 99]) {
      const e = codeOf(() => parseManifest({ ...valid(), version }));
      expect(e.code).toBe('manifest-version');
      expect(e.message).toContain(`format version ${version}`);
      expect(e.message).toContain(`reads format ${MANIFEST_VERSION}`);
    }
    // A future version is reported as such even when the rest of its layout is unknown.
    expect(codeOf(() => parseManifest({ version: 3 })).code).toBe('manifest-version');
  });

  const broken: [string, (m: Record<string, unknown> & Manifest) => unknown][] = [
    ['not JSON', () => '{nope'],
    ['an array', () => []],
    ['null', () => null],
    ['no version', (m) => ({ ...m, version: undefined })],
    ['a string version', (m) => ({ ...m, version: '1' })],
    ['an empty dataVersion', (m) => ({ ...m, dataVersion: '' })],
    ['a bad createdAt', (m) => ({ ...m, createdAt: 'yesterday' })],
    ['no counts', (m) => ({ ...m, counts: undefined })],
    ['a negative count', (m) => ({ ...m, counts: { ...m.counts, users: -2 } })],
    ['a fractional count', (m) => ({ ...m, counts: { ...m.counts, ratings: 1.5 } })],
    ['no files', (m) => ({ ...m, files: [] })],
    ['files not a list', (m) => ({ ...m, files: {} })],
    ['a file name with a slash', (m) => withFile(m, { name: 'a/b.bin' })],
    ['a file name with ..', (m) => withFile(m, { name: '..' })],
    ['a file name like ../x', (m) => withFile(m, { name: '../x.bin' })],
    ['a backslash name', (m) => withFile(m, { name: 'a\\b.bin' })],
    ['an upper-case sha256', (m) => withFile(m, { sha256: 'A'.repeat(64) })],
    ['a short sha256', (m) => withFile(m, { sha256: 'a'.repeat(63) })],
    ['an unknown kind', (m) => withFile(m, { kind: 'posters' })],
    ['zero bytes', (m) => withFile(m, { bytes: 0 })],
    ['missing rows', (m) => withFile(m, { rows: undefined })],
    ['a duplicate name', (m) => ({ ...m, files: [...m.files, m.files[3]] })],
    [
      'two movies files',
      (m) => ({ ...m, files: [...m.files, { ...m.files[0]!, name: 'm2.bin', rows: 0 }] }),
    ],
    [
      'row totals that disagree with counts',
      (m) => ({ ...m, counts: { ...m.counts, ratings: 31 } }),
    ],
  ];
  it.each(broken)('rejects %s with manifest-invalid', (_what, make) => {
    const e = codeOf(() => parseManifest(make(valid() as Record<string, unknown> & Manifest)));
    expect(e.code).toBe('manifest-invalid');
    expect(e.message).toMatch(/^The data's manifest\.json is not valid: /);
  });
});

function withFile(m: Manifest, patch: Record<string, unknown>): unknown {
  return { ...m, files: m.files.map((f, i) => (i === 2 ? { ...f, ...patch } : f)) };
}
