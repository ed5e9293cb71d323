/**
 * Rating, dismissing and marking with a short confirmation and Undo (back to exactly what the
 * film had before: its earlier action with its time and clock, or none): `rate` and `mark` act
 * through the profile and set `last`, which the Toast shows until `clearLast`.
 */
import { useCallback, useRef, useState } from 'react';
import { displayTitle } from '../../core/features/search';
import type { FilmMark } from '../../core/profile';
import type { ToastAction } from '../shell/Toast';
import type { CatalogView } from '../state/useCatalog';
import type { ProfileStore } from '../state/useProfile';

/** The confirmation's words for an action on `title`. */
function actionText(title: string, rating: number | null, mark?: FilmMark): string {
  if (mark === 'want') return `Added “${title}” to your watchlist.`;
  if (mark === 'not-interested') return `“${title}” won’t be shown again.`;
  if (mark === 'seen') return `Marked “${title}” as seen.`;
  if (rating === null) return `Marked “${title}” as not seen.`;
  return `Rated “${title}” ${rating}★.`;
}

export function useUndoableRate(
  catalog: CatalogView,
  profile: ProfileStore,
  onRate: (movieId: number, rating: number | null) => void,
) {
  const { restore, mark: markFilm } = profile;
  const ratingsNow = useRef(profile.ratings);
  ratingsNow.current = profile.ratings;
  const [last, setLast] = useState<ToastAction | null>(null);
  const clearLast = useCallback(() => setLast(null), []);
  const remember = useCallback(
    (movieId: number, rating: number | null, m?: FilmMark) => {
      const before = ratingsNow.current.get(movieId);
      const i = catalog.indexOf.get(movieId);
      const title = i === undefined ? `movie ${movieId}` : displayTitle(catalog.movies[i]!.title);
      setLast({
        text: actionText(title, rating, m),
        undo: () => void restore(movieId, before),
        key: performance.now(),
      });
    },
    [catalog, restore],
  );
  const rate = useCallback(
    (movieId: number, rating: number | null) => {
      remember(movieId, rating);
      onRate(movieId, rating);
    },
    [remember, onRate],
  );
  const mark = useCallback(
    (movieId: number, m: FilmMark) => {
      remember(movieId, null, m);
      void markFilm(movieId, m);
    },
    [remember, markFilm],
  );
  return { last, clearLast, rate, mark };
}
