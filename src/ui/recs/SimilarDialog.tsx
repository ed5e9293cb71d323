import { useEffect, useMemo, useRef, useState } from 'react';
import { displayTitle } from '../../core/features/search';
import { similarMovies } from '../../core/recommend/similar';
import { modelWorker } from '../bridge';
import { CatalogCards } from '../rate/CardList';
import { useReportError } from '../shell/errors';
import type { CatalogView } from '../state/useCatalog';
import type { ProfileStore } from '../state/useProfile';

/**
 * "Similar movies": the ranking model's row for the movie (what watching it speaks for), genre
 * similarity when the model does not know it or is not trained yet. Rated movies stay in.
 */
export function SimilarDialog({
  movie,
  catalog,
  profile,
  onRate,
  onClose,
}: {
  movie: number;
  catalog: CatalogView;
  profile: ProfileStore;
  onRate: (movieId: number, rating: number | null) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const report = useReportError();
  const [row, setRow] = useState<{ movie: number; row: Float32Array | undefined } | undefined>();
  useEffect(() => {
    const d = ref.current!;
    d.showModal();
    return () => d.close();
  }, []);
  useEffect(() => {
    let live = true;
    modelWorker()
      .similar(movie)
      .then((r) => live && setRow({ movie, row: r }))
      .catch((e: unknown) => {
        if (live) setRow({ movie, row: undefined });
        report(e);
      });
    return () => {
      live = false;
    };
  }, [movie, report]);
  const ready = row?.movie === movie;
  const result = useMemo(
    () =>
      ready
        ? similarMovies(movie, { row: row.row, tfidf: catalog.tfidf, counts: catalog.ratingCounts })
        : undefined,
    [ready, row, movie, catalog],
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
      data-source={result?.source ?? 'loading'}
    >
      <div className="dialog-head">
        <h2 id="similar-title">Similar to {displayTitle(m.title)}</h2>
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
      <p className="hint">
        {!result
          ? 'Looking…'
          : result.source === 'model'
            ? 'What people who watched it went on to watch most, from the ranking model.'
            : 'Movies with the most similar genres (the ranking model does not know this one yet).'}
      </p>
      {result && (
        <CatalogCards
          indices={result.indices}
          catalog={catalog}
          ratings={profile.ratings}
          onRate={onRate}
          data-testid="similar-results"
        />
      )}
    </dialog>
  );
}
