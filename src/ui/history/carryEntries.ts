/**
 * A profile of another data version as a film history, so carrying it over to the active data
 * set goes through the same matching, summary and review as an import: by MovieLens id where the
 * id still names the same film (title and year), else by the title rules. Star ratings, "seen"
 * and the watchlist are carried; "haven't seen" and "not interested" are not (they are hides).
 */
import type { HistoryEntry, HistoryRead } from '../../core/history/types';
import type { UserRating } from '../../core/profile';

export function actionsAsHistory(actions: readonly UserRating[], file: string): HistoryRead {
  const entries: HistoryEntry[] = [];
  const skipped: Record<string, number> = {};
  actions.forEach((r, k) => {
    const kind =
      r.rating !== null
        ? 'rating'
        : r.mark === 'seen'
          ? 'seen'
          : r.mark === 'want'
            ? 'watchlist'
            : undefined;
    if (!kind) {
      const why = r.mark === 'not-interested' ? '“not interested”' : '“haven’t seen”';
      skipped[why] = (skipped[why] ?? 0) + 1;
      return;
    }
    if (r.title === undefined) {
      skipped['saved without a title'] = (skipped['saved without a title'] ?? 0) + 1;
      return;
    }
    entries.push({
      source: 'reel',
      kind,
      title: r.title,
      ...(r.year != null ? { year: r.year } : {}),
      movielens: r.movieId,
      ...(r.rating !== null ? { stars: r.rating } : {}),
      date: new Date(r.at).toISOString(),
      file,
      row: k + 1,
    });
  });
  return { entries, skipped, malformed: [], malformedCount: 0, files: [] };
}
