/**
 * The person's signals by catalog index, shared by the offers and the recommendations: what to
 * leave out (rated or "haven't seen"), the star ratings, and the genre match of every movie with
 * the picked genres and the ratings.
 */
import { useMemo } from 'react';
import type { CatalogView } from '../state/useCatalog';
import type { ProfileStore } from '../state/useProfile';

export interface PersonalSignals {
  /** every film acted on (rated, dismissed, marked): never offered again in the content stage */
  exclude: Set<number>;
  /**
   * what the recommendation lists leave out: rated, seen, on the watchlist, not interested; a
   * plain "haven't seen" only says that, and the film stays eligible
   */
  listExclude: Set<number>;
  ratedByIndex: { index: number; rating: number }[];
  /** genre match per movie */
  contentScores: Float32Array;
}

export function usePersonalSignals(catalog: CatalogView, profile: ProfileStore): PersonalSignals {
  const picks = profile.profile!.genres;
  const { exclude, listExclude } = useMemo(() => {
    const all = new Set<number>();
    const lists = new Set<number>();
    for (const r of profile.ratings.values()) {
      const i = catalog.indexOf.get(r.movieId);
      if (i === undefined) continue;
      all.add(i);
      if (r.rating !== null || r.mark !== undefined) lists.add(i);
    }
    return { exclude: all, listExclude: lists };
  }, [profile.ratings, catalog]);

  const ratedByIndex = useMemo(
    () =>
      profile.starRatings
        .map((r) => ({ index: catalog.indexOf.get(r.movieId) ?? -1, rating: r.rating }))
        .filter((r) => r.index >= 0),
    [profile.starRatings, catalog],
  );

  const contentScores = useMemo(
    () => catalog.tfidf.scoreAll(catalog.tfidf.profileFromRatings(picks, ratedByIndex)),
    [catalog, picks, ratedByIndex],
  );
  return useMemo(
    () => ({ exclude, listExclude, ratedByIndex, contentScores }),
    [exclude, listExclude, ratedByIndex, contentScores],
  );
}
