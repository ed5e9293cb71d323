/**
 * The evaluation protocol's numbers, in one place: the split, what counts as a positive, the
 * sampled task and the floor the served lists keep. The evaluation code, the bench and the model
 * lab's prose read them from here, so what the lab says is what was measured.
 */
import { MIN_PREDICTED_RATING } from '../recommend/stage';

/** A held-out rating of at least this many stars is a positive (a movie the person liked). */
export const POSITIVE_STARS = 4;

/** Never-rated movies drawn against the one positive of a sampled ranking task (HR@10, NDCG@10). */
export const SAMPLED_NEGATIVES = 99;

/** Share of all rating rows held out for test. */
export const TEST_FRACTION = 0.1;

/** Share of the remaining (train) rows held out for validation. */
export const VALID_FRACTION = 0.05;

/** The served lists never show a movie predicted below this many stars (stage.ts's rule). */
export const STAR_FLOOR = MIN_PREDICTED_RATING;
