/**
 * The names every layer shares, defined once: which models exist and which tf.js backends run them,
 * and the words a person reads for each (the UI, the worker's messages and errors use these).
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

/** A model's display name ("Ranking model"); lower-case it inside a sentence. */
export const MODEL_NAMES: Readonly<Record<ModelKind, string>> = {
  ease: 'Ranking model',
  mf: 'Matrix factorizer',
  neural: 'Neural model',
};
/** Short names where room is scarce (a phone's header, the worker's GPU-loss notes). */
export const MODEL_SHORT_NAMES: Readonly<Record<ModelKind, string>> = {
  ease: 'Ranking',
  mf: 'MF',
  neural: 'Neural',
};
export const modelName = (kind: ModelKind): string => MODEL_NAMES[kind];

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** A backend's name as a person reads it. */
export const BACKEND_LABELS: Readonly<Record<BackendName, string>> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'Plain JavaScript',
};
export const backendLabel = (b: BackendName): string => BACKEND_LABELS[b];

/** `?backend=webgl` and the like: a backend name, or undefined for the measured choice. */
export function parseBackendName(value: string | null | undefined): BackendName | undefined {
  return BACKEND_NAMES.find((b) => b === value?.trim().toLowerCase());
}
