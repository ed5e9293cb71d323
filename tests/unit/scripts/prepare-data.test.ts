import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, beforeEach, afterEach } from 'vitest';
import { parseManifest } from '../../../src/core/data/manifest';
import { decodeShard } from '../../helpers/shards';
import type { RatingColumns } from '../../../src/core/data/types';
import { md5Hex, sha256Hex } from '../../../scripts/lib/checksum';
import { prepareData, releaseUrl, shardsPresent } from '../../../scripts/prepare-data';
import { makeFixture, makeReleaseFixture, malformedFiles } from '../../../scripts/lib/fixtures';
import { zipDatFiles, zipRelease } from '../../../scripts/lib/fixtures';
import { rejection } from '../../helpers/errors';
import { lyingZipBomb, newlineOnlyFiles, zeroBomb, zipBomb } from '../../../scripts/lib/attacks';

const quiet = { log: () => {}, progress: false };
const fixture = makeFixture({ users: 120 });
const zip = zipDatFiles(fixture.files);

/**
 * Serves `zips` as a GroupLens folder for the describe block it is called in: at /good/ with
 * their published checksums, at /tampered/ with wrong ones. `requests` logs every path asked for.
 */
function serveReleases(zips: Record<string, Uint8Array>): { base: string; requests: string[] } {
  const served = { base: '', requests: [] as string[] };
  const routes: Record<string, string | Uint8Array> = {};
  for (const [name, bytes] of Object.entries(zips)) {
    routes[`/good/${name}`] = bytes;
    routes[`/good/${name}.md5`] = `MD5 (${name}) = ${md5Hex(bytes)}\n`;
    routes[`/tampered/${name}`] = bytes;
    routes[`/tampered/${name}.md5`] = `MD5 (${name}) = ${md5Hex(new Uint8Array([1]))}\n`;
  }
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      served.requests.push(req.url ?? '');
      const body = routes[req.url ?? ''];
      if (body === undefined) res.writeHead(404).end();
      else res.writeHead(200).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    served.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  return served;
}
let work = '';

/** Reads an output folder back: the manifest, each file checked, ratings concatenated. */
function readBack(dir: string) {
  const manifest = parseManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const ratings: RatingColumns[] = [];
  for (const f of manifest.files) {
    const bytes = new Uint8Array(readFileSync(join(dir, f.name)));
    expect(bytes.length).toBe(f.bytes);
    expect(sha256Hex(bytes)).toBe(f.sha256);
    const d = decodeShard(bytes, f.name);
    if (d.kind === 'ratings') ratings.push(d.ratings);
    if (d.kind === 'movies') expect(d.movies).toEqual(fixture.parsed.movies);
    if (d.kind === 'users') expect(d.users).toEqual(fixture.parsed.users);
  }
  const users = ratings.flatMap((r) => [...r.users]);
  const timestamps = ratings.flatMap((r) => [...r.timestamps]);
  expect(users).toEqual([...fixture.parsed.ratings.users]);
  expect(timestamps).toEqual([...fixture.parsed.ratings.timestamps]);
  return { manifest, names: readdirSync(dir).sort() };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'reel-prepare-'));
  writeFileSync(join(work, 'ml-1m.zip'), zip);
  mkdirSync(join(work, 'dat'));
  for (const [name, bytes] of Object.entries(fixture.files))
    writeFileSync(join(work, 'dat', name), bytes);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('prepareData', () => {
  it('builds shards from a zip; the output reads back exactly', async () => {
    const out = join(work, 'out-zip');
    const manifest = await prepareData({
      ...quiet,
      from: join(work, 'ml-1m.zip'),
      outDir: out,
      ratingShards: 3,
    });
    expect(manifest.source).toBe('ml-1m.zip');
    expect(manifest.counts.ratings).toBe(fixture.parsed.ratings.users.length);
    const { names } = readBack(out);
    expect(names).toEqual([...manifest.files.map((f) => f.name), 'manifest.json'].sort());
    expect(shardsPresent(out)).toBe(true);
    expect(readdirSync(work).filter((n) => n.includes('.tmp-') || n.includes('.old-'))).toEqual([]);
  });

  it('builds the same data from a folder of .dat files, replacing older output cleanly', async () => {
    const out = join(work, 'out-dir');
    mkdirSync(out);
    writeFileSync(join(out, 'stale-shard.bin'), 'old');
    const fromZip = await prepareData({
      ...quiet,
      from: join(work, 'ml-1m.zip'),
      outDir: join(work, 'z2'),
    });
    const manifest = await prepareData({ ...quiet, from: join(work, 'dat'), outDir: out });
    expect(manifest.dataVersion).toBe(fromZip.dataVersion);
    expect(readBack(out).names).not.toContain('stale-shard.bin');
  });

  it('uses env ML1M_ZIP when there is no --from', async () => {
    const out = join(work, 'out-env');
    const before = process.env.ML1M_ZIP;
    process.env.ML1M_ZIP = join(work, 'ml-1m.zip');
    try {
      await prepareData({ ...quiet, outDir: out });
    } finally {
      if (before === undefined) delete process.env.ML1M_ZIP;
      else process.env.ML1M_ZIP = before;
    }
    expect(shardsPresent(out)).toBe(true);
  });

  it('leaves existing output untouched when the input is bad', async () => {
    const out = join(work, 'out-keep');
    await prepareData({ ...quiet, from: join(work, 'ml-1m.zip'), outDir: out });
    const before = readdirSync(out).sort();
    const bad = join(work, 'bad.zip');
    writeFileSync(bad, zipDatFiles(malformedFiles(9, { users: 120 }).files));
    const e = await rejection(prepareData({ ...quiet, from: bad, outDir: out }));
    expect(e.code).toBe('parse');
    expect(e.message).toMatch(/^ratings\.dat line 9: /);
    expect(readdirSync(out).sort()).toEqual(before);
    expect(shardsPresent(out)).toBe(true);
    const nothing = join(work, 'out-never');
    await expect(prepareData({ ...quiet, from: bad, outDir: nothing })).rejects.toThrow();
    expect(existsSync(nothing)).toBe(false);
  });

  describe('download', () => {
    const served = serveReleases({ 'ml-1m.zip': zip });
    // A local copy named by env ML1M_ZIP (as CI sets) would take precedence over downloading.
    const savedZip = process.env.ML1M_ZIP;
    beforeEach(() => {
      delete process.env.ML1M_ZIP;
    });
    afterEach(() => {
      if (savedZip !== undefined) process.env.ML1M_ZIP = savedZip;
    });

    it('downloads, verifies the published MD5 and builds', async () => {
      const out = join(work, 'out-dl');
      const manifest = await prepareData({
        ...quiet,
        url: `${served.base}/good/ml-1m.zip`,
        outDir: out,
      });
      expect(manifest.source).toBe(`${served.base}/good/ml-1m.zip`);
      readBack(out);
    });

    it('writes nothing when the checksum does not match', async () => {
      const out = join(work, 'out-tampered');
      const e = await rejection(
        prepareData({ ...quiet, url: `${served.base}/tampered/ml-1m.zip`, outDir: out }),
      );
      expect(e.code).toBe('checksum');
      expect(existsSync(out)).toBe(false);
    });

    it('fails in one plain line when offline', async () => {
      const out = join(work, 'out-offline');
      const e = await rejection(
        prepareData({ ...quiet, url: 'http://127.0.0.1:1/ml-1m.zip', outDir: out }),
      );
      expect(e.code).toBe('network');
      expect(e.message).toMatch(/^Could not download ml-1m\.zip from 127\.0\.0\.1:1: \S/);
      expect(existsSync(out)).toBe(false);
    });
  });
});

