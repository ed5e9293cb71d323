import { useEffect } from 'react';

export interface LastRating {
  title: string;
  /** 1..5, or null for "haven't seen" */
  rating: number | null;
  undo: () => void;
}

const SHOWN_MS = 8000;

/** "Rated Heat 4★ · Undo": a short confirmation after rating an offer, gone after a few seconds. */
export function RatedNotice({ last, onDone }: { last: LastRating | null; onDone: () => void }) {
  useEffect(() => {
    if (!last) return;
    const t = setTimeout(onDone, SHOWN_MS);
    return () => clearTimeout(t);
  }, [last, onDone]);
  return (
    <p className="rated-notice" role="status" data-testid="rated-notice">
      {last && (
        <>
          {last.rating === null
            ? `Marked “${last.title}” as not seen.`
            : `Rated “${last.title}” ${last.rating}★.`}{' '}
          <button
            type="button"
            className="link"
            data-testid="undo-rating"
            onClick={() => {
              last.undo();
              onDone();
            }}
          >
            Undo
          </button>
        </>
      )}
    </p>
  );
}
