/**
 * The user's own profile and ratings. These are the only data the user creates; they never leave
 * the device except through an explicit export. Anything read back (IndexedDB, an imported JSON
 * file) goes through `restoreProfileExport`, which treats it as untrusted. Rules kept here:
 * - genres are names from GENRES, each once (nothing else, however it is spelled, is kept);
 * - an export carries the data version its movie ids belong to; an import from another data
 *   version is refused, since the same id may be another film there;
 * - an import never silently undoes a newer action: actions compare by their clock
 *   (profile/ordering.ts), not by wall-clock time;
 * - into a data set rated in whole stars, imported half stars are rounded by HALF_STAR_RULE.
 */
import { ReelError } from './errors';
import { GENRES, type Gender } from './data/types';
import { MIN_GENRE_PICKS } from './recommend/stage';
import { orderOf } from './profile/ordering';

export interface Profile {
  genres: string[];
  gender?: Gender;
  age?: number;
  occupation?: number;
  createdAt: number;
}

/**
 * The states an action without stars can mark a film with: watched but unrated ('seen': a watch
 * for the ranking model, ignored by the rating models, never recommended), on the watchlist
 * ('want': kept out of the recommendation tiers) or 'not-interested' (never shown again).
 */
export type FilmMark = 'seen' | 'want' | 'not-interested';
const FILM_MARKS: readonly FilmMark[] = ['seen', 'want', 'not-interested'];
/** Each mark in words, as the screens say it. */
export const MARK_WORDS: Readonly<Record<FilmMark, string>> = {
  seen: 'seen',
  want: 'want to watch',
  'not-interested': 'not interested',
};

/** An action in words: its stars ("4★"), its mark ("want to watch"), or "haven’t seen". */
export function actionWords(a: { rating: number | null; mark?: FilmMark }): string {
  return a.rating !== null ? `${a.rating}★` : a.mark ? MARK_WORDS[a.mark] : 'haven’t seen';
}

/**
 * One user action on a movie: a rating in stars (1..5, or 0.5..5 in halves where the data set has
 * half stars), or `null` with no mark for "haven't seen" (dismissed, still eligible later), or
 * `null` with a `mark` (see FilmMark). A mark never goes with stars.
 */
export interface UserRating {
  movieId: number;
  rating: number | null;
  /** set only when `rating` is null */
  mark?: FilmMark;
  /** wall-clock time it was given (ms), shown to the person; never used alone to order */
  at: number;
  /** its place in the profile's order (hybrid logical clock, profile/ordering.ts) */
  hlc?: number;
  /** the film the id named when the action was given (so it is never re-pointed) */
  title?: string;
  year?: number | null;
}

/** How imported half stars become whole stars where the data set has no halves (stated on screen). */
export const HALF_STAR_RULE =
  'This data set rates in whole stars, so imported half stars were rounded up (3.5★ became 4★, 0.5★ became 1★).';

/** Round half up to a whole star (see HALF_STAR_RULE); whole stars and null stay. */
export function toWholeStars(rating: number | null): number | null {
  return rating === null ? null : Math.min(5, Math.max(1, Math.floor(rating + 0.5)));
}

/** Format 2 added `dataVersion`; format 1 files cannot say which films their ids name. */
const PROFILE_EXPORT_FORMAT = 'reel-profile/2';
const OLD_FORMAT = 'reel-profile/1';

interface ProfileExport {
  format: typeof PROFILE_EXPORT_FORMAT;
  exportedAt: string;
  /** the data version (manifest dataVersion) the movie ids belong to */
  dataVersion: string;
  profile: Profile;
  ratings: UserRating[];
}

export function makeProfileExport(
  profile: Profile,
  ratings: UserRating[],
  dataVersion: string,
  now = new Date(),
) {
  return {
    format: PROFILE_EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    dataVersion,
    profile,
    ratings,
  } satisfies ProfileExport;
}

const KNOWN_GENRES: ReadonlySet<string> = new Set(GENRES);

const bad = (why: string) =>
  new ReelError('profile-invalid', `This file is not a Reel profile export: ${why}.`);

