import type { ReactNode } from 'react';
import { movieHref, openDetails, type DetailsNote } from './detailsRoute';

/**
 * A film's title as the way into its details: a real link (#/movie/<id>, so it can be opened in
 * a new tab or copied), that opens the details in place and hands over what the card knew.
 */
export function DetailsLink({
  movieId,
  note,
  children,
}: {
  movieId: number;
  note?: DetailsNote;
  children: ReactNode;
}) {
  return (
    <a
      className="details-link"
      href={movieHref(movieId)}
      data-testid="details-link"
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        openDetails(movieId, note);
      }}
    >
      {children}
    </a>
  );
}
