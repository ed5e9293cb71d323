/**
 * The user's profile and ratings on the main thread. Every change is written to IndexedDB first
 * (src/storage/profile) and only then shown, so what the user sees is what a reload will show.
 * A change made in another tab is re-read at once, so no tab shows (or exports) an older snapshot.
 * Profile and ratings belong to the active DATA VERSION (issue 22): a switch, or new content for
 * the release, re-reads them, and until they are read the state is not `loaded` (never another
 * data set's profile on its movies). Every write names the data version the person saw (`films`,
 * the catalogue the cards came from); storage refuses it when another is active by then, and the
 * action is re-applied there only when its id names the same film (title and year), else the
 * person is told it was not saved. What a carry-over left behind is `carry`.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ReelError } from '../../core/errors';
import type { Movie } from '../../core/data/types';
import { actionWords, type FilmMark, type Profile, type UserRating } from '../../core/profile';
import type { CarryReport } from '../../core/profile/carryOver';
import {
  applyActions,
  deleteUserRating,
  undoActions,
  type AppliedBatch,
  onProfileChanged,
  putUserRating,
  readProfile,
  reapplyAction,
  replaceProfile,
  resetProfile,
  restoreUserRating,
  saveProfile,
  type ReapplyOutcome,
} from '../../storage/profile';

export interface ProfileState {
  loaded: boolean;
  /** the data version they were read for */
  dataVersion?: string;
  profile: Profile | undefined;
  /** by movie id, in the order given */
  ratings: Map<number, UserRating>;
  /** set when this profile was carried over from replaced content: what was and was not */
  carry?: CarryReport;
}

/** The catalogue the person acts on (its films name the title and year stored with an action). */
export interface FilmLookup {
  dataVersion: string;
  movies: readonly Movie[];
  indexOf: ReadonlyMap<number, number>;
}

/** The data version a write names: the one the cards came from, else the one shown. */
const versionOf = (a: { dataVersion: string | undefined; films: FilmLookup | undefined }) =>
  a.films?.dataVersion ?? a.dataVersion ?? '';

const isStale = (e: unknown) => e instanceof ReelError && e.code === 'stale-version';

/** The message for an action that was refused and could not be re-applied. */
function notReapplied(r: UserRating, outcome: ReapplyOutcome & { applied: false }): ReelError {
  const what = r.rating !== null ? actionWords(r) : `“${actionWords(r)}”`;
  const film = r.title ? `${r.title}${r.year ? ` (${r.year})` : ''}` : `movie ${r.movieId}`;
  const why = {
    'no-data': 'no data set is ready now',
    'no-profile': 'you have no profile in the data set that is active now',
    untitled: 'Reel could not tell which film it was',
    absent: 'the data set that is active now does not have that film',
    'other-film': 'in the data set that is active now that movie id is another film',
  }[outcome.reason];
  return new ReelError(
    'stale-version',
    `Your ${what} for ${film} was not saved: the data set changed while you gave it, and ${why}.`,
  );
}

