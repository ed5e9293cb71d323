import { memo } from 'react';
import type { Movie } from '../../core/data/types';
import { TIERS, type Tier } from '../../core/features/tiers';
import { displayTitle } from '../../core/features/search';
import { predictedText, useHalfStars } from './scale';
import { Stars } from './Stars';

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
}: MovieCardProps) {
  const title = displayTitle(movie.title);
  const halves = useHalfStars();
  return (
    <li className="card" data-testid="movie-card" data-movie-id={movie.id} tabIndex={-1}>
      <span className="tier-badge" data-tier={tier} title={TIERS[tier].description}>
        {TIERS[tier].label}
      </span>
      <h3>
        {title} {movie.year !== null && <span className="year">({movie.year})</span>}
      </h3>
      <p className="genres-line">{movie.genres.join(' · ')}</p>
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
            data-testid={rating === null ? 'undo-not-seen' : 'remove-rating'}
            onClick={() => onRemove(movie.id)}
            aria-label={
              rating === null
                ? `Undo “haven’t seen” for ${title}`
                : `Remove your rating of ${title}`
            }
          >
            {rating === null ? 'Undo “haven’t seen”' : 'Remove'}
          </button>
        )}
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
