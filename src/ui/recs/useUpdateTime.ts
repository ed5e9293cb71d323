/**
 * How long from a rating's click to the lists on screen: shown under the lists, and read by the
 * e2e suite and the bench (data-update-ms, data-updates). Measured in a layout effect, so the
 * time ends when the new lists are in the DOM. A click before any model answered is no update.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';

export function useUpdateTime(
  /** the lists on screen: a new value is an update */
  lists: unknown,
  backed: boolean,
  clickAt: RefObject<number | null>,
): { updateMs: number | null; updates: number } {
  const [updateMs, setUpdateMs] = useState<number | null>(null);
  const [updates, setUpdates] = useState(0);
  useLayoutEffect(() => {
    if (clickAt.current === null) return;
    if (!backed) {
      clickAt.current = null; // a click before any model answered is not a model update
      return;
    }
    setUpdateMs(performance.now() - clickAt.current);
    setUpdates((u) => u + 1);
    clickAt.current = null;
  }, [lists, backed, clickAt]);
  return { updateMs, updates };
}