export function useProfile(
  report: (e: unknown) => void,
  dataVersion: string | undefined,
  films?: FilmLookup,
) {
  const [state, setState] = useState<ProfileState>({
    loaded: false,
    profile: undefined,
    ratings: new Map(),
  });

  // Also read before the data set is known (release undefined): that opens the database at once,
  // as the first screen always did; the answer counts only once it is read for the release.
  useEffect(() => {
    let live = true;
    const load = () =>
      readProfile()
        .then((read) => {
          // Read for another version than this view's (a switch under way): the next read counts.
          if (live && read.dataVersion === dataVersion)
            setState({
              loaded: true,
              dataVersion,
              profile: read.profile,
              ratings: new Map(read.ratings.map((r) => [r.movieId, r])),
              ...(read.carry ? { carry: read.carry } : {}),
            });
        })
        .catch((e) => {
          // The early read is only a warm-up: the read for the data version reports what fails.
          if (dataVersion === undefined) return;
          report(e);
          if (live) setState((s) => ({ ...s, loaded: true, dataVersion }));
        });
    void load();
    const stop = onProfileChanged(() => void load());
    return () => {
      live = false;
      stop();
    };
  }, [report, dataVersion]);

  // The version (and films) the person is acting on, as of the latest render.
  const acting = useRef({ dataVersion, films });
  acting.current = { dataVersion, films };

  const create = useCallback(
    async (profile: Profile) => {
      try {
        await saveProfile(profile, versionOf(acting.current));
        setState((s) => ({ ...s, profile }));
      } catch (e) {
        report(e);
      }
    },
    [report],
  );

  /**
   * rating in stars (1..5, or 0.5..5 in halves), or null for "haven't seen"; with `mark` (and a
   * null rating) a seen / watchlist / not-interested mark instead
   */
  const act = useCallback(
    async (movieId: number, rating: number | null, mark?: FilmMark) => {
      const { films } = acting.current;
      const v = versionOf(acting.current);
      const i = films?.dataVersion === v ? films.indexOf.get(movieId) : undefined;
      const film = i === undefined ? undefined : films!.movies[i];
      const r: UserRating = {
        movieId,
        rating: mark ? null : rating,
        ...(mark ? { mark } : {}),
        at: Date.now(),
        ...(film ? { title: film.title, year: film.year } : {}),
      };
      try {
        const stored = await putUserRating(r, v);
        setState((s) => {
          if (s.dataVersion !== v) return s;
          const ratings = new Map(s.ratings);
          ratings.delete(movieId);
          ratings.set(movieId, stored);
          return { ...s, ratings };
        });
      } catch (e) {
        if (!isStale(e)) return report(e);
        // A switch overtook it: saved in the new data set only if it is the same film there (the
        // new data set's state is re-read on the switch, so this tab shows it then).
        try {
          const outcome = await reapplyAction(r);
          if (!outcome.applied) report(notReapplied(r, outcome));
        } catch (e2) {
          report(e2);
        }
      }
    },
    [report],
  );

  const rate = useCallback((movieId: number, rating: number | null) => act(movieId, rating), [act]);

  /** Marks a film seen (watched, unrated), wanted (watchlist) or not interested. */
  const mark = useCallback((movieId: number, m: FilmMark) => act(movieId, null, m), [act]);

  /**
   * Undo: puts back exactly `previous` (the action the film had before, with its time and clock)
   * for `movieId`, or removes the film's action when it had none.
   */
  const restore = useCallback(
    async (movieId: number, previous: UserRating | undefined) => {
      const v = versionOf(acting.current);
      try {
        await restoreUserRating(movieId, previous, v);
        setState((s) => {
          if (s.dataVersion !== v) return s;
          const ratings = new Map(s.ratings);
          ratings.delete(movieId);
          if (previous) ratings.set(movieId, previous);
          return { ...s, ratings };
        });
      } catch (e) {
        report(e);
      }
    },
    [report],
  );

  const unrate = useCallback(
    async (movieId: number) => {
      try {
        await deleteUserRating(movieId, versionOf(acting.current));
        setState((s) => {
          const ratings = new Map(s.ratings);
          ratings.delete(movieId);
          return { ...s, ratings };
        });
      } catch (e) {
        report(e);
      }
    },
    [report],
  );

  /** Re-reads the stored state (after a batch written in storage) for the version acted on. */
  const reread = useCallback(async (v: string) => {
    const read = await readProfile();
    if (read.dataVersion !== v) return;
    setState((s) =>
      s.dataVersion !== v
        ? s
        : {
            loaded: true,
            dataVersion: v,
            profile: read.profile,
            ratings: new Map(read.ratings.map((r) => [r.movieId, r])),
            ...(read.carry ? { carry: read.carry } : {}),
          },
    );
  }, []);

  /**
   * Saves a batch of actions (a history import) in one transaction, with `profile` at signup;
   * returns what it replaced, for `undoBatch`. Throws (nothing saved) when it fails.
   */
  const applyBatch = useCallback(
    async (actions: readonly UserRating[], profile?: Profile): Promise<AppliedBatch> => {
      const v = versionOf(acting.current);
      const batch = await applyActions(actions, v, profile);
      await reread(v);
      return batch;
    },
    [reread],
  );

  /** Undoes a whole batch in one step; returns how many films got their previous state back. */
  const undoBatch = useCallback(
    async (batch: AppliedBatch): Promise<number> => {
      const n = await undoActions(batch);
      await reread(batch.dataVersion);
      return n;
    },
    [reread],
  );

  /** Changes the genres or demographics (the ratings stay): saving a profile, as at signup. */
  const update = create;

  /** Replaces profile and actions (an import made for the data version `forVersion`). */
  const replace = useCallback(
    async (
      profile: Profile,
      ratings: UserRating[],
      forVersion: string = versionOf(acting.current),
    ) => {
      await replaceProfile(profile, ratings, forVersion);
      setState((s) =>
        s.dataVersion !== forVersion
          ? s
          : {
              loaded: true,
              dataVersion: s.dataVersion,
              profile,
              ratings: new Map(ratings.map((r) => [r.movieId, r])),
            },
      );
    },
    [],
  );

  const reset = useCallback(async () => {
    try {
      const v = versionOf(acting.current);
      await resetProfile(v);
      setState((s) => ({
        loaded: true,
        dataVersion: s.dataVersion,
        profile: undefined,
        ratings: new Map(),
      }));
    } catch (e) {
      report(e);
    }
  }, [report]);

  // What was read for another data set (before a switch) is not this one's: not loaded yet.
  const current = state.dataVersion === dataVersion;
  const view = useMemo(
    (): ProfileState =>
      current ? state : { loaded: false, dataVersion, profile: undefined, ratings: new Map() },
    [current, state, dataVersion],
  );

  /** the star ratings only (no "haven't seen" or marks), in the order given: the rating models' */
  const starRatings = useMemo(
    () =>
      [...view.ratings.values()]
        .filter((r): r is UserRating & { rating: number } => r.rating !== null)
        .map((r) => ({ movieId: r.movieId, rating: r.rating })),
    [view.ratings],
  );

  /**
   * What the person watched, for the ranking model (who watched what): star ratings and 'seen'
   * marks (rating null). Applying the dislike rule to low stars is the recommender's job.
   */
  const watched = useMemo(
    () =>
      [...view.ratings.values()]
        .filter((r) => r.rating !== null || r.mark === 'seen')
        .map((r) => ({ movieId: r.movieId, rating: r.rating })),
    [view.ratings],
  );

  /** the watchlist ('want'), in the order given */
  const watchlist = useMemo(
    () => [...view.ratings.values()].filter((r) => r.mark === 'want'),
    [view.ratings],
  );

  /** films marked "not interested", in the order given */
  const notInterested = useMemo(
    () => [...view.ratings.values()].filter((r) => r.mark === 'not-interested'),
    [view.ratings],
  );

  // One object per change, not per render: components and memoized cards can depend on it.
  return useMemo(
    () => ({
      ...view,
      starRatings,
      watched,
      watchlist,
      notInterested,
      create,
      update,
      rate,
      mark,
      restore,
      unrate,
      replace,
      reset,
      applyBatch,
      undoBatch,
      reread,
    }),
    [
      view,
      starRatings,
      watched,
      watchlist,
      notInterested,
      create,
      update,
      rate,
      mark,
      restore,
      unrate,
      replace,
      reset,
      applyBatch,
      undoBatch,
      reread,
    ],
  );
}

export type ProfileStore = ReturnType<typeof useProfile>;
