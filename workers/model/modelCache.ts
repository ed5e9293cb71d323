/**
 * The saved models, loaded from IndexedDB once per data version and kept (state.loaded), and the
 * leases that keep a rating model's tensors alive while a call uses them.
 * Rule: a damaged or outdated saved model counts as missing (it is simply trained again); a
 * lease is taken in the same synchronous step that picks the model, so a training that lands
 * meanwhile never disposes the tensors under the call.
 */
import type { BlendInfo, ModelInfo, ModelKind } from '../../src/core/api/model';
import { modelNotTrained, ReelError } from '../../src/core/errors';
import { RATING_MODEL_KINDS, type RatingModelKind } from '../../src/core/kinds';
import { itemOfMovie } from '../../src/core/recommend/watch';
import { Leased } from '../../src/models/lease';
import { createServingModel } from '../../src/models/predict';
import { restoreItemModel } from '../../src/models/rankingModel';
import { restoreWeights, type ModelWeights } from '../../src/models/weights';
import { preparedBlend as checkPreparedBlend } from '../../src/core/data/manifest';
import { completeManifest } from '../../src/storage/dataset';
import { deleteModel, getBlend, getModel } from '../../src/storage/models';
import { init } from './backendState';
import { getServing } from './servingIndex';
import { state, type EaseLoaded, type Loaded, type RatingLoaded } from './state';

/** A record that is not what this Reel writes reads as missing: it is made again. */
function missingIfInvalid(e: unknown): undefined {
  if (e instanceof ReelError && e.code === 'model-invalid') return undefined;
  throw e;
}

export function loadedOf(
  kind: RatingModelKind,
  weights: ModelWeights,
  info: ModelInfo,
): RatingLoaded {
  const serving = new Leased(createServingModel(weights), (m) => m.dispose());
  return { kind, info, weights, serving };
}

/**
 * The saved model of this kind for the stored data (cached). With `lease`, a rating model's
 * tensors are held until the caller calls `release`.
 */
export async function load(
  kind: ModelKind,
  lease = false,
): Promise<(Loaded & { release?: () => void }) | undefined> {
  const held = (l: Loaded | undefined) =>
    lease && l && l.kind !== 'ease' ? { ...l, release: l.serving.acquire() } : l;
  const s = await getServing();
  const have = state.loaded.get(kind);
  if (have && have.info.dataVersion === s.dataVersion) return held(have);
  const rec = await getModel(kind).catch(missingIfInvalid);
  if (!rec || rec.dataVersion !== s.dataVersion) return undefined;
  const info = rec.meta;
  try {
    if (kind === 'ease') {
      const model = restoreItemModel(rec.weights, s.numMovies);
      return state.remember({ kind, info, model, items: itemOfMovie(model, s.numMovies) });
    }
    const weights = restoreWeights(rec.weights);
    if (weights.numMovies !== s.numMovies) return undefined;
    await init();
    const now = state.loaded.get(kind); // another call may have loaded it meanwhile
    if (now && now.info.trainedAt >= info.trainedAt) return held(now);
    return held(state.remember(loadedOf(kind, weights, info)));
  } catch {
    return undefined; // a damaged or outdated saved model is simply retrained
  }
}

export async function info(kind: ModelKind): Promise<ModelInfo | undefined> {
  return (await load(kind))?.info;
}

export async function easeModel(): Promise<EaseLoaded> {
  const m = await load('ease');
  if (!m || m.kind !== 'ease') throw modelNotTrained('ease');
  return m;
}

export async function mfModel(): Promise<RatingLoaded> {
  const m = await load('mf');
  if (!m || m.kind !== 'mf') throw modelNotTrained('mf');
  return m;
}

/**
 * The served blend that came with the data (the manifest's record, measured when the data was
 * prepared), checked again as read back from IndexedDB; undefined without one or when it is not
 * valid (a data set imported in the browser has none).
 */
export async function preparedBlend(): Promise<BlendInfo | undefined> {
  const s = await getServing();
  const m = (await completeManifest())?.manifest;
  if (!m || m.dataVersion !== s.dataVersion || m.blend === undefined) return undefined;
  const b = checkPreparedBlend(m.blend, m.dataVersion);
  return typeof b === 'string' ? undefined : b;
}

/**
 * The served blend for the stored data (cached): the last one measured on this device (the lab's
 * "measure again", or a data set imported in the browser), else the one that came with the data;
 * undefined when neither exists (the lists use DEFAULT_BLEND until it is measured).
 */
export async function storedBlend(): Promise<BlendInfo | undefined> {
  const s = await getServing();
  if (state.blendInfo?.dataVersion === s.dataVersion) return state.blendInfo;
  const rec = await getBlend().catch(missingIfInvalid);
  const found = rec && rec.dataVersion === s.dataVersion ? rec.meta : await preparedBlend();
  if (found) state.blendInfo = found;
  return found;
}

/**
 * "Reset": the rating models trained with the person's own ratings are deleted too (they hold
 * what the person told Reel); the blend measured on them goes with them. Returns what went.
 */
export async function forgetUserModels(): Promise<ModelKind[]> {
  const gone: ModelKind[] = [];
  for (const kind of RATING_MODEL_KINDS) {
    const l = await load(kind);
    if (!l || l.info.userRatings === 0) continue;
    await deleteModel(kind);
    state.drop(kind);
    gone.push(kind);
  }
  if (gone.includes('mf')) {
    await deleteModel('blend');
    state.blendInfo = undefined;
  }
  return gone;
}
