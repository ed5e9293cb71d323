/**
 * The "similar movies" dialog's state: which movie it shows (catalog index), opened from any
 * card through SimilarContext. Closed, focus goes back to the button that opened it, or to the
 * page heading when that card is gone (rated meanwhile).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { focusHeading } from '../shell/focus';
import type { CatalogView } from '../state/useCatalog';

export function useSimilarDialog(catalog: CatalogView) {
  const [similarTo, setSimilarTo] = useState<number | null>(null);
  const opener = useRef<Element | null>(null);
  const showSimilar = useCallback(
    (movieId: number) => {
      opener.current = document.activeElement;
      setSimilarTo(catalog.indexOf.get(movieId) ?? null);
    },
    [catalog],
  );
  const closeSimilar = useCallback(() => setSimilarTo(null), []);
  // Closed (after the dialog's own clean-up): back to the opener.
  const open = similarTo !== null;
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open || !wasOpen.current) {
      wasOpen.current = open;
      return;
    }
    wasOpen.current = false;
    const el = opener.current;
    if (el instanceof HTMLElement && el.isConnected) el.focus();
    else focusHeading();
  }, [open]);
  return { similarTo, showSimilar, closeSimilar };
}
