/**
 * The glue between the history core (src/core/history) and the profile: a File as a byte source,
 * the catalogue index built once per catalogue (it is the costly step; a WeakMap on the movies
 * list keeps it exactly as long as that catalogue lives), Reel's actions as the planner's
 * "existing" values, and planned writes as profile actions. Pure apart from the cache.
 */
import { catalogueLinks } from '../../core/data/links';
import type { ByteSource } from '../../core/data/source';
import type { Movie } from '../../core/data/types';
import { GENRES } from '../../core/data/types';
import { buildCatalogueIndex, type CatalogueIndex } from '../../core/history/match';
import type { ExistingAction, PlannedWrite } from '../../core/history/plan';
import type { ReelAction } from '../../core/history/export';
import type { UserRating } from '../../core/profile';
import { MIN_GENRE_PICKS } from '../../core/recommend/stage';

export function fileSource(file: File): ByteSource {
  return {
    name: file.name,
    size: file.size,
    read: async (offset, length) =>
      new Uint8Array(await file.slice(offset, offset + length).arrayBuffer()),
  };
}

const indexes = new WeakMap<readonly Movie[], CatalogueIndex>();

/** The catalogue's title index, built on first use and kept with the catalogue. */
export function catalogueIndex(movies: readonly Movie[], label: string): CatalogueIndex {
  let ix = indexes.get(movies);
  if (!ix) {
    ix = buildCatalogueIndex({ label, movies, links: catalogueLinks(movies) });
    indexes.set(movies, ix);
  }
  return ix;
}

/** One Reel action as the planner and the Letterboxd export see it. */
export function toExisting(r: UserRating): ExistingAction {
  const value: ExistingAction['value'] =
    r.rating !== null
      ? r.rating
      : r.mark === 'seen'
        ? 'seen'
        : r.mark === 'want'
          ? 'watchlist'
          : // "not interested" and "haven't seen" both say: not watched.
            'not-seen';
  return { movieId: r.movieId, value, at: r.at };
}

export const toReelAction = (r: UserRating): ReelAction => toExisting(r);

/** A planned write as the profile action it stores (title and year from the catalogue). */
export function toAction(
  w: PlannedWrite,
  film: Pick<Movie, 'title' | 'year'> | undefined,
): UserRating {
  const base = {
    movieId: w.movieId,
    at: w.at,
    ...(film ? { title: film.title, year: film.year } : {}),
  };
  if (typeof w.value === 'number') return { ...base, rating: w.value };
  if (w.value === 'seen') return { ...base, rating: null, mark: 'seen' };
  if (w.value === 'watchlist') return { ...base, rating: null, mark: 'want' };
  return { ...base, rating: null };
}

/**
 * The genres a signup gets from an import: those the person picked, then the genres of the films
 * they liked most (4★ and up, then any rated or seen), until there are enough.
 */
export function genresFrom(
  picked: readonly string[],
  actions: readonly UserRating[],
  filmOf: (id: number) => Movie | undefined,
): string[] {
  const out = [...picked];
  if (out.length >= MIN_GENRE_PICKS) return out;
  const known = new Set<string>(GENRES);
  for (const pass of [(r: UserRating) => (r.rating ?? 0) >= 4, () => true]) {
    const count = new Map<string, number>();
    for (const r of actions) {
      if (r.mark === 'want' || !pass(r)) continue;
      for (const g of filmOf(r.movieId)?.genres ?? [])
        if (known.has(g) && !out.includes(g)) count.set(g, (count.get(g) ?? 0) + 1);
    }
    const ranked = [...count].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    for (const [g] of ranked) {
      if (out.length >= MIN_GENRE_PICKS) break;
      out.push(g);
    }
  }
  return out;
}
