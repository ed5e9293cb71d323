/**
 * The names every layer shares, defined once: which models exist and which tf.js backends run them.
 * - 'ease': the ranking model ("what you'll watch"), an item-item model learned from who rated what;
 * - 'mf', 'neural': the rating models ("how many stars"), learned from the stars themselves.
 */
export type RatingModelKind = 'mf' | 'neural';
export type ModelKind = RatingModelKind | 'ease';

/** Every model, in the order the UI lists them. */
export const MODEL_KINDS: readonly ModelKind[] = ['ease', 'mf', 'neural'];
export const RATING_MODEL_KINDS: readonly RatingModelKind[] = ['mf', 'neural'];

export function isRatingModel(kind: ModelKind): kind is RatingModelKind {
  return kind !== 'ease';
}

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** `?backend=webgl` and the like: a backend name, or undefined for the measured choice. */
export function parseBackendName(value: string | null | undefined): BackendName | undefined {
  return BACKEND_NAMES.find((b) => b === value?.trim().toLowerCase());
}
