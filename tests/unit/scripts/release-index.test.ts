import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseManifest } from '../../../src/core/data/manifest';
import { parseReleaseIndex, releaseIndexOf } from '../../../src/core/data/releaseIndex';
import { RELEASE_INDEX_VERSION } from '../../../src/core/data/releaseIndex';
import { prepareData } from '../../../scripts/prepare-data';
import { scanReleases } from '../../../scripts/lib/release-index';
import { makeFixture, makeReleaseFixture, zipDatFiles } from '../../../scripts/lib/fixtures';
import { zipRelease } from '../../../scripts/lib/fixtures';
import { errorOf } from '../../helpers/errors';

const quiet = { log: () => {}, progress: false };
let work = '';
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'reel-index-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

async function prepare(name: string, zip: Uint8Array, outDir: string) {
  writeFileSync(join(work, name), zip);
  return prepareData({ ...quiet, from: join(work, name), outDir });
}

describe('the release index (data/index.json)', () => {
  it('npm run data lists every complete release folder beside the one it wrote', async () => {
    const data = join(work, 'data');
    const one = await prepare(
      'ml-1m.zip',
      zipDatFiles(makeFixture({ users: 30 }).files),
      join(data, 'ml-1m'),
    );
    // only one release so far
    let index = parseReleaseIndex(JSON.parse(readFileSync(join(data, 'index.json'), 'utf8')));
    expect(index.releases.map((r) => r.release)).toEqual(['ml-1m']);

    const csv = await prepare(
      'latest.zip',
      zipRelease(makeReleaseFixture('csv'), 'ml-latest-small/'),
      join(data, 'ml-latest-small'),
    );
    index = parseReleaseIndex(JSON.parse(readFileSync(join(data, 'index.json'), 'utf8')));
    expect(index.releases).toEqual([
      {
        release: 'ml-1m',
        dataVersion: one.dataVersion,
        counts: one.counts,
        bytes: one.files.reduce((s, f) => s + f.bytes, 0),
      },
      {
        release: 'ml-latest-small',
        dataVersion: csv.dataVersion,
        counts: csv.counts,
        bytes: csv.files.reduce((s, f) => s + f.bytes, 0),
      },
    ]);
  });

  it('leaves out folders that are incomplete or not named after their release', async () => {
    const data = join(work, 'data');
    const zip = zipDatFiles(makeFixture({ users: 30 }).files);
    const m = await prepare('ml-1m.zip', zip, join(data, 'ml-1m'));
    await prepare('copy.zip', zip, join(data, 'elsewhere')); // an ml-1m set in another folder
    await prepare(
      'again.zip',
      zipRelease(makeReleaseFixture('ml-10m'), 'ml-10M100K/'),
      join(data, 'ml-10m'),
    );
    expect(scanReleases(data).releases.map((r) => r.release)).toEqual(['ml-10m', 'ml-1m']);
    // a shard goes missing: that release is no longer served whole
    const m10 = parseManifest(readFileSync(join(data, 'ml-10m', 'manifest.json'), 'utf8'));
    unlinkSync(join(data, 'ml-10m', m10.files.at(-1)!.name));
    expect(scanReleases(data).releases.map((r) => r.release)).toEqual(['ml-1m']);
    expect(m.release).toBe('ml-1m');
  });

  it('writes no index when the output folder is not named after its release', async () => {
    await prepare('ml-1m.zip', zipDatFiles(makeFixture({ users: 30 }).files), join(work, 'out'));
    expect(() => readFileSync(join(work, 'index.json'))).toThrow();
  });

  it('an empty folder serves nothing', () => {
    expect(scanReleases(join(work, 'none'))).toEqual({
      version: RELEASE_INDEX_VERSION,
      releases: [],
    });
  });

  it('round-trips through JSON and refuses malformed indexes with a typed error', async () => {
    const m = await prepare(
      'a.zip',
      zipDatFiles(makeFixture({ users: 20 }).files),
      join(work, 'o'),
    );
    const index = releaseIndexOf([m]);
    expect(parseReleaseIndex(JSON.parse(JSON.stringify(index)))).toEqual(index);
    expect(errorOf(() => releaseIndexOf([m, m])).code).toBe('internal');
    const r = index.releases[0]!;
    const bad: unknown[] = [
      null,
      [],
      { version: 2, releases: [] },
      { version: 1 },
      { version: 1, releases: [{ ...r, release: '../etc' }] },
      { version: 1, releases: [r, r] },
      { version: 1, releases: [{ ...r, bytes: -1 }] },
      { version: 1, releases: [{ ...r, counts: { ratings: 1, users: 1 } }] },
      { version: 1, releases: [{ ...r, dataVersion: '' }] },
    ];
    for (const json of bad)
      expect(errorOf(() => parseReleaseIndex(json)).code).toBe('manifest-invalid');
  });
});
