import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256 } from '../../../../src/core/data/sha256';
import { createRng } from '../../../../src/core/eval/rng';

describe('Sha256 fed in pieces', () => {
  it('equals node:crypto for any length and any way of cutting the input', () => {
    const rng = createRng(11).next;
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 100_003]) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(rng() * 256));
      const want = createHash('sha256').update(bytes).digest('hex');
      expect(new Sha256().update(bytes).hex()).toBe(want);
      const h = new Sha256();
      for (let at = 0; at < n;) {
        const step = 1 + Math.floor(rng() * 200);
        h.update(bytes.subarray(at, at + step));
        at += step;
      }
      expect(h.hex()).toBe(want);
    }
  });
});

describe('dataVersionOf past a million ratings (hashed in pieces)', () => {
  it('gives the hash of the whole columns in one buffer, narrow and wide', async () => {
    const { dataVersionOf } = await import('../../../../src/core/data/dataVersion');
    const rng = createRng(3).next;
    const n = (1 << 20) + 12_345;
    for (const wide of [false, true]) {
      const users = Uint32Array.from({ length: n }, (_, i) => 1 + (i >> 7) + (wide ? 70_000 : 0));
      const movies = Uint32Array.from({ length: n }, () => 1 + Math.floor(rng() * 3000));
      const ratings = Float32Array.from({ length: n }, () =>
        wide ? (1 + Math.floor(rng() * 10)) / 2 : 1 + Math.floor(rng() * 5),
      );
      const timestamps = Uint32Array.from({ length: n }, (_, i) => 9e8 + i);
      const data = {
        release: 'ml-latest',
        movies: [{ id: 1, title: 'A', year: 1999, genres: ['Drama'] }],
        users: [{ id: 1 }],
        ratings: { users, movies, ratings, timestamps },
      };
      const tables = JSON.stringify([
        data.movies.map((m) => [m.id, m.title, m.year, m.genres]),
        data.users.map((u) => [u.id, undefined, undefined, undefined, undefined]),
      ]);
      const ids = wide ? Uint32Array : Uint16Array;
      const h = createHash('sha256').update(`reel-data\n${tables}\n`);
      for (const a of [ids.from(users), ids.from(movies)]) h.update(new Uint8Array(a.buffer));
      h.update(Uint8Array.from(ratings, (r) => (wide ? r * 2 : r)));
      h.update(new Uint8Array(timestamps.buffer));
      const sha = (b: Uint8Array) => Promise.resolve(createHash('sha256').update(b).digest('hex'));
      expect(await dataVersionOf(data, sha)).toBe(h.digest('hex').slice(0, 16));
    }
  });
});
