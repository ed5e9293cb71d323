/**
 * The film details route, `#/movie/<id>`: a dialog over whatever page was open, linkable and
 * back-button safe. Rules:
 * - opening from the app pushes a history entry (Back closes it) that records how many details
 *   entries the app pushed in a row, so Close goes back over all of them to the page;
 * - a details URL loaded directly has no such entry: Close replaces it with the page's hash,
 *   so Close never leaves the app and Back never reopens it;
 * - every change is announced as a 'hashchange', the one event the routes listen to.
 * What a card knew of the film (its prediction and reason) is handed over on open (`noteFor`),
 * since a details URL alone does not say which list the film came from.
 */
import { useEffect, useState } from 'react';

const MOVIE_HASH = /^#\/?movie\/(\d{1,10})\/?$/;

/** The film id a hash names, or null when it names no film. */
export function movieIdOf(hash: string): number | null {
  const m = MOVIE_HASH.exec(hash);
  if (!m) return null;
  const id = Number(m[1]);
  return id >= 1 && id <= 0xffffffff ? id : null;
}

export const movieHref = (id: number): string => `#/movie/${id}`;

interface DetailsState {
  /** details entries the app pushed in a row, this one included */
  reelDetails: number;
}

const depthOf = (state: unknown): number => {
  const d = (state as Partial<DetailsState> | null)?.reelDetails;
  return typeof d === 'number' && Number.isInteger(d) && d > 0 ? d : 0;
};

const announce = () => window.dispatchEvent(new HashChangeEvent('hashchange'));

/** What a card showed about the film: its prediction and reason, when it was a recommendation. */
export interface DetailsNote {
  predicted?: number;
  why?: string;
}
const notes = new Map<number, DetailsNote>();

export const noteFor = (movieId: number): DetailsNote | undefined => notes.get(movieId);

/** Opens a film's details from the app (a new history entry). */
export function openDetails(movieId: number, note?: DetailsNote): void {
  if (note && (note.predicted !== undefined || note.why)) notes.set(movieId, note);
  else notes.delete(movieId);
  const here = movieIdOf(window.location.hash) !== null ? depthOf(history.state) : 0;
  const state: DetailsState = { reelDetails: here + 1 };
  history.pushState(state, '', movieHref(movieId));
  announce();
}

let closingTo: string | null = null;

/** Closes the details back to the page at `pageHash` (the page under the dialog). */
export function closeDetails(pageHash: string): void {
  const depth = depthOf(history.state);
  if (depth > 0) {
    // Back over the pushed entries; if that lands on a details URL loaded directly, it is
    // replaced too (see useDetailsRoute).
    closingTo = pageHash;
    history.go(-depth);
    return;
  }
  history.replaceState(null, '', pageHash);
  announce();
}

/** The film whose details are open (by id), or null. */
export function useDetailsRoute(): number | null {
  const [id, setId] = useState(() => movieIdOf(window.location.hash));
  useEffect(() => {
    const on = () => {
      let now = movieIdOf(window.location.hash);
      if (closingTo !== null) {
        const to = closingTo;
        closingTo = null;
        if (now !== null) {
          history.replaceState(null, '', to);
          now = null;
          announce();
        }
      }
      setId(now);
    };
    window.addEventListener('hashchange', on);
    window.addEventListener('popstate', on);
    return () => {
      window.removeEventListener('hashchange', on);
      window.removeEventListener('popstate', on);
    };
  }, []);
  return id;
}
