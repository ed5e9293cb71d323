/**
 * The stars codec: a rating of 0.5..5 stars in half steps is kept as the whole number of half
 * stars, 1..10 (one byte in shards and stored records; an index into the summary's counts). Every
 * conversion goes through here, so a whole-star data set and a half-star one agree on one scale.
 */

/** Half steps from half a star to five stars. */
export const HALF_STEPS = 10;

/** Stars (0.5..5) as half steps (1..10); a value between half steps goes to the nearest one. */
export const toHalfSteps = (stars: number): number => Math.round(stars * 2);

/** Half steps (1..10) as stars (0.5..5). */
export const fromHalfSteps = (halfSteps: number): number => halfSteps / 2;

/** Whether `stars` lies exactly on a half step (3, 3.5; not 3.2). */
export const isHalfStep = (stars: number): boolean => stars * 2 === Math.round(stars * 2);

/** Stars rounded to the nearest half step (a predicted 3.74 shows as 3.5). */
export const nearestHalfStep = (stars: number): number => fromHalfSteps(toHalfSteps(stars));
