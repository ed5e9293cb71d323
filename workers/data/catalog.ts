/**
 * What the UI ranks with: the active movies with their rating counts, and counts among raters of
 * given demographics. Counting is one pass over the stored shards with the one rating counter
 * (core/features/tiers.ts), never all ratings in memory at once. The tables and the catalogue's
 * counts are read once per data version and kept by `CatalogCache`, the data worker's only state.
 */
import { transfer } from 'comlink';
import type { Catalog, Demographics } from '../../src/core/api/data';
import type { Movie, User } from '../../src/core/data/types';
import { ratingCounter } from '../../src/core/features/tiers';
import { completeManifest, forEachShard, loadTables } from '../../src/storage/dataset';

/** Ratings per catalogue movie over the stored shards; `keep` filters by rater id. */
async function countStored(
  movies: readonly Movie[],
  keep?: (user: number) => boolean,
): Promise<{ version: string; counts: Uint32Array; sums: Float64Array }> {
  const counter = ratingCounter(movies);
  const { version } = await forEachShard((cols) =>
    counter.add(cols.movies, keep && ((r) => keep(cols.users[r]!)), cols.ratings),
  );
  return { version, counts: counter.counts, sums: counter.sums };
}

interface Tables {
  movies: Movie[];
  users: User[];
}

/** The active data set's tables and catalogue counts, each read once per data version. */
export class CatalogCache {
  private tables: { version: string; data: Promise<Tables> } | undefined;
  private counts:
    { version: string; counts: Promise<{ counts: Uint32Array; sums: Float64Array }> } | undefined;

  private async storedTables(): Promise<{ version: string } & Tables> {
    const version = (await completeManifest())?.manifest.dataVersion ?? '';
    if (!this.tables || this.tables.version !== version) {
      const data = loadTables();
      const entry = { version, data };
      this.tables = entry;
      data.catch(() => {
        if (this.tables === entry) this.tables = undefined;
      });
    }
    return { version, ...(await this.tables.data) };
  }

  async catalog(): Promise<Catalog> {
    const { version, movies } = await this.storedTables();
    if (!this.counts || this.counts.version !== version) {
      const counts = countStored(movies);
      const entry = { version, counts };
      this.counts = entry;
      counts.catch(() => {
        if (this.counts === entry) this.counts = undefined;
      });
    }
    const { counts, sums } = await this.counts.counts;
    return { dataVersion: version, movies, ratingCounts: counts, ratingSums: sums };
  }

  async popularityAmong(d: Demographics): Promise<Uint32Array> {
    const { movies, users } = await this.storedTables();
    const match = new Set(
      users
        .filter(
          (u) =>
            (d.gender === undefined || u.gender === d.gender) &&
            (d.age === undefined || u.age === d.age) &&
            (d.occupation === undefined || u.occupation === d.occupation),
        )
        .map((u) => u.id),
    );
    const { counts } = await countStored(movies, (u) => match.has(u));
    return transfer(counts, [counts.buffer]);
  }
}
