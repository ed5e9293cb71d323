/**
 * The last applied history import, kept for its one-step Undo while the app is open (an import at
 * signup leads straight on to the lists; its Undo is then found on "Your ratings"). It belongs to
 * the data set it was saved to: another data set's screens never offer to undo it.
 */
import { useSyncExternalStore } from 'react';
import type { AppliedBatch } from '../../storage/profile';

export interface LastImport {
  batch: AppliedBatch;
  /** films it saved */
  count: number;
}

let last: LastImport | undefined;
const listeners = new Set<() => void>();

export function setLastImport(value: LastImport | undefined): void {
  last = value;
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

/** The last import, if it went to `dataVersion`. */
export function useLastImport(dataVersion: string): LastImport | undefined {
  const value = useSyncExternalStore(subscribe, () => last);
  return value?.batch.dataVersion === dataVersion ? value : undefined;
}
