/**
 * Trained model weights per kind, of the ACTIVE data set (keyed [release, kind]). Records are
 * checked against the active data version by readers, and by `saveModel`: a model trained on
 * another data set (the user switched data sets while it trained) is refused with 'stale-version'
 * (the UI drops it silently), never stored under the new active release. What is read back is
 * checked before it is returned: a record whose metadata is not what this Reel writes throws a
 * ReelError 'model-invalid' (its reader makes it again). The weights are checked by the model
 * layer, which owns their shape.
 */
import { restoreBlendInfo, restoreModelInfo } from '../core/api/restoreModel';
import { ReelError } from '../core/errors';
import type { ModelKind } from '../core/kinds';
import { activeRelease } from './dataset';
import {
  LEGACY_RELEASE,
  Store,
  type BlendRecord,
  type ModelKey,
  type ModelRecord,
  type TrainedModelRecord,
} from './db';
import { guard, transact } from './tx';

export function saveModel(rec: ModelRecord): Promise<void> {
  return guard('save the trained model', () =>
    transact([Store.meta, Store.datasets, Store.models], 'readwrite', async (tx) => {
      const release = (await activeRelease(tx)) ?? LEGACY_RELEASE;
      const active = await tx.objectStore(Store.datasets).get(release);
      if (active && active.manifest.dataVersion !== rec.dataVersion)
        throw new ReelError(
          'stale-version',
          'The model was trained on another data set than the one in use now; it was not saved.',
        );
      await tx.objectStore(Store.models).put({ ...rec, release });
    }),
  );
}

/** The stored record under this key of the active data set, as read (unchecked). */
function readModel(key: ModelKey): Promise<ModelRecord | undefined> {
  return guard('read the saved model', async () => {
    const rec = await transact([Store.meta, Store.models], 'readonly', async (tx) => {
      const release = (await activeRelease(tx)) ?? LEGACY_RELEASE;
      return tx.objectStore(Store.models).get([release, key]);
    });
    if (!rec) return undefined;
    const { release: _release, ...model } = rec;
    return model;
  });
}

/** The saved model of this kind, its metadata checked (restoreModelInfo). */
export async function getModel(kind: ModelKind): Promise<TrainedModelRecord | undefined> {
  const rec = await readModel(kind);
  if (!rec) return undefined;
  return { ...rec, kind, meta: restoreModelInfo(rec.meta) };
}

/** The saved blend, its figures checked (restoreBlendInfo). */
export async function getBlend(): Promise<BlendRecord | undefined> {
  const rec = await readModel('blend');
  if (!rec) return undefined;
  return { ...rec, kind: 'blend', meta: restoreBlendInfo(rec.meta), weights: null };
}

export function deleteModel(kind: ModelKey): Promise<void> {
  return guard('delete the saved model', () =>
    transact([Store.meta, Store.models], 'readwrite', async (tx) => {
      const release = (await activeRelease(tx)) ?? LEGACY_RELEASE;
      await tx.objectStore(Store.models).delete([release, kind]);
    }),
  );
}
