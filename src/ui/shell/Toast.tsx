/**
 * A short confirmation with Undo ("Rated Heat 4★ · Undo"), fixed at the bottom of the window so it
 * never moves the page under the pointer; gone after TOAST_MS or a click on Undo, which restores
 * exactly the state before the action.
 * A new toast lets taps and clicks through for TOAST_ARM_MS (data-armed="false"): it appears
 * over cards right after a rating, and a second tap aimed at a star there before it appeared
 * must land on that star, not on the toast or its Undo.
 */
import { useEffect, useState } from 'react';

export interface ToastAction {
  /** what was done, in words */
  text: string;
  undo: () => void;
  /** changes with every action, so the same words twice still restart the timer */
  key: number;
}

const TOAST_MS = 8000;
/** about a person's reaction time: a tap sooner than this was aimed before the toast showed */
const TOAST_ARM_MS = 600;

export function Toast({ action, onDone }: { action: ToastAction | null; onDone: () => void }) {
  useEffect(() => {
    if (!action) return;
    const t = setTimeout(onDone, TOAST_MS);
    return () => clearTimeout(t);
  }, [action, onDone]);
  const [armed, setArmed] = useState<number | null>(null);
  useEffect(() => {
    if (!action) return;
    const t = setTimeout(() => setArmed(action.key), TOAST_ARM_MS);
    return () => clearTimeout(t);
  }, [action]);
  return (
    <div className="toast-dock" role="status" aria-live="polite">
      {action && (
        <p
          className="toast"
          data-testid="rated-notice"
          data-armed={String(armed === action.key)}
          key={action.key}
        >
          <span data-testid="toast-text">{action.text}</span>{' '}
          <button
            type="button"
            className="link"
            data-testid="undo"
            onClick={() => {
              action.undo();
              onDone();
            }}
          >
            Undo
          </button>
        </p>
      )}
    </div>
  );
}
