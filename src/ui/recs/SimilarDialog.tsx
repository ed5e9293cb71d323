import { useEffect, useMemo, useRef } from 'react';
import type { ItemFactors } from '../../../workers/model-api';
import { displayTitle } from '../../core/features/search';
import { similarMovies } from '../../core/recommend/similar';
import { CatalogCards } from '../rate/CardList';
import type { CatalogView } from '../state/useCatalog';
import type { ProfileStore } from '../state/useProfile';

/** "Similar movies": cosine of item factors, genre similarity when there are none. */
export function SimilarDialog({
  movie,
  catalog,
  factors,
  exclude,
  profile,
  onRate,
  onClose,
}: {
  movie: number;
  catalog: CatalogView;
  factors: ItemFactors | undefined;
  exclude: Set<number>;
  profile: ProfileStore;
  onRate: (movieId: number, rating: number | null) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current!;
    d.showModal();
    return () => d.close();
  }, []);
  const result = useMemo(
    () =>
      similarMovies(movie, {
        factors: factors ? { data: factors.factors, dim: factors.dim } : undefined,
        tfidf: catalog.tfidf,
        counts: catalog.ratingCounts,
        exclude,
      }),
    [movie, factors, catalog, exclude],
  );
  const m = catalog.movies[movie]!;
  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        // Escape closes through React state; the element itself is closed on unmount, and that
        // close must not call onClose (a remount, as in StrictMode, would otherwise shut it).
        e.preventDefault();
        onClose();
      }}
      aria-labelledby="similar-title"
      data-testid="similar-dialog"
    >
      <div className="dialog-head">
        <h2 id="similar-title">Similar to {displayTitle(m.title)}</h2>
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
      <p className="hint">
        {result.source === 'factors'
          ? 'Movies the model places closest to it (people who liked one tended to like the other).'
          : 'Movies with the most similar genres.'}
      </p>
      <CatalogCards
        indices={result.indices}
        catalog={catalog}
        ratings={profile.ratings}
        onRate={onRate}
        testId="similar-results"
      />
    </dialog>
  );
}