describe('shardsPresent', () => {
  it('is false for a missing folder, a missing or resized file, or a broken manifest', async () => {
    const out = join(work, 'out-present');
    expect(shardsPresent(out)).toBe(false);
    const manifest = await prepareData({ ...quiet, from: join(work, 'ml-1m.zip'), outDir: out });
    expect(shardsPresent(out)).toBe(true);
    const victim = join(out, manifest.files[2]!.name);
    const bytes = readFileSync(victim);
    writeFileSync(victim, bytes.subarray(1));
    expect(shardsPresent(out)).toBe(false);
    rmSync(victim);
    expect(shardsPresent(out)).toBe(false);
    writeFileSync(victim, bytes);
    expect(shardsPresent(out)).toBe(true);
    writeFileSync(join(out, 'manifest.json'), '{"version":1}');
    expect(shardsPresent(out)).toBe(false);
  });
});

describe('npm run data (CLI)', () => {
  it('prints one plain error line and exits 1 on bad input', async () => {
    const run = promisify(execFile);
    const e = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/prepare-data.ts',
        '--from',
        join(work, 'nope.zip'),
        '--out',
        join(work, 'cli'),
      ],
      { cwd: join(__dirname, '../../..') },
    ).catch((err: { code: number; stderr: string }) => err);
    expect((e as { code: number }).code).toBe(1);
    expect((e as { stderr: string }).stderr.trim()).toBe(
      `npm run data: There is no file or folder at ${join(work, 'nope.zip')}.`,
    );
  });

  it('exits 1 and writes nothing for tables holding only a newline, or a zip bomb', async () => {
    const run = promisify(execFile);
    const blank = join(work, 'blank');
    mkdirSync(blank);
    for (const [name, bytes] of Object.entries(newlineOnlyFiles()))
      writeFileSync(join(blank, name), bytes);
    writeFileSync(join(work, 'bomb.zip'), zipBomb());
    // bombs that really inflate: refused after inflating only their heads or their declared rows
    writeFileSync(join(work, 'zero-bomb.zip'), zeroBomb());
    writeFileSync(join(work, 'lying-bomb.zip'), lyingZipBomb().zip);
    const cases: [string, RegExp][] = [
      [blank, /^npm run data: movies\.dat has no movies, only blank lines\./],
      [join(work, 'bomb.zip'), /^npm run data: The movies table movies\.dat holds 1,024 MB/],
      [join(work, 'zero-bomb.zip'), /^npm run data: This zip archive has no ratings table/],
      [
        join(work, 'lying-bomb.zip'),
        /^npm run data: \w+\.dat in the zip archive unpacks to more than the [\d,]+ bytes it declares; it is refused as a zip bomb/,
      ],
    ];
    for (const [from, message] of cases) {
      const out = join(work, 'cli-attack');
      const e = await run(
        process.execPath,
        ['--import', 'tsx', 'scripts/prepare-data.ts', '--from', from, '--out', out],
        { cwd: join(__dirname, '../../..') },
      ).catch((err: { code: number; stderr: string }) => err);
      expect((e as { code: number }).code).toBe(1);
      expect((e as { stderr: string }).stderr.trim()).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('npm run data -- --release (CLI, issue #10)', () => {
  const ml100k = makeReleaseFixture('ml-100k');
  const latest = makeReleaseFixture('csv');
  const zips: Record<string, Uint8Array> = {
    'ml-100k.zip': zipRelease(ml100k, 'ml-100k/'),
    'ml-latest-small.zip': zipRelease(latest, 'ml-latest-small/'),
  };
  const served = serveReleases(zips);

  /** Runs the CLI as `npm run data` does, with the GroupLens folder URL pointed at `grouplens`. */
  const cli = (args: string[], grouplens: string) => {
    const env: NodeJS.ProcessEnv = { ...process.env, REEL_GROUPLENS_URL: grouplens };
    delete env.ML1M_ZIP; // a local copy would take precedence over downloading
    return promisify(execFile)(
      process.execPath,
      // --no-blend: the served blend's training is not what these tests are about
      ['--import', 'tsx', 'scripts/prepare-data.ts', '--no-blend', ...args],
      { cwd: join(__dirname, '../../..'), env },
    ).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
  };

  it('the GroupLens URL is the default; REEL_GROUPLENS_URL replaces only its folder', () => {
    expect(releaseUrl('ml-25m', undefined)).toBe(
      'https://files.grouplens.org/datasets/movielens/ml-25m.zip',
    );
    expect(releaseUrl('ml-25m', 'http://mirror.test/ml')).toBe('http://mirror.test/ml/ml-25m.zip');
  });

  for (const [id, fx] of [
    ['ml-100k', ml100k],
    ['ml-latest-small', latest],
  ] as const) {
    it(`downloads ${id}, checks its MD5 and writes its shards`, async () => {
      const out = join(work, `cli-release-${id}`);
      served.requests.length = 0;
      const r = await cli(['--release', id, '--out', out], `${served.base}/good/`);
      expect(r.stderr.trim()).toBe('');
      expect(r.code).toBe(0);
      expect(served.requests).toEqual(
        expect.arrayContaining([`/good/${id}.zip`, `/good/${id}.zip.md5`]),
      );
      const manifest = parseManifest(readFileSync(join(out, 'manifest.json'), 'utf8'));
      expect(manifest.release).toBe(id);
      expect(manifest.source).toBe(`${served.base}/good/${id}.zip`);
      expect(manifest.counts).toEqual({
        ratings: fx.parsed.ratings.ratings.length,
        users: fx.parsed.users.length,
        movies: fx.parsed.movies.length,
      });
      // the ratings read back exactly: 32-bit ids, and half stars where the release has them
      const ratings: RatingColumns[] = [];
      for (const f of manifest.files) {
        const d = decodeShard(new Uint8Array(readFileSync(join(out, f.name))), f.name);
        if (d.kind === 'ratings') ratings.push(d.ratings);
        if (d.kind === 'movies') expect(d.movies.map((m) => m.id)).toContain(fx.bigMovie);
      }
      expect(ratings.flatMap((c) => [...c.ratings])).toEqual([...fx.parsed.ratings.ratings]);
      expect(ratings.flatMap((c) => [...c.users])).toContain(fx.bigUser);
    });
  }

  it('writes nothing and says so in one line when the MD5 does not match', async () => {
    const out = join(work, 'cli-release-tampered');
    const r = await cli(['--release', 'ml-100k', '--out', out], `${served.base}/tampered/`);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^npm run data: .*ml-100k\.zip/);
    expect(existsSync(out)).toBe(false);
  });

  it('offline: one plain line, exit 1, nothing written', async () => {
    const out = join(work, 'cli-release-offline');
    const r = await cli(['--release', 'ml-latest-small', '--out', out], 'http://127.0.0.1:1/');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^npm run data: Could not download ml-latest-small\.zip from 127\.0\.0\.1:1: [^\n]+$/,
    );
    expect(existsSync(out)).toBe(false);
  });
});
