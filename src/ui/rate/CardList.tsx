import { useLayoutEffect, useRef, type ReactNode } from 'react';
import type { CatalogView } from '../state/useCatalog';
import type { ProfileStore } from '../state/useProfile';
import { useShowSimilar } from '../recs/similarContext';
import { MovieCard } from './MovieCard';

/**
 * A list of movie cards that keeps keyboard focus in place: when the focused card leaves the list
 * (rated or dismissed), focus moves to the card that took its place instead of falling to the page
 * (to the card, from where Tab reaches its stars).
 */
export function CardList({
  children,
  ...rest
}: { children: ReactNode } & Record<`data-${string}`, string>) {
  const ref = useRef<HTMLUListElement>(null);
  const focused = useRef<{ id: string; index: number } | null>(null);

  useLayoutEffect(() => {
    const list = ref.current;
    const f = focused.current;
    if (!list || !f || document.activeElement !== document.body) return;
    if (list.querySelector(`[data-movie-id="${f.id}"]`)) return;
    const cards = list.querySelectorAll<HTMLElement>(':scope > [data-testid="movie-card"]');
    const next = cards[Math.min(f.index, cards.length - 1)];
    // The card itself, not its first star: a second Enter must not rate the next movie 1★.
    next?.focus();
  });

  return (
    <ul
      ref={ref}
      className="cards"
      {...rest}
      onFocus={(e) => {
        const card = (e.target as HTMLElement).closest<HTMLElement>('[data-testid="movie-card"]');
        if (!card || card.parentElement !== ref.current) return;
        focused.current = {
          id: card.dataset.movieId ?? '',
          index: Array.prototype.indexOf.call(ref.current!.children, card),
        };
      }}
    >
      {children}
    </ul>
  );
}

/** Cards for catalog movies by index, each showing the user's current rating. */
export function CatalogCards({
  indices,
  catalog,
  ratings,
  onRate,
  testId,
}: {
  indices: readonly number[];
  catalog: CatalogView;
  ratings: ProfileStore['ratings'];
  onRate: (movieId: number, rating: number | null) => void;
  testId?: string;
}) {
  const showSimilar = useShowSimilar();
  return (
    <CardList data-testid={testId ?? 'cards'}>
      {indices.map((i) => {
        const m = catalog.movies[i]!;
        return (
          <MovieCard
            key={m.id}
            movie={m}
            tier={catalog.popularity.tiers[i]!}
            rating={ratings.get(m.id)?.rating}
            onRate={onRate}
            onSimilar={showSimilar}
          />
        );
      })}
    </CardList>
  );
}
