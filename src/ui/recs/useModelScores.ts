/**
 * The models' answers for the person, asked of the model worker after every rating and whenever
 * a model changes: the rating model folds the person in (predicted stars), the ranking model sums
 * its rows (scores). An answer that arrives after the question changed is dropped. A failed
 * answer is reported and ends the waiting (gaveUp), so the lists do not wait for it forever.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Rating, Scores, WatchAction, WatchResult } from '../../core/api/model';
import type { ModelKind, RatingModelKind } from '../../core/kinds';
import { modelWorker } from '../bridge';
import { useReportError } from '../shell/errors';
import type { ModelSlot } from '../state/useModels';
import type { Answers } from './ranking';

/** The rating model's stars; kept while a newer model of the same kind is asked. */
export function useRatingScores(
  kind: RatingModelKind,
  /** the model's trainedAt; undefined: no model to ask */
  at: number | undefined,
  ratings: Rating[],
  fail: (e: unknown) => void,
): Float32Array | undefined {
  const [scores, setScores] = useState<Scores | undefined>();
  useEffect(() => {
    if (at === undefined) return;
    let live = true;
    modelWorker()
      .recommend(kind, ratings)
      .then((s) => live && setScores(s))
      .catch(fail);
    return () => {
      live = false;
    };
  }, [kind, at, ratings, fail]);
  return scores?.kind === kind ? scores.predicted : undefined;
}

/** The ranking model's scores, only those of the model trained at `at`. */
function useRankingScores(
  /** the model's trainedAt; undefined: not wanted, or no model to ask */
  at: number | undefined,
  /** every action (the worker weighs each by watchWeight: dislikes push away) */
  ratings: WatchAction[],
  fail: (e: unknown) => void,
): WatchResult | undefined {
  const [watch, setWatch] = useState<{ at: number; w: WatchResult } | undefined>();
  useEffect(() => {
    if (at === undefined) return;
    let live = true;
    modelWorker()
      .watch(ratings)
      .then((w) => live && setWatch({ at, w }))
      .catch(fail);
    return () => {
      live = false;
    };
  }, [at, ratings, fail]);
  return watch !== undefined && watch.at === at ? watch.w : undefined;
}

/** Both answers the lists need for `ratingKind`, the ranking model's only when `wantsRanking`. */
export function useModelAnswers(
  slots: Record<ModelKind, ModelSlot>,
  ratingKind: RatingModelKind,
  wantsRanking: boolean,
  ratings: Rating[],
  /** what the ranking model hears: stars and marks (watch.ts watchWeight) */
  actions: WatchAction[],
): Answers {
  const report = useReportError();
  const [gaveUp, setGaveUp] = useState(false);
  const fail = useCallback(
    (e: unknown) => {
      setGaveUp(true);
      report(e);
    },
    [report],
  );
  const predicted = useRatingScores(ratingKind, slots[ratingKind].info?.trainedAt, ratings, fail);
  const watched = useRankingScores(
    wantsRanking ? slots.ease.info?.trainedAt : undefined,
    actions,
    fail,
  );
  return { predicted, watched, gaveUp };
}
