/**
 * The user's own profile and ratings. These are the only data the user creates; they never leave
 * the device except through an explicit export. Anything read back (IndexedDB, an imported JSON
 * file) goes through `restoreProfileExport`, which treats it as untrusted. Rules kept here:
 * - genres are names from GENRES, each once (nothing else, however it is spelled, is kept);
 * - an export carries the data version its movie ids belong to; an import from another data
 *   version is refused, since the same id may be another film there.
 */
import { ReelError } from './errors';
import { GENRES, type Gender } from './data/types';
import { MIN_GENRE_PICKS } from './recommend/stage';

export interface Profile {
  genres: string[];
  gender?: Gender;
  age?: number;
  occupation?: number;
  createdAt: number;
}

/**
 * One user action on a movie: a rating in stars (1..5, or 0.5..5 in halves where the data set has
 * half stars), or `null` for "haven't seen" (dismissed).
 */
export interface UserRating {
  movieId: number;
  rating: number | null;
  at: number;
}

/** Format 2 added `dataVersion`; format 1 files cannot say which films their ids name. */
export const PROFILE_EXPORT_FORMAT = 'reel-profile/2';
const OLD_FORMAT = 'reel-profile/1';

export interface ProfileExport {
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
  return {
    movieId: r.movieId,
    rating: r.rating as number | null,
    at: isInt(r.at, 0, Number.MAX_SAFE_INTEGER) ? r.at : 0,
  };
}

/**
 * Validates an imported export made for the data version `dataVersion` (the one stored now);
 * `knownMovie` drops nothing silently: unknown movies are an error.
 */
export function restoreProfileExport(
  value: unknown,
  dataVersion: string,
  knownMovie: (id: number) => boolean = () => true,
): { profile: Profile; ratings: UserRating[] } {
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
  const ratings = v.ratings.map(restoreRating);
  const unknown = ratings.find((r) => !knownMovie(r.movieId));
  if (unknown) throw bad(`it rates movie ${unknown.movieId}, which is not in this data set`);
  const seen = new Set<number>();
  for (const r of ratings) {
    if (seen.has(r.movieId)) throw bad(`it rates movie ${r.movieId} twice`);
    seen.add(r.movieId);
  }
  return { profile, ratings };
}

/**
 * What importing `incoming` over `current` would lose: ratings stored now that the file lacks, and
 * ratings stored now that are newer than the file's. An older snapshot never silently overwrites
 * newer data: the UI asks first when either is non-zero.
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
    else if (r.at > t.at && r.rating !== t.rating) newer++;
  }
  return { missing, newer };
}
