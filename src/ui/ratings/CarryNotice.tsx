/**
 * After a carry-over (a release's content replaced, or a profile brought from other data): how
 * many of the person's actions were carried over (issue 22), and a list of the rest — each film
 * as it was stored (title and year, never what its id names now) with the reason it was not.
 * Dismissing it hides it for this data version on this device; the report stays with the profile.
 */
import { useId, useState } from 'react';
import { actionWords } from '../../core/profile';
import type { CarryReport } from '../../core/profile/carryOver';
import { carrySummary, notCarriedReason } from '../../core/profile/carryOver';
import { newestFirst } from '../../core/profile/ordering';
import { displayTitle } from '../../core/features/search';

const KEY = 'reel-carry-dismissed:';

/** Whether the notice for this carry-over (into `dataVersion`, from `from`) was dismissed. */
function wasDismissed(dataVersion: string, from: string): boolean {
  try {
    return localStorage.getItem(KEY + dataVersion) === from;
  } catch {
    return false;
  }
}

function remember(dataVersion: string, from: string): void {
  try {
    localStorage.setItem(KEY + dataVersion, from);
  } catch {
    /* private mode or storage off: dismissed for this visit only */
  }
}

export function CarryNotice({ carry, dataVersion }: { carry: CarryReport; dataVersion: string }) {
  const id = useId();
  const [dismissed, setDismissed] = useState(() => wasDismissed(dataVersion, carry.from));
  const [open, setOpen] = useState(false);
  if (dismissed) return null;
  const rest = [...carry.notCarried].sort((a, b) => newestFirst(a.action, b.action));
  return (
    <div className="ready-note carry-notice" data-testid="carry-notice">
      <p role="status">
        This profile comes from other MovieLens data (for example this data set before its content
        was replaced). <span data-testid="carry-summary">{carrySummary(carry)}</span> Nothing was
        moved to another film.
      </p>
      <div className="carry-actions">
        {rest.length > 0 && (
          <button
            type="button"
            className="link"
            aria-expanded={open}
            aria-controls={`${id}-rest`}
            data-testid="carry-show-rest"
            onClick={() => setOpen((o) => !o)}
          >
            {open ? 'Hide' : 'Show'} the {rest.length} not carried over
          </button>
        )}
        <button
          type="button"
          className="link"
          data-testid="carry-dismiss"
          onClick={() => {
            remember(dataVersion, carry.from);
            setDismissed(true);
          }}
        >
          Dismiss
        </button>
      </div>
      {open && (
        <ul id={`${id}-rest`} className="carry-rest" data-testid="carry-rest">
          {rest.map((n, i) => (
            <li
              key={`${n.action.movieId}-${i}`}
              data-testid="carry-rest-item"
              data-movie-id={n.action.movieId}
              data-reason={n.reason}
            >
              <span className="carry-film">
                {n.action.title === undefined
                  ? `Movie ${n.action.movieId}`
                  : displayTitle(n.action.title)}
                {n.action.year ? ` (${n.action.year})` : ''}
              </span>{' '}
              <span className="muted">
                — {actionWords(n.action)}; {notCarriedReason(n)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