const isInt = (v: unknown, lo: number, hi: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

export function restoreProfile(value: unknown): Profile {
  if (typeof value !== 'object' || value === null) throw bad('the profile is missing');
  const p = value as Record<string, unknown>;
  if (!Array.isArray(p.genres) || !p.genres.every((g) => typeof g === 'string'))
    throw bad('its genres are not a list of names');
  // Checked before looking at each one: a list of a million names is refused at once.
  if (p.genres.length > GENRES.length) throw bad(`it lists more than ${GENRES.length} genres`);
  const unknown = (p.genres as string[]).find((g) => !KNOWN_GENRES.has(g));
  if (unknown !== undefined) throw bad(`"${unknown.slice(0, 40)}" is not a genre Reel knows`);
  const genres = [...new Set(p.genres as string[])];
  if (genres.length < MIN_GENRE_PICKS) throw bad(`it has fewer than ${MIN_GENRE_PICKS} genres`);
  const out: Profile = {
    genres,
    createdAt: isInt(p.createdAt, 0, Number.MAX_SAFE_INTEGER) ? p.createdAt : Date.now(),
  };
  if (p.gender !== undefined) {
    if (p.gender !== 'M' && p.gender !== 'F') throw bad('its gender is not M or F');
    out.gender = p.gender;
  }
  if (p.age !== undefined) {
    if (![1, 18, 25, 35, 45, 50, 56].includes(p.age as number))
      throw bad('its age bracket is unknown');
    out.age = p.age as number;
  }
  if (p.occupation !== undefined) {
    if (!isInt(p.occupation, 0, 20)) throw bad('its occupation is unknown');
    out.occupation = p.occupation;
  }
  return out;
}

export function restoreRating(value: unknown): UserRating {
  if (typeof value !== 'object' || value === null) throw bad('a rating is not an object');
  const r = value as Record<string, unknown>;
  if (!isInt(r.movieId, 1, 0xffffffff)) throw bad('a rating has no valid movie id');
  // Whole stars 1..5, or half stars 0.5..5 (the releases since ML-10M rate in halves).
  if (r.rating !== null && !(typeof r.rating === 'number' && isInt(r.rating * 2, 1, 10)))
    throw bad('a rating is not 0.5 to 5 stars');
  if (r.mark !== undefined) {
    if (!FILM_MARKS.includes(r.mark as FilmMark))
      throw bad('a mark is not seen, want or not-interested');
    if (r.rating !== null) throw bad('a film is both rated and marked');
  }
  const out: UserRating = {
    movieId: r.movieId,
    rating: r.rating as number | null,
    at: isInt(r.at, 0, Number.MAX_SAFE_INTEGER) ? r.at : 0,
  };
  if (r.mark !== undefined) out.mark = r.mark as FilmMark;
  if (isInt(r.hlc, 0, Number.MAX_SAFE_INTEGER)) out.hlc = r.hlc;
  // What the id named: kept only when it is plausible text (shown as text, never as markup).
  if (typeof r.title === 'string' && r.title.length <= MAX_TITLE) {
    out.title = r.title;
    out.year = isInt(r.year, 1000, 9999) ? r.year : null;
  }
  return out;
}

const MAX_TITLE = 1000;

/**
 * Validates an imported export made for the data version `dataVersion` (the one stored now);
 * `knownMovie` drops nothing silently: unknown movies are an error.
 */
export function restoreProfileExport(
  value: unknown,
  dataVersion: string,
  knownMovie: (id: number) => boolean = () => true,
  options: { halfStars?: boolean } = {},
): { profile: Profile; ratings: UserRating[]; rounded: number } {
  if (typeof value !== 'object' || value === null) throw bad('it is not a JSON object');
  const v = value as Record<string, unknown>;
  if (v.format === OLD_FORMAT)
    throw bad(
      'it was made by an older Reel that did not record which MovieLens data its movie ids belong to, ' +
        'so they might name other films here',
    );
  if (v.format !== PROFILE_EXPORT_FORMAT) throw bad(`its format is not ${PROFILE_EXPORT_FORMAT}`);
  if (typeof v.dataVersion !== 'string' || v.dataVersion === '')
    throw bad('it does not say which MovieLens data it belongs to');
  if (v.dataVersion !== dataVersion)
    throw new ReelError(
      'profile-invalid',
      `This profile was exported with other MovieLens data (data version ${v.dataVersion.slice(0, 40)}, ` +
        `this browser has ${dataVersion}); its movie ids would name other films here, so it was not imported.`,
    );
  if (!Array.isArray(v.ratings)) throw bad('it has no ratings list');
  const profile = restoreProfile(v.profile);
  let rounded = 0;
  const ratings = v.ratings.map(restoreRating).map((r) => {
    if (options.halfStars !== false || r.rating === null || Number.isInteger(r.rating)) return r;
    rounded++;
    return { ...r, rating: toWholeStars(r.rating) };
  });
  const unknown = ratings.find((r) => !knownMovie(r.movieId));
  if (unknown) throw bad(`it rates movie ${unknown.movieId}, which is not in this data set`);
  const seen = new Set<number>();
  for (const r of ratings) {
    if (seen.has(r.movieId)) throw bad(`it rates movie ${r.movieId} twice`);
    seen.add(r.movieId);
  }
  return { profile, ratings, rounded };
}

/**
 * What importing `incoming` over `current` would lose: ratings stored now that the file lacks, and
 * ratings stored now that are newer than the file's, action by action by their clock (orderOf),
 * so a wall clock set back cannot make a newer action look older. An older snapshot never
 * silently overwrites newer data: the UI asks first when either is non-zero.
 */
export function importLosses(
  current: readonly UserRating[],
  incoming: readonly UserRating[],
): { missing: number; newer: number } {
  const theirs = new Map(incoming.map((r) => [r.movieId, r]));
  let missing = 0;
  let newer = 0;
  for (const r of current) {
    const t = theirs.get(r.movieId);
    if (!t) missing++;
    else if (orderOf(r) > orderOf(t) && !sameAction(r, t)) newer++;
  }
  return { missing, newer };
}

/** The state an action leaves a film in, for display and filters. */
export type FilmState = 'stars' | 'not-seen' | FilmMark;

export function stateOf(r: Pick<UserRating, 'rating' | 'mark'>): FilmState {
  return r.rating !== null ? 'stars' : (r.mark ?? 'not-seen');
}

/** True when two actions leave the film in the same state (same stars, or same mark). */
export function sameAction(
  a: Pick<UserRating, 'rating' | 'mark'>,
  b: Pick<UserRating, 'rating' | 'mark'>,
): boolean {
  return a.rating === b.rating && (a.mark ?? null) === (b.mark ?? null);
}
