import { useDeferredValue, useId, useMemo, useState } from 'react';
import { search } from '../../core/features/search';
import type { CatalogView } from '../state/useCatalog';
import type { ProfileStore } from '../state/useProfile';
import { CatalogCards } from './CardList';

/** Find any movie by title (accent-, case- and article-insensitive) to rate it. */
export function SearchBox({
  catalog,
  profile,
  onRate,
}: {
  catalog: CatalogView;
  profile: ProfileStore;
  onRate: (movieId: number, rating: number | null) => void;
}) {
  const id = useId();
  const [query, setQuery] = useState('');
  const q = useDeferredValue(query);
  const hits = useMemo(() => (q.trim() ? search(catalog.searchIndex, q, 8) : []), [catalog, q]);
  return (
    <div className="search-box" role="search">
      <label htmlFor={id} className="visually-hidden">
        Search all {catalog.movies.length} movies by title
      </label>
      <input
        id={id}
        type="search"
        data-testid="search"
        placeholder={`Search all ${catalog.movies.length.toLocaleString('en-US')} movies by title to rate one…`}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        autoComplete="off"
      />
      {q.trim() && (
        <div className="search-results" aria-live="polite">
          {hits.length === 0 ? (
            <p className="muted">No movie title matches “{q}”.</p>
          ) : (
            <CatalogCards
              indices={hits}
              catalog={catalog}
              ratings={profile.ratings}
              onRate={onRate}
              testId="search-results"
            />
          )}
        </div>
      )}
    </div>
  );
}
