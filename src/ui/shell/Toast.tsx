/**
 * A short confirmation with Undo ("Rated Heat 4★ · Undo"), fixed at the bottom of the window so it
 * never moves the page under the pointer; gone after TOAST_MS or a click on Undo, which restores
 * exactly the state before the action.
 */
import { useEffect } from 'react';

export interface ToastAction {
  /** what was done, in words */
  text: string;
  undo: () => void;
  /** changes with every action, so the same words twice still restart the timer */
  key: number;
}

const TOAST_MS = 8000;

export function Toast({ action, onDone }: { action: ToastAction | null; onDone: () => void }) {
  useEffect(() => {
    if (!action) return;
    const t = setTimeout(onDone, TOAST_MS);
    return () => clearTimeout(t);
  }, [action, onDone]);
  return (
    <div className="toast-dock" role="status" aria-live="polite">
      {action && (
        <p className="toast" data-testid="rated-notice" key={action.key}>
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
