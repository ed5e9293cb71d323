/**
 * The real MovieLens 1M (tests/helpers/ml1m.ts: ML1M_DIR, ML1M_ZIP or the shared copy); skipped without.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeShard } from '../../../helpers/shards';
import { buildShardSet } from '../../../../src/core/data/shards';
import { manifestBytes } from '../../../../src/core/data/manifest';
import { loadMl1m, ML1M_PATH } from '../../../helpers/ml1m';

describe.skipIf(!ML1M_PATH)('full MovieLens 1M', () => {
  it('parses 1,000,209 / 6,040 / 3,883 and shards them into at most 5,000,000 bytes, exactly', async () => {
    const data = await loadMl1m();
    expect(data.ratings.users.length).toBe(1_000_209);
    expect(data.users.length).toBe(6_040);
    expect(data.movies.length).toBe(3_883);
    expect(data.movies.find((m) => m.id === 73)).toEqual({
      id: 73,
      title: 'Misérables, Les',
      year: 1995,
      genres: ['Drama', 'Musical'],
    });
    const hist = [0, 0, 0, 0, 0];
    for (const r of data.ratings.ratings) hist[r - 1]!++;
    expect(hist).toEqual([56_174, 107_557, 261_197, 348_971, 226_310]);

    const sha256 = async (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const set = await buildShardSet(data, { sha256, source: 'ml-1m' });
    const manifestText = JSON.stringify(set.manifest, null, 2);
    const total = manifestBytes(set.manifest) + manifestText.length + 1;
    expect(total).toBeLessThanOrEqual(5_000_000);

    let at = 0;
    for (const f of set.files) {
      const d = decodeShard(f.bytes, f.name);
      if (d.kind !== 'ratings') continue;
      const n = d.ratings.users.length;
      for (const k of ['users', 'movies', 'ratings', 'timestamps'] as const) {
        const want = data.ratings[k];
        const got = d.ratings[k];
        let mismatches = 0;
        for (let i = 0; i < n; i++) if (got[i] !== want[at + i]) mismatches++;
        expect(mismatches, `${f.name} ${k}`).toBe(0);
      }
      at += n;
    }
    expect(at).toBe(1_000_209);
  });
});
