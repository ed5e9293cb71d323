/**
 * Serving: a person's predicted stars from a rating model (fold-in, then one scoring pass), the
 * ranking model's scores for their rated movies, and one movie's similar movies.
 * Rule: results are indexed like the catalog (servingIndex.ts maps model rows) and their buffers
 * are transferred, not copied; a rating model is leased for the whole call.
 */
import { transfer } from 'comlink';
import type {
  Rating,
  RatingModelKind,
  Scores,
  WatchAction,
  WatchResult,
} from '../../src/core/api/model';
import { modelNotTrained } from '../../src/core/errors';
import { foldIn, type FoldedUser, type FoldInRating } from '../../src/core/recommend/foldin';
import { similarRow, watchScores, watchWeight } from '../../src/core/recommend/watch';
import { foldInLambda } from '../../src/models/config';
import { foldInNeural } from '../../src/models/neuralFoldIn';
import type { ModelWeights } from '../../src/models/weights';
import { easeModel, load } from './modelCache';
import { getServing, movieRows, toCatalog } from './servingIndex';
import { state } from './state';

const sameRatings = (a: FoldInRating[], b: FoldInRating[]): boolean =>
  a.length === b.length &&
  a.every((r, i) => r.movieIndex === b[i]!.movieIndex && r.rating === b[i]!.rating);

/**
 * Folds a person into the neural model from the last fold-in (state.lastNeuralFold): the same
 * ratings again get the same person back (exactly, and at no cost); other ratings (usually one
 * more) start Levenberg-Marquardt from it, so it needs fewer passes.
 */
function foldInNeuralWarm(w: ModelWeights, given: FoldInRating[]): FoldedUser {
  const last = state.lastNeuralFold?.weights === w ? state.lastNeuralFold : null;
  if (last && sameRatings(last.given, given)) return last.user;
  const user = foldInNeural(w, given, last ? { init: last.user } : {});
  state.lastNeuralFold = { weights: w, given, user };
  return user;
}

export async function recommend(kind: RatingModelKind, ratings: Rating[]): Promise<Scores> {
  const s = await getServing();
  const model = await load(kind, true);
  if (!model || model.kind === 'ease') throw modelNotTrained();
  try {
    const t0 = performance.now();
    const given = movieRows(s, ratings);
    const w = model.weights;
    const user =
      kind === 'mf' ? foldIn(given, w, foldInLambda(given.length)) : foldInNeuralWarm(w, given);
    const foldInMs = performance.now() - t0;
    const byRow = await model.serving.value.scoreUser(user.vector, user.bias);
    const predicted = toCatalog(s, byRow, new Float32Array(s.rowOfCatalog.length).fill(Number.NaN));
    return transfer({ kind, predicted, foldInMs }, [predicted.buffer]);
  } finally {
    model.release?.();
  }
}

/** The ranking model's scores for a person's actions, each weighted by watchWeight (watch.ts). */
export async function watch(actions: WatchAction[]): Promise<WatchResult> {
  const m = await easeModel();
  const s = await getServing();
  const t0 = performance.now();
  const rows: number[] = [];
  const weights: number[] = [];
  for (const a of actions) {
    const row = s.movieIndexById[a.movieId] ?? -1;
    const wt = watchWeight(a.rating, a.mark);
    if (row < 0 || wt === 0) continue;
    rows.push(row);
    weights.push(wt);
  }
  const w = watchScores(m.model, m.items, rows, { weights });
  const n = s.rowOfCatalog.length;
  const scores = toCatalog(s, w.scores, new Float32Array(n).fill(-Infinity));
  const contribution = toCatalog(s, w.contribution, new Float32Array(n));
  const because = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const row = s.rowOfCatalog[i]!;
    const src = row >= 0 ? w.because[row]! : -1;
    because[i] = src >= 0 ? s.catalogOfRow[src]! : -1;
  }
  const ms = performance.now() - t0;
  return transfer({ scores, because, contribution, ms }, [
    scores.buffer,
    because.buffer,
    contribution.buffer,
  ]);
}

export async function similar(movie: number): Promise<Float32Array | undefined> {
  const m = await load('ease');
  if (!m || m.kind !== 'ease') return undefined;
  const s = await getServing();
  const row = s.rowOfCatalog[movie] ?? -1;
  if (row < 0) return undefined;
  const byRow = similarRow(m.model, m.items, row);
  const out = toCatalog(s, byRow, new Float32Array(s.rowOfCatalog.length).fill(-Infinity));
  return transfer(out, [out.buffer]);
}
