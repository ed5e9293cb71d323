import { useDeferredValue, useId, useMemo, useState } from 'react';
import { search } from '../../core/features/search';
import { CardList } from '../rate/CardList';
import { MovieCard } from '../rate/MovieCard';
import type { CatalogView } from '../state/useCatalog';
import type { ProfileStore } from '../state/useProfile';
import { href } from '../shell/useRoute';
import { countByFilter, FILTERS, ratingAttr, ratingRows, type RatingFilter } from './ratingRows';
import { TasteEditor } from './TasteEditor';
import { CarryNotice } from './CarryNotice';
import { HistoryTools } from '../history/HistoryTools';

/**
 * "Your ratings": everything the user told Reel, newest first, to change or take back. Every
 * change goes through the profile store (saved first, then shown), so the recommendation lists,
 * which fold the user in from the same store, follow at once.
 */
export function MyRatings({
  catalog,
  profile,
  label = 'this data set',
}: {
  catalog: CatalogView;
  profile: ProfileStore;
  /** the data set's name (in the history import's reasons) */
  label?: string;
}) {
  const id = useId();
  const [filter, setFilter] = useState<RatingFilter>('all');
  const [query, setQuery] = useState('');
  const q = useDeferredValue(query.trim());
  const all = profile.ratings;
  const counts = useMemo(() => countByFilter(all.values()), [all]);
  const found = useMemo(
    () =>
      q
        ? new Set(
            search(catalog.searchIndex, q, catalog.movies.length).map((i) => catalog.movies[i]!.id),
          )
        : undefined,
    [catalog, q],
  );
  const rows = useMemo(() => ratingRows(all.values(), filter, found), [all, filter, found]);

  return (
    <>
      <section className="panel" aria-labelledby={`${id}-title`}>
        <div className="stage-head">
          <div>
            <h1 id={`${id}-title`} tabIndex={-1}>
              Your ratings
            </h1>
            <p className="lede">
              Everything you told Reel, newest first. Change a rating with its stars, remove it, or
              undo a “haven’t seen” — your recommendations follow at once.
            </p>
          </div>
          <a href={href('home')}>Back to your movies</a>
        </div>
        {profile.carry && profile.dataVersion && (
          <CarryNotice
            key={`${profile.dataVersion}:${profile.carry.from}`}
            carry={profile.carry}
            dataVersion={profile.dataVersion}
          />
        )}
        <div className="ratings-tools">
          <fieldset className="model-switch filter" data-testid="rating-filter">
            <legend className="visually-hidden">Show</legend>
            {FILTERS.map((f) => (
              <label key={f.value}>
                <input
                  type="radio"
                  name={`${id}-filter`}
                  value={f.value}
                  checked={filter === f.value}
                  onChange={() => setFilter(f.value)}
                  data-value={f.value}
                />
                {f.label} <span className="count">{counts.get(f.value)}</span>
              </label>
            ))}
          </fieldset>
          <label htmlFor={`${id}-q`} className="visually-hidden">
            Search your ratings by title
          </label>
          <input
            id={`${id}-q`}
            type="search"
            placeholder="Search your ratings…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="my-ratings-search"
            autoComplete="off"
          />
        </div>
        <p className="muted small" role="status" data-testid="my-ratings-count">
          {all.size === 0
            ? 'You have not rated anything yet.'
            : `Showing ${rows.length} of ${all.size}.`}
        </p>
        <CardList data-testid="my-ratings">
          {rows.map((r) => {
            const i = catalog.indexOf.get(r.movieId);
            if (i === undefined) return null;
            return (
              <MovieCard
                key={r.movieId}
                movie={catalog.movies[i]!}
                tier={catalog.popularity.tiers[i]!}
                rating={r.rating}
                onRate={profile.rate}
                onRemove={profile.unrate}
                state={ratingAttr(r)}
              />
            );
          })}
        </CardList>
      </section>
      <HistoryTools catalog={catalog} profile={profile} label={label} />
      {profile.profile && (
        <section className="panel">
          <TasteEditor profile={profile.profile} onSave={profile.update} />
        </section>
      )}
    </>
  );
}
