import { memo } from 'react';
import type { Movie } from '../../core/data/types';
import { MARK_WORDS, type FilmMark } from '../../core/profile';
import { TIERS, type Tier } from '../../core/features/tiers';
import { displayTitle } from '../../core/features/search';
import { DetailsLink } from '../details/DetailsLink';
import { predictedText, useHalfStars } from './scale';
import { Stars } from './Stars';

/** The marks' words (a marked film's card on "Your ratings"). */
/** The card's mark buttons: the mark, the button's text, its label before the title. */
const MARK_BUTTONS = [
  ['want', 'Want to watch', 'Want to watch'],
  ['not-interested', 'Not interested', 'Not interested in'],
] as const;

export interface MovieCardProps {
  movie: Movie;
  tier: Tier;
  /** the user's current rating (1..5, or 0.5..5 in halves), null = "haven't seen", undefined = not rated */
  rating: number | null | undefined;
  predicted?: number;
  why?: string;
  onRate: (movieId: number, rating: number | null) => void;
  onSimilar?: (movieId: number) => void;
  /** "Remove" (a rating) or "Undo haven't seen" (a dismissal), on the "Your ratings" page */
  onRemove?: (movieId: number) => void;
  /** the card's `data-rating` ("Your ratings": stars, seen, not-seen, want, not-interested) */
  state?: string;
  /** the film's mark, if any (a watchlist film says so) */
  mark?: FilmMark;
  /** "Want to watch" and "Not interested" (in the flow: cardActions.ts) */
  onMark?: (movieId: number, mark: FilmMark) => void;
}

/** One movie: title, year, genres, popularity tier, 1–5 stars (or halves) and "haven't seen". */
export const MovieCard = memo(function MovieCard({
  movie,
  tier,
  rating,
  predicted,
  why,
  onRate,
  onSimilar,
  onRemove,
  state,
  mark,
  onMark,
}: MovieCardProps) {
  const title = displayTitle(movie.title);
  const halves = useHalfStars();
  const marked = state !== undefined && state in MARK_WORDS;
  return (
    <li
      className="card"
      data-testid="movie-card"
      data-movie-id={movie.id}
      data-rating={state}
      tabIndex={-1}
    >
      <span className="tier-badge" data-tier={tier} title={TIERS[tier].description}>
        {TIERS[tier].label}
      </span>
      <h3>
        <DetailsLink movieId={movie.id} note={{ predicted, why }}>
          {title}
        </DetailsLink>{' '}
        {movie.year !== null && <span className="year">({movie.year})</span>}
      </h3>
      <p className="genres-line">{movie.genres.join(' · ')}</p>
      {mark === 'want' && (
        <p className="on-watchlist" data-testid="on-watchlist">
          On your watchlist
        </p>
      )}
      {predicted !== undefined && (
        <p className="predicted" data-testid="predicted">
          Predicted for you: {predictedText(predicted, halves)} ★
        </p>
      )}
      {why && (
        <p className="why" data-testid="why">
          {why}
        </p>
      )}
      <div className="card-actions">
        <Stars title={title} rating={rating} onRate={(v) => onRate(movie.id, v)} />
        {!(onRemove && rating === null) && (
          <button
            type="button"
            className="secondary"
            data-testid="not-seen"
            aria-pressed={rating === null}
            onClick={() => onRate(movie.id, null)}
          >
            Haven’t seen
          </button>
        )}
        {onRemove && rating !== undefined && (
          <button
            type="button"
            className="secondary"
            data-testid={rating === null && !marked ? 'undo-not-seen' : 'remove-rating'}
            onClick={() => onRemove(movie.id)}
            aria-label={
              marked
                ? `Remove “${MARK_WORDS[state as FilmMark]}” for ${title}`
                : rating === null
                  ? `Undo “haven’t seen” for ${title}`
                  : `Remove your rating of ${title}`
            }
          >
            {marked
              ? `Remove “${MARK_WORDS[state as FilmMark]}”`
              : rating === null
                ? 'Undo “haven’t seen”'
                : 'Remove'}
          </button>
        )}
        {onMark &&
          MARK_BUTTONS.map(([m, text, label]) => (
            <button
              key={m}
              type="button"
              className="secondary"
              data-testid={m}
              aria-pressed={mark === m}
              onClick={() => onMark(movie.id, m)}
              aria-label={`${label} ${title}`}
            >
              {text}
            </button>
          ))}
        {onSimilar && (
          <button
            type="button"
            className="secondary"
            data-testid="similar"
            onClick={() => onSimilar(movie.id)}
            aria-label={`Movies similar to ${title}`}
          >
            Similar
          </button>
        )}
      </div>
    </li>
  );
});
