import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../../src/core/data/manifest';
import { buildShardSet, shardFiles } from '../../../../src/core/data/shards';
import { decodeMovies, decodeRatings, decodeUsers } from '../../../../src/core/data/shardCodec';
import { encodeMovies, encodeRatings, encodeUsers } from '../../../../src/core/data/shardCodec';
import { readShardHeader, SHARD_FORMAT_VERSION } from '../../../../src/core/data/shardCodec';
import { decodeShard } from '../../../helpers/shards';
import type { RatingColumns } from '../../../../src/core/data/types';
import { corruptShard, makeFixture, truncatedShard } from '../../../../scripts/lib/fixtures';
import { errorOf } from '../../../helpers/errors';
import { createRng } from '../../../../src/core/eval/rng';

const sha256 = async (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Random columns in arbitrary order: users interleaved, timestamps jumping both ways. */
function randomColumns(n: number, seed: number): RatingColumns {
  const rng = createRng(seed).next;
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const c: RatingColumns = {
    users: new Uint32Array(n),
    movies: new Uint32Array(n),
    ratings: new Float32Array(n),
    timestamps: new Uint32Array(n),
  };
  for (let i = 0; i < n; i++) {
    c.users[i] = rng() < 0.7 && i > 0 ? c.users[i - 1]! : int(1, 65535);
    c.movies[i] = int(1, 65535);
    c.ratings[i] = int(1, 5);
    c.timestamps[i] = rng() < 0.1 ? [0, 0xffffffff][int(0, 1)]! : int(0, 0xffffffff);
  }
  return c;
}

describe('ratings codec', () => {
  it('round-trips the fixture exactly, order preserved', () => {
    const { parsed } = makeFixture();
    const bytes = encodeRatings(parsed.ratings);
    expect(decodeRatings(bytes)).toEqual(parsed.ratings);
    expect(bytes.length).toBeLessThan((parsed.ratings.users.length * 9) / 2); // < half the raw columns
  });

  it('round-trips arbitrary order and extreme values (ids 1 and 65535, timestamps 0 and 2^32-1)', () => {
    for (const seed of [1, 2, 3]) {
      const cols = randomColumns(5000, seed);
      const back = decodeRatings(encodeRatings(cols));
      expect(back).toEqual(cols);
    }
    const edge: RatingColumns = {
      users: Uint32Array.from([65535, 1, 65535, 65535]),
      movies: Uint32Array.from([1, 65535, 256, 255]),
      ratings: Float32Array.from([1, 5, 3, 2]),
      timestamps: Uint32Array.from([0xffffffff, 0, 0xffffffff, 0]),
    };
    expect(decodeRatings(encodeRatings(edge))).toEqual(edge);
  });

  it('round-trips zero rows, and encodes deterministically', () => {
    const empty: RatingColumns = {
      users: new Uint32Array(0),
      movies: new Uint32Array(0),
      ratings: new Float32Array(0),
      timestamps: new Uint32Array(0),
    };
    expect(decodeRatings(encodeRatings(empty))).toEqual(empty);
    const { parsed } = makeFixture({ users: 30 });
    expect(encodeRatings(parsed.ratings)).toEqual(encodeRatings(parsed.ratings));
  });

  it('encodes subarray views like the copies they show', () => {
    const { parsed } = makeFixture({ users: 40 });
    const r = parsed.ratings;
    const view = {
      users: r.users.subarray(100, 900),
      movies: r.movies.subarray(100, 900),
      ratings: r.ratings.subarray(100, 900),
      timestamps: r.timestamps.subarray(100, 900),
    };
    expect(decodeRatings(encodeRatings(view))).toEqual({
      users: r.users.slice(100, 900),
      movies: r.movies.slice(100, 900),
      ratings: r.ratings.slice(100, 900),
      timestamps: r.timestamps.slice(100, 900),
    });
  });
});

describe('movies and users codecs', () => {
  it('round-trip the fixture tables, Unicode titles included', () => {
    const { parsed } = makeFixture();
    expect(decodeMovies(encodeMovies(parsed.movies))).toEqual(parsed.movies);
    expect(decodeUsers(encodeUsers(parsed.users))).toEqual(parsed.users);
    const odd = [
      { id: 9, title: 'Misérables, Les — “€” 日本', year: null, genres: ['Unknown Genre'] },
      { id: 65535, title: 'x', year: 1895, genres: [] },
    ];
    expect(decodeMovies(encodeMovies(odd))).toEqual(odd);
  });
});

describe('damaged and foreign shards', () => {
  const { parsed } = makeFixture({ users: 50 });
  const ratings = encodeRatings(parsed.ratings);

  it('detect a flipped byte, a cut-short file and a non-shard as checksum errors', () => {
    for (const bad of [
      corruptShard(ratings),
      truncatedShard(ratings),
      truncatedShard(ratings, 10),
    ]) {
      const e = errorOf(() => decodeRatings(bad, 'ratings-03.bin'));
      expect(e.code).toBe('checksum');
      expect(e.message).toMatch(/^The data file ratings-03\.bin is damaged/);
    }
    const e = errorOf(() => decodeShard(new TextEncoder().encode('<!doctype html><html></html>')));
    expect(e.code).toBe('checksum');
    expect(e.message).toContain('not a Reel data shard');
  });

  it('detect a shard of the wrong kind', () => {
    const e = errorOf(() => decodeMovies(ratings, 'movies.bin'));
    expect(e.code).toBe('checksum');
    expect(e.message).toContain('holds ratings, not movies');
  });

  it('report an unknown shard format version as manifest-version', () => {
    const future = ratings.slice();
    future[5] = SHARD_FORMAT_VERSION + 1;
    expect(errorOf(() => decodeRatings(future)).code).toBe('manifest-version');
  });

  it('expose the header', () => {
    expect(readShardHeader(ratings)).toEqual({
      kind: 'ratings',
      version: SHARD_FORMAT_VERSION,
      rows: parsed.ratings.users.length,
      bodyBytes: expect.any(Number),
    });
  });
});

describe('buildShardSet', () => {
  it('splits ratings into row ranges whose concatenation is the original, with a valid manifest', async () => {
    const { parsed } = makeFixture();
    const set = await buildShardSet(parsed, { sha256, source: 'fixture', ratingShards: 7 });
    const m = parseManifest(JSON.parse(JSON.stringify(set.manifest)));
    expect(m.counts).toEqual({ ratings: parsed.ratings.users.length, users: 400, movies: 300 });
    expect(m.files.map((f) => f.kind)).toEqual(['movies', 'users', ...Array(7).fill('ratings')]);
    expect(set.files.map((f) => f.name)).toEqual(m.files.map((f) => f.name));

    const parts: RatingColumns[] = [];
    for (const [i, f] of set.files.entries()) {
      expect(m.files[i]!.bytes).toBe(f.bytes.length);
      expect(m.files[i]!.sha256).toBe(await sha256(f.bytes));
      expect(f.name).toContain(m.files[i]!.sha256.slice(0, 12));
      const d = decodeShard(f.bytes, f.name);
      expect(d.kind).toBe(m.files[i]!.kind);
      if (d.kind === 'ratings') {
        expect(d.ratings.users.length).toBe(m.files[i]!.rows);
        parts.push(d.ratings);
      }
      if (d.kind === 'movies') expect(d.movies).toEqual(parsed.movies);
      if (d.kind === 'users') expect(d.users).toEqual(parsed.users);
    }
    const joined = (k: keyof RatingColumns) => parts.flatMap((p) => [...p[k]]);
    expect(joined('users')).toEqual([...parsed.ratings.users]);
    expect(joined('movies')).toEqual([...parsed.ratings.movies]);
    expect(joined('ratings')).toEqual([...parsed.ratings.ratings]);
    expect(joined('timestamps')).toEqual([...parsed.ratings.timestamps]);
  });

  it('gives a dataVersion that follows the content, not the sharding or the build time', async () => {
    const { parsed } = makeFixture({ users: 60 });
    const a = await buildShardSet(parsed, { sha256, source: 'a', ratingShards: 3 });
    const b = await buildShardSet(parsed, {
      sha256,
      source: 'b',
      ratingShards: 5,
      createdAt: new Date(0),
      level: 1,
    });
    expect(b.files[2]!.bytes.length).not.toBe(a.files[2]!.bytes.length);
    expect(a.manifest.dataVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(b.manifest.dataVersion).toBe(a.manifest.dataVersion);
    const changed = {
      ...parsed,
      ratings: { ...parsed.ratings, ratings: parsed.ratings.ratings.slice() },
    };
    changed.ratings.ratings[0] = (changed.ratings.ratings[0]! % 5) + 1;
    const c = await buildShardSet(changed, { sha256, source: 'a', ratingShards: 3 });
    expect(c.manifest.dataVersion).not.toBe(a.manifest.dataVersion);
    const renamed = {
      ...parsed,
      movies: parsed.movies.map((m, i) => (i ? m : { ...m, title: 'X' })),
    };
    const d = await buildShardSet(renamed, { sha256, source: 'a', ratingShards: 3 });
    expect(d.manifest.dataVersion).not.toBe(a.manifest.dataVersion);
  });

  it('keeps at least one ratings shard and never more shards than rows', async () => {
    const { parsed } = makeFixture({ users: 5, movies: 30, ratingsPerUser: 5 });
    const n = parsed.ratings.users.length;
    const set = await buildShardSet(parsed, { sha256, source: 's', ratingShards: n + 50 });
    const rows = set.manifest.files.filter((f) => f.kind === 'ratings').map((f) => f.rows);
    expect(rows.length).toBe(n);
    expect(rows.every((r) => r === 1)).toBe(true);
    for (const ratingShards of [0, 1, 3, Math.ceil(n / 2) + 1, n - 1]) {
      const s = await buildShardSet(parsed, { sha256, source: 's', ratingShards });
      const r = s.manifest.files.filter((f) => f.kind === 'ratings').map((f) => f.rows);
      expect(r.reduce((a, b) => a + b, 0)).toBe(n);
      expect(r.every((x) => x > 0)).toBe(true);
      expect(r.length).toBeLessThanOrEqual(Math.max(1, ratingShards));
    }
  });
});

describe('shardFiles (the writer the import and the server build share)', () => {
  it('splits by rows per shard and hashes each file as buildShardSet lists it', async () => {
    const { parsed } = makeFixture({ users: 30, movies: 40, ratingsPerUser: 10 });
    const n = parsed.ratings.users.length;
    const set = await buildShardSet(parsed, { sha256, source: 's', rowsPerShard: 70 });
    const ratings = set.manifest.files.filter((f) => f.kind === 'ratings');
    expect(ratings.map((f) => f.rows)).toEqual(
      Array.from({ length: Math.ceil(n / 70) }, (_, i) => Math.min(70, n - i * 70)),
    );
    const made = [];
    for await (const f of shardFiles(parsed, { sha256, source: 's', rowsPerShard: 70 }))
      made.push(f);
    expect(made.map((f) => f.file)).toEqual(set.manifest.files);
    expect(made.filter((f) => f.file.kind === 'ratings').map((f) => f.firstRow)).toEqual(
      ratings.map((_, i) => i * 70),
    );
    for (const f of made) {
      expect(f.file.bytes).toBe(f.bytes.length);
      expect(f.file.sha256).toBe(await sha256(f.bytes));
    }
  });
});
