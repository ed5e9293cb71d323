/**
 * The watchlist: the films the person marked "Want to watch", in the order given, each removable
 * (with a confirmation and Undo) or rated once seen. Watchlist films are kept out of the
 * recommendation tiers; a card elsewhere says "On your watchlist".
 */
import { useCallback, useState } from 'react';
import { CardList } from '../rate/CardList';
import { MovieCard } from '../rate/MovieCard';
import { useUndoableRate } from '../rate/useUndoableRate';
import { Toast, type ToastAction } from '../shell/Toast';
import { href } from '../shell/useRoute';
import type { CatalogView } from '../state/useCatalog';
import type { ProfileStore } from '../state/useProfile';
import { displayTitle } from '../../core/features/search';

export function WatchlistPage({
  catalog,
  profile,
}: {
  catalog: CatalogView;
  profile: ProfileStore;
}) {
  const rateNow = useCallback(
    (movieId: number, rating: number | null) => void profile.rate(movieId, rating),
    [profile],
  );
  const { last, clearLast, rate } = useUndoableRate(catalog, profile, rateNow);
  const [removed, setRemoved] = useRemoved(catalog, profile);
  const films = profile.watchlist
    .map((r) => ({ r, i: catalog.indexOf.get(r.movieId) }))
    .filter((f): f is { r: (typeof f)['r']; i: number } => f.i !== undefined);
  return (
    <section className="panel" data-testid="watchlist" aria-labelledby="watchlist-title">
      <h1 id="watchlist-title" tabIndex={-1}>
        Your watchlist
      </h1>
      {films.length === 0 ? (
        <p className="muted" data-testid="watchlist-empty">
          Nothing here yet. Press “Want to watch” on any film to keep it here;{' '}
          <a href={href('home')}>find films</a>.
        </p>
      ) : (
        <p className="lede">
          {films.length} film{films.length === 1 ? '' : 's'} you want to watch. They stay out of
          your recommendations until you rate them or take them off.
        </p>
      )}
      <CardList data-testid="watchlist-cards">
        {films.map(({ r, i }) => (
          <MovieCard
            key={r.movieId}
            movie={catalog.movies[i]!}
            tier={catalog.popularity.tiers[i]!}
            rating={null}
            mark="want"
            state="want"
            onRate={rate}
            onRemove={setRemoved}
          />
        ))}
      </CardList>
      <Toast
        action={removed.action ?? last}
        onDone={() => {
          clearLast();
          removed.clear();
        }}
      />
    </section>
  );
}

/** Taking a film off the watchlist, with Undo (back to the "want" it had, time and clock kept). */
function useRemoved(catalog: CatalogView, profile: ProfileStore) {
  const { unrate, restore, ratings } = profile;
  const [action, setAction] = useState<ToastAction | null>(null);
  const remove = useCallback(
    (movieId: number) => {
      const before = ratings.get(movieId);
      const i = catalog.indexOf.get(movieId);
      const title = i === undefined ? `movie ${movieId}` : displayTitle(catalog.movies[i]!.title);
      setAction({
        text: `Took “${title}” off your watchlist.`,
        undo: () => void restore(movieId, before),
        key: performance.now(),
      });
      void unrate(movieId);
    },
    [catalog, ratings, unrate, restore],
  );
  const clear = useCallback(() => setAction(null), []);
  return [{ action, clear }, remove] as const;
}
