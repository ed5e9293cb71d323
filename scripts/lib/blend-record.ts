/**
 * The served blend's record for a prepared data set, computed in Node when the data is prepared
 * (`npm run data`) and shipped in its manifest: the ranking model (lambda searched on validation)
 * and the MF are trained as the model worker trains them (same code, tf.js wasm backend, the MF's
 * wasm kernel), then src/core/eval/blendMeasure.ts chooses the weights and fits the stars' stack.
 * Rule: the same fixed split and code as the browser, so a visitor's device never measures the
 * blend of a server data set; needs `--import ./scripts/lib/wat-register.ts` (the MF's kernel).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { BlendInfo } from '../../src/core/api/model';
import { buildIndexMaps } from '../../src/core/data/indexing';
import type { ParsedMovieLens } from '../../src/core/data/movielens';
import { measureBlend } from '../../src/core/eval/blendMeasure';
import { prepareExperiment } from '../../src/core/eval/experiment';
import { fitGenreTfidf } from '../../src/core/features/tfidf';
import { itemOfMovie, watchScores } from '../../src/core/recommend/watch';
import { defaultConfig } from '../../src/models/config';
import { trainRankingModel } from '../../src/models/rankingModel';
import { trainModel } from '../../src/models/train';

export interface BlendRecordTimes {
  ranking: number;
  mf: number;
  blend: number;
}

/** Trains the default models on `data` (dataVersion: its shards') and measures the served blend. */
export async function computeBlendRecord(
  data: Pick<ParsedMovieLens, 'movies' | 'users' | 'ratings'>,
  dataVersion: string,
  log: (line: string) => void = () => {},
): Promise<{ blend: BlendInfo; seconds: BlendRecordTimes }> {
  if (tf.getBackend() !== 'wasm') {
    await tf.setBackend('wasm');
    await tf.ready();
  }
  const clock = () => performance.now();
  const exp = prepareExperiment({
    movieIds: data.movies.map((m) => m.id),
    userIds: data.users.map((u) => u.id),
    ratings: data.ratings,
  });
  const { numMovies, numUsers } = exp.maps;
  let t0 = clock();
  const ranking = await trainRankingModel(exp, { test: false });
  const rankingSeconds = (clock() - t0) / 1000;
  log(`Ranking model: lambda ${ranking.lambda} (${rankingSeconds.toFixed(1)} s).`);
  t0 = clock();
  const mf = await trainModel(defaultConfig('mf'), {
    train: exp.train,
    valid: exp.valid,
    numUsers,
    numMovies,
  });
  const mfSeconds = (clock() - t0) / 1000;
  log(`Matrix factorizer: ${mf.history.length} epochs (${mfSeconds.toFixed(1)} s).`);
  // the genre TF-IDF over the movies in model row order, as the worker builds it (servingIndex.ts)
  const maps = buildIndexMaps(
    data.movies.map((m) => m.id),
    [],
  );
  const byRow = new Array<(typeof data.movies)[number]>(maps.numMovies);
  for (const m of data.movies) {
    const row = maps.movieIndexById[m.id] ?? -1;
    if (row >= 0) byRow[row] = m;
  }
  const items = itemOfMovie(ranking.model, numMovies);
  const now = Date.now();
  t0 = clock();
  const blend = await measureBlend(
    {
      dataVersion,
      exp,
      watch: (rated) => watchScores(ranking.model, items, rated, { because: false }).scores,
      mf: mf.weights,
      tfidf: fitGenreTfidf(byRow),
      measuredOn: { ease: now, mf: now },
    },
    { full: false, pause: () => new Promise<void>((r) => setImmediate(r)), now: clock },
  );
  const blendSeconds = (clock() - t0) / 1000;
  log(
    `Served blend: rating ${blend.weights.rating}, content ${blend.weights.content}, ` +
      `NDCG@10 ${blend.served.ndcg10.toFixed(4)} (${blendSeconds.toFixed(1)} s).`,
  );
  return {
    blend: {
      ...blend,
      origin: { where: 'prepared', at: now },
      rankingLambda: ranking.lambda,
    },
    seconds: { ranking: rankingSeconds, mf: mfSeconds, blend: blendSeconds },
  };
}
