import { useId, useMemo } from 'react';
import { filterOptions } from '../../core/recommend/lists';
import type { CatalogView } from '../state/useCatalog';

export interface Filters {
  genre?: string;
  decade?: number;
}

/** Narrow the lists by genre and by decade (the catalogue's own genres and decades). */
export function ListFilters({
  catalog,
  filters,
  onChange,
}: {
  catalog: CatalogView;
  filters: Filters;
  onChange: (f: Filters) => void;
}) {
  const id = useId();
  const { genres, decades } = useMemo(() => filterOptions(catalog.movies), [catalog]);
  return (
    <div className="list-filters" role="group" aria-label="Narrow the lists">
      <label htmlFor={`${id}-g`}>Genre</label>
      <select
        id={`${id}-g`}
        data-testid="filter-genre"
        value={filters.genre ?? ''}
        onChange={(e) => onChange({ ...filters, genre: e.target.value || undefined })}
      >
        <option value="">Any genre</option>
        {genres.map((g) => (
          <option key={g} value={g}>
            {g}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-d`}>Decade</label>
      <select
        id={`${id}-d`}
        data-testid="filter-decade"
        value={filters.decade ?? ''}
        onChange={(e) =>
          onChange({ ...filters, decade: e.target.value ? Number(e.target.value) : undefined })
        }
      >
        <option value="">Any decade</option>
        {decades.map((d) => (
          <option key={d} value={d}>
            {d}s
          </option>
        ))}
      </select>
    </div>
  );
}
