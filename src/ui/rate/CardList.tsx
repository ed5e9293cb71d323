import {
  createContext,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { CatalogView } from '../state/useCatalog';
import type { ProfileStore } from '../state/useProfile';
import { useShowSimilar } from '../recs/similarContext';
import { useCardActions } from './cardActions';
import { MovieCard } from './MovieCard';

/** After a touch ends, a list holds still this long (a second tap lands where it was aimed). */
const TOUCH_HOLD_MS = 1500;

/**
 * Whether the pointer is over an element (a touch counts for TOUCH_HOLD_MS after it ends): while
 * it is, a list shows what it showed when the pointer came, so nothing moves under it.
 */
export function usePointerHold() {
  const [held, setHeld] = useState(false);
  const isHeld = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const hold = () => {
    clearTimeout(timer.current);
    if (isHeld.current) return;
    isHeld.current = true;
    setHeld(true);
  };
  const release = () => {
    isHeld.current = false;
    setHeld(false);
  };
  return {
    held,
    handlers: {
      // a pointer that rests where the list appeared gets no "enter": its first move holds too
      onPointerEnter: hold,
      onPointerMove: hold,
      onPointerDown: hold,
      onPointerLeave: (e: { pointerType: string }) => {
        clearTimeout(timer.current);
        if (e.pointerType === 'touch') timer.current = setTimeout(release, TOUCH_HOLD_MS);
        else release();
      },
    },
  };
}

/**
 * A hold shared by several lists (the recommendations: the pointer anywhere over them holds them
 * all, so no list moves another under it); without it each list holds on its own.
 */
export const ListHoldContext = createContext<boolean | undefined>(undefined);

/**
 * `value` as it was when `held` became true, for as long as it stays true and `subject` stays the
 * same (a new subject is a new list the person asked for, not a change under the pointer).
 */
function useHeld<T>(value: T, held: boolean, subject?: string): T {
  const kept = useRef({ value, subject });
  if (!held || kept.current.subject !== subject) kept.current = { value, subject };
  return kept.current.value;
}

/**
 * A list of movie cards that keeps keyboard focus in place: when the focused card leaves the list
 * (rated or dismissed), focus moves to the card that took its place instead of falling to the page
 * (to the card, from where Tab reaches its stars).
 */
export function CardList({
  children,
  pointer,
  ...rest
}: {
  children: ReactNode;
  pointer?: ReturnType<typeof usePointerHold>['handlers'];
} & Record<`data-${string}`, string>) {
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
      {...pointer}
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

/** What a card says beside the movie, when it is a recommendation: predicted stars and why. */
export interface CardNote {
  predicted?: number;
  why?: string;
}

/**
 * Cards for catalog movies by index, each showing the user's current action (`ratings`, else the
 * flow's, cardActions.ts) and, with `note`, the prediction and reason; with `placeholders`, empty
 * cards that hold their places (the same list element, so focus tracking survives). data-*
 * attributes go to the list.
 * Rule: while the pointer is over the list (usePointerHold) it keeps the cards and notes it
 * showed when the pointer came, a rated card staying in place with its stars; the new order
 * comes when the pointer leaves, so a click lands on the card it was aimed at. A new `subject`
 * (the search query typed) is not such a change: its cards show at once.
 */
export function CatalogCards({
  indices,
  catalog,
  ratings,
  onRate,
  note,
  placeholders = false,
  subject,
  ...data
}: {
  indices: readonly number[];
  catalog: CatalogView;
  ratings?: ProfileStore['ratings'];
  onRate: (movieId: number, rating: number | null) => void;
  /** by catalog index */
  note?: (movie: number) => CardNote;
  placeholders?: boolean;
  /** what the list is of (a search query): when it changes, the new cards show even when held */
  subject?: string;
} & Record<`data-${string}`, string>) {
  const showSimilar = useShowSimilar();
  const actions = useCardActions();
  const actionOf = ratings ?? actions.ratings;
  const shared = useContext(ListHoldContext);
  const hold = usePointerHold();
  const view = useHeld(
    { indices, notes: indices.map((i) => note?.(i)), placeholders },
    (shared ?? hold.held) && !placeholders,
    subject,
  );
  return (
    <CardList {...data} {...(shared === undefined ? { pointer: hold.handlers } : {})}>
      {view.indices.map((i, k) => {
        const m = catalog.movies[i]!;
        const action = actionOf?.get(m.id);
        return view.placeholders ? (
          <li key={`placeholder-${i}`} className="card card-placeholder" aria-hidden="true" />
        ) : (
          <MovieCard
            key={m.id}
            movie={m}
            tier={catalog.popularity.tiers[i]!}
            rating={action?.mark ? undefined : action?.rating}
            {...(action
              ? {
                  state:
                    action.mark ?? (action.rating === null ? 'not-seen' : String(action.rating)),
                  ...(action.mark ? { mark: action.mark } : {}),
                }
              : {})}
            {...view.notes[k]}
            onRate={onRate}
            {...(actions.mark ? { onMark: actions.mark } : {})}
            onSimilar={showSimilar}
          />
        );
      })}
    </CardList>
  );
}
