/**
 * The user's profile and ratings on the main thread. Every change is written to IndexedDB first
 * (src/storage/profile) and only then shown, so what the user sees is what a reload will show.
 * A change made in another tab is re-read at once, so no tab shows (or exports) an older snapshot.
 * Profile and ratings belong to the active data set (`release`): a switch re-reads them, and until
 * they are read the state is not `loaded` (never the other data set's profile on its movies).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Profile, UserRating } from '../../core/profile';
import {
  deleteUserRating,
  getProfile,
  getUserRatings,
  onProfileChanged,
  putUserRating,
  replaceProfile,
  resetProfile,
  saveProfile,
} from '../../storage/profile';

export interface ProfileState {
  loaded: boolean;
  /** the data set they were read for */
  release?: string;
  profile: Profile | undefined;
  /** by movie id, in the order given */
  ratings: Map<number, UserRating>;
}

export function useProfile(report: (e: unknown) => void, release: string | undefined) {
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
      Promise.all([getProfile(), getUserRatings()])
        .then(([profile, ratings]) => {
          if (live)
            setState({
              loaded: true,
              release,
              profile,
              ratings: new Map(ratings.map((r) => [r.movieId, r])),
            });
        })
        .catch((e) => {
          // The early read is only a warm-up: the read for the release reports what fails.
          if (release === undefined) return;
          report(e);
          if (live) setState((s) => ({ ...s, loaded: true, release }));
        });
    void load();
    const stop = onProfileChanged(() => void load());
    return () => {
      live = false;
      stop();
    };
  }, [report, release]);

  const create = useCallback(
    async (profile: Profile) => {
      try {
        await saveProfile(profile);
        setState((s) => ({ ...s, profile }));
      } catch (e) {
        report(e);
      }
    },
    [report],
  );

  /** rating in stars (1..5, or 0.5..5 in halves), or null for "haven't seen" */
  const rate = useCallback(
    async (movieId: number, rating: number | null) => {
      const r: UserRating = { movieId, rating, at: Date.now() };
      try {
        await putUserRating(r);
        setState((s) => {
          const ratings = new Map(s.ratings);
          ratings.delete(movieId);
          ratings.set(movieId, r);
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
        await deleteUserRating(movieId);
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

  /** Changes the genres or demographics (the ratings stay): saving a profile, as at signup. */
  const update = create;

  const replace = useCallback(async (profile: Profile, ratings: UserRating[]) => {
    await replaceProfile(profile, ratings);
    setState((s) => ({
      loaded: true,
      release: s.release,
      profile,
      ratings: new Map(ratings.map((r) => [r.movieId, r])),
    }));
  }, []);

  const reset = useCallback(async () => {
    try {
      await resetProfile();
      setState((s) => ({
        loaded: true,
        release: s.release,
        profile: undefined,
        ratings: new Map(),
      }));
    } catch (e) {
      report(e);
    }
  }, [report]);

  // What was read for another data set (before a switch) is not this one's: not loaded yet.
  const current = state.release === release;
  const view = useMemo(
    (): ProfileState =>
      current ? state : { loaded: false, release, profile: undefined, ratings: new Map() },
    [current, state, release],
  );

  /** the star ratings only (no "haven't seen"), in the order given */
  const starRatings = useMemo(
    () =>
      [...view.ratings.values()]
        .filter((r): r is UserRating & { rating: number } => r.rating !== null)
        .map((r) => ({ movieId: r.movieId, rating: r.rating })),
    [view.ratings],
  );

  // One object per change, not per render: components and memoized cards can depend on it.
  return useMemo(
    () => ({ ...view, starRatings, create, update, rate, unrate, replace, reset }),
    [view, starRatings, create, update, rate, unrate, replace, reset],
  );
}

export type ProfileStore = ReturnType<typeof useProfile>;
