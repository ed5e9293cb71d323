/**
 * The rating scale of the active data set: whole stars (ML-100K, ML-1M) or half stars (ML-10M and
 * the CSV releases), from its summary (`halfStars`, see ../data/traits.ts); the stars and the
 * predicted ratings on every card follow it.
 */
import { fromHalfSteps, HALF_STEPS, nearestHalfStep } from '../../core/data/stars';
import { useDataTraits } from '../data/traits';

export const useHalfStars = (): boolean => useDataTraits().halfStars;

/** The values a star group offers: 1..5, or 0.5..5 in halves. */
export const starValues = (halves: boolean): number[] =>
  halves ? Array.from({ length: HALF_STEPS }, (_, i) => fromHalfSteps(i + 1)) : [1, 2, 3, 4, 5];

/** A predicted rating as shown on a card: to the half star where the data set rates in halves. */
export const predictedText = (stars: number, halves: boolean): string =>
  halves ? nearestHalfStep(stars).toFixed(1) : stars.toFixed(1);

/** "3 stars", "3.5 stars", "1 star", "half a star". */
export const starsLabel = (v: number): string =>
  v === 0.5 ? 'half a star' : `${v} star${v === 1 ? '' : 's'}`;
