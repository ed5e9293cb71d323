import { useDeferredValue, useId, useMemo, useState } from 'react';
import { search } from '../../core/features/search';
import { useDataTraits } from '../data/traits';
import { formatCount } from '../format';
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
  const { label } = useDataTraits();
  // What the catalogue covers, for a search that finds nothing ("MovieLens 1M holds films up to 2000").
  const lastYear = useMemo(
    () => catalog.movies.reduce((y, m) => (m.year !== null && m.year > y ? m.year : y), 0),
    [catalog],
  );
  return (
    <div className="search-box" role="search">
      <label htmlFor={id} className="visually-hidden">
        Search all {catalog.movies.length} movies by title
      </label>
      <input
        id={id}
        type="search"
        data-testid="search"
        placeholder={`Search all ${formatCount(catalog.movies.length)} movies by title to rate one…`}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        autoComplete="off"
      />
      {q.trim() && (
        <div className="search-results" aria-live="polite">
          {hits.length === 0 ? (
            <p className="muted" data-testid="search-empty">
              No movie title matches “{q}”.
              {lastYear > 0 && (
                <>
                  {' '}
                  {label ?? 'This data set'} holds {formatCount(catalog.movies.length)} films up to{' '}
                  {lastYear}: newer ones are not in it.
                </>
              )}
            </p>
          ) : (
            <CatalogCards
              indices={hits}
              subject={q}
              catalog={catalog}
              ratings={profile.ratings}
              onRate={onRate}
              data-testid="search-results"
            />
          )}
        </div>
      )}
    </div>
  );
}
