/**
 * Trained model weights per kind, of the ACTIVE data set (keyed [release, kind]). Records are
 * checked against the active data version by readers, and by `saveModel`: a model trained on
 * another data set (the user switched data sets while it trained) is refused, never stored under
 * the new active release.
 */
import { ReelError } from '../core/errors';
import { activeRelease } from './dataset';
import { LEGACY_RELEASE, Store, type ModelKey, type ModelRecord } from './db';
import { guard, transact } from './tx';

export function saveModel(rec: ModelRecord): Promise<void> {
  return guard('save the trained model', () =>
    transact([Store.meta, Store.datasets, Store.models], 'readwrite', async (tx) => {
      const release = (await activeRelease(tx)) ?? LEGACY_RELEASE;
      const active = await tx.objectStore(Store.datasets).get(release);
      if (active && active.manifest.dataVersion !== rec.dataVersion)
        throw new ReelError(
          'storage',
          'The model was trained on another data set than the one in use now; it was not saved.',
        );
      await tx.objectStore(Store.models).put({ ...rec, release });
    }),
  );
}

export function getModel(kind: ModelKey): Promise<ModelRecord | undefined> {
  return guard('read the saved model', async () => {
    const rec = await transact([Store.meta, Store.models], 'readonly', async (tx) => {
      const release = (await activeRelease(tx)) ?? LEGACY_RELEASE;
      return tx.objectStore(Store.models).get([release, kind]);
    });
    if (!rec) return undefined;
    const { release: _release, ...model } = rec;
    return model;
  });
}

export function deleteModel(kind: ModelKey): Promise<void> {
  return guard('delete the saved model', () =>
    transact([Store.meta, Store.models], 'readwrite', async (tx) => {
      const release = (await activeRelease(tx)) ?? LEGACY_RELEASE;
      await tx.objectStore(Store.models).delete([release, kind]);
    }),
  );
}
