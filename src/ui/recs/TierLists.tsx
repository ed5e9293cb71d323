import type { EmptyReason, TierLists as Lists } from '../../core/recommend/lists';
import { MIN_PREDICTED_RATING, MORE_STEP } from '../../core/recommend/stage';
import { TIER_ORDER, TIERS, type Tier } from '../../core/features/tiers';
import { CatalogCards, type CardNote } from '../rate/CardList';
import type { CatalogView } from '../state/useCatalog';

/** Why a list is empty, and what to do, in words. */
const EMPTY: Record<EmptyReason, string> = {
  floor: `Every film left in this range is one we predict you’d rate under ${MIN_PREDICTED_RATING}★.`,
  filter: 'No film in this range matches the genre and decade you chose.',
  done: 'You have rated or set aside every film in this range.',
};

/**
 * The recommendations, one list per popularity tier: placeholders while a model is about to
 * answer, then cards with their note (predicted stars, and the reason once a model ranks them),
 * "More" under a list that has more, and an empty list's reason with what to do about it.
 */
export function TierLists({
  lists,
  more,
  pending,
  catalog,
  onRate,
  note,
  onMore,
  whyEmpty,
  onShowUnderFloor,
  onClearFilters,
}: {
  lists: Lists;
  more: Record<Tier, boolean>;
  pending: boolean;
  catalog: CatalogView;
  onRate: (movieId: number, rating: number | null) => void;
  /** by catalog index */
  note: (movie: number) => CardNote;
  onMore: (tier: Tier) => void;
  whyEmpty: (tier: Tier) => EmptyReason;
  onShowUnderFloor?: () => void;
  onClearFilters: () => void;
}) {
  return TIER_ORDER.map((tier) => {
    const empty = !pending && lists[tier].length === 0 ? whyEmpty(tier) : undefined;
    return (
      <section key={tier} className="rec-section" aria-labelledby={`tier-${tier}`}>
        <header>
          <h3 id={`tier-${tier}`}>{TIERS[tier].label}</h3>
          <span className="muted small">{TIERS[tier].description}</span>
        </header>
        <CatalogCards
          indices={lists[tier]}
          catalog={catalog}
          onRate={onRate}
          note={note}
          placeholders={pending}
          data-testid="rec-list"
          data-tier={tier}
        />
        {empty && (
          <p className="empty-list" data-testid="empty-reason" data-reason={empty}>
            {EMPTY[empty]}{' '}
            {empty === 'floor' && onShowUnderFloor && (
              <button type="button" className="secondary" onClick={onShowUnderFloor}>
                Show them anyway
              </button>
            )}
            {empty === 'filter' && (
              <button type="button" className="secondary" onClick={onClearFilters}>
                Show every genre and decade
              </button>
            )}
          </p>
        )}
        {/* Its place is kept while the lists load, so the tiers below do not move when it comes. */}
        <div className="more-slot">
          {(pending || more[tier]) && (
            <button
              type="button"
              className="secondary more"
              data-testid="more"
              data-tier={tier}
              disabled={pending}
              style={pending ? { visibility: 'hidden' } : undefined}
              onClick={() => onMore(tier)}
            >
              Show {MORE_STEP} more {TIERS[tier].label.toLowerCase()}
            </button>
          )}
        </div>
      </section>
    );
  });
}
