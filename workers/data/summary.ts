/**
 * A data set's summary (the figures the Data page shows), gathered in one pass over the ratings in
 * any number of pieces: the parsed columns of an import, or the stored shards one at a time
 * (never all of them at once). A complete data set keeps its summary (markLoaded), so a warm
 * start reads it instead of scanning again.
 */
import type { DataSource, DatasetSummary } from '../../src/core/api/data';
import type { Manifest } from '../../src/core/data/manifest';
import { releaseLabel } from '../../src/core/data/releases';
import { HALF_STEPS, toHalfSteps } from '../../src/core/data/stars';
import type { RatingColumns } from '../../src/core/data/types';
import { forEachShard } from '../../src/storage/dataset';
import { markLoaded } from '../../src/storage/datasetWrite';

/** The summary's figures, added up piece by piece. */
export function summaryFigures() {
  const histogram = [0, 0, 0, 0, 0];
  const halves = new Array<number>(HALF_STEPS).fill(0);
  let first = Infinity;
  let last = 0;
  let n = 0;
  return {
    add(cols: RatingColumns) {
      for (let i = 0; i < cols.ratings.length; i++) {
        const r = cols.ratings[i]!;
        halves[toHalfSteps(r) - 1]!++;
        histogram[Math.max(0, Math.ceil(r) - 1)]!++;
        const t = cols.timestamps[i]!;
        if (t < first) first = t;
        if (t > last) last = t;
      }
      n += cols.ratings.length;
    },
    summary(
      m: Manifest,
      demographics: boolean,
      source: DataSource,
      bytes = m.files.reduce((s, f) => s + f.bytes, 0),
    ): DatasetSummary {
      return {
        source,
        release: m.release,
        label: releaseLabel(m.release),
        demographics,
        halfStars: halves.some((c, i) => i % 2 === 0 && c > 0),
        halves,
        dataVersion: m.dataVersion,
        counts: { ...m.counts },
        firstTimestamp: n ? first : 0,
        lastTimestamp: last,
        histogram,
        bytes,
      };
    },
  };
}

/** Whether the raters have demographics (a users table with gender, age, occupation). */
export function hasDemographics(users: readonly { gender?: unknown }[]): boolean {
  return users.length > 0 && users[0]!.gender !== undefined;
}

/** The stored data set's summary, in one pass over its shards. */
export async function storedSummary(m: Manifest, source: DataSource): Promise<DatasetSummary> {
  const f = summaryFigures();
  const { users } = await forEachShard((cols) => f.add(cols));
  return f.summary(m, hasDemographics(users), source);
}

/** Scans the complete stored data set once, stores its figures, returns them. */
export async function finishLoad(m: Manifest, source: DataSource): Promise<DatasetSummary> {
  const summary = await storedSummary(m, source);
  await markLoaded(m.dataVersion, summary);
  return { ...summary, justLoaded: true };
}
