/** Trained model weights per kind. Records are checked against the active data version by readers. */
import { db, Store, type ModelKey, type ModelRecord } from './db';
import { guard, transact } from './tx';

export function saveModel(rec: ModelRecord): Promise<void> {
  return guard('save the trained model', () =>
    transact([Store.models], 'readwrite', async (tx) => {
      await tx.objectStore(Store.models).put(rec);
    }),
  );
}

export function getModel(kind: ModelKey): Promise<ModelRecord | undefined> {
  return guard('read the saved model', async () => (await db()).get(Store.models, kind));
}

export function deleteModel(kind: ModelKey): Promise<void> {
  return guard('delete the saved model', () =>
    transact([Store.models], 'readwrite', (tx) => tx.objectStore(Store.models).delete(kind)),
  );
}
