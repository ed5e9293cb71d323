/**
 * Trained model weights per kind, of the ACTIVE data set (keyed [release, kind]). Records are
 * checked against the active data version by readers.
 */
import { activeRelease } from './dataset';
import { db, LEGACY_RELEASE, Store, type ModelKey, type ModelRecord } from './db';
import { guard, transact } from './tx';

export function saveModel(rec: ModelRecord): Promise<void> {
  return guard('save the trained model', () =>
    transact([Store.meta, Store.models], 'readwrite', async (tx) => {
      const release = (await activeRelease(tx)) ?? LEGACY_RELEASE;
      await tx.objectStore(Store.models).put({ ...rec, release });
    }),
  );
}

export function getModel(kind: ModelKey): Promise<ModelRecord | undefined> {
  return guard('read the saved model', async () => {
    const tx = (await db()).transaction([Store.meta, Store.models], 'readonly');
    const release = (await activeRelease(tx)) ?? LEGACY_RELEASE;
    const rec = await tx.objectStore(Store.models).get([release, kind]);
    await tx.done;
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
