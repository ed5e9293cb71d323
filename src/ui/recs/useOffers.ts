/**
 * The content stage's offers: movies close to the person's genres, mixed across popularity
 * tiers, seeded by popularity among people like the person where the data set knows its raters'
 * demographics (elsewhere nobody would match). Empty after the content stage.
 * Stable offers: once the person acts on a card, the grid holds still (a rated or dismissed card
 * stays in place, marked, with Undo) until they ask for more (`more`: the cards not acted on keep
 * their places and new offers are appended at the end) or leave the stage.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { chooseOffers } from '../../core/recommend/offer';
import { dataWorker } from '../bridge';
import { useDataTraits } from '../data/traits';
import { useReportError } from '../shell/errors';
import type { CatalogView } from '../state/useCatalog';
import type { ProfileStore } from '../state/useProfile';
import type { PersonalSignals } from './usePersonalSignals';

export function useOffers(
  active: boolean,
  catalog: CatalogView,
  profile: ProfileStore,
  { contentScores, exclude }: PersonalSignals,
): { offers: number[]; more: () => void; acted: number } {
  const report = useReportError();
  // Popularity among people like the user (if they told us), to seed the first offers.
  const demo = useDataTraits().demographics ? profile.profile : undefined;
  const [seedCounts, setSeedCounts] = useState<Uint32Array | undefined>();
  useEffect(() => {
    if (demo?.gender === undefined && demo?.age === undefined && demo?.occupation === undefined)
      return;
    let live = true;
    dataWorker()
      .popularityAmong({ gender: demo.gender, age: demo.age, occupation: demo.occupation })
      .then((c) => live && setSeedCounts(c))
      .catch(report);
    return () => {
      live = false;
    };
  }, [demo?.gender, demo?.age, demo?.occupation, report]);

  const fresh = useMemo(
    () =>
      active
        ? chooseOffers({
            scores: contentScores,
            tiers: catalog.popularity.tiers,
            counts: seedCounts ?? catalog.ratingCounts,
            // the niche trust filter counts everyone's ratings, not only the group's
            trustCounts: catalog.ratingCounts,
            exclude,
            movies: catalog.movies,
          })
        : [],
    [active, contentScores, catalog, seedCounts, exclude],
  );
  return useStableOffers(active, fresh, exclude);
}

/** The offers as they stay on screen (see the header): `fresh` is what chooseOffers says now. */
function useStableOffers(active: boolean, fresh: number[], exclude: ReadonlySet<number>) {
  const shown = useRef<number[]>([]);
  const held = useRef(false);
  const [, setTick] = useState(0);
  let offers: number[];
  if (!active) {
    held.current = false;
    offers = [];
  } else if (held.current) offers = shown.current;
  else if (shown.current.some((i) => exclude.has(i))) {
    held.current = true; // the first action: the grid holds what it showed
    offers = shown.current;
  } else offers = fresh;
  shown.current = offers;
  const more = useCallback(() => {
    const kept = shown.current.filter((i) => !exclude.has(i));
    const inList = new Set(kept);
    const added = fresh.filter((i) => !inList.has(i));
    shown.current = [...kept, ...added].slice(0, Math.max(fresh.length, kept.length));
    held.current = true;
    setTick((t) => t + 1);
  }, [exclude, fresh]);
  const acted = offers.filter((i) => exclude.has(i)).length;
  return { offers, more, acted };
}
