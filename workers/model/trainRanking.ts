/**
 * Trains the ranking model (EASE: a closed-form solve, lambda searched on validation), saves it
 * and puts it in service.
 * The lambda comes with the data when it was prepared with a blend record (no search then), and
 * the test figures are measured later (figures.ts).
 * Rule: the solve has no epochs to keep, so when the GPU goes during it, it runs again from the
 * start on the fallback; a cancelled run never replaces the saved model.
 */
import type { ModelInfo, TrainOptions, TrainProgress } from '../../src/core/api/model';
import { throwIfAborted } from '../../src/core/errors';
import { backendLabel } from '../../src/core/kinds';
import { itemOfMovie } from '../../src/core/recommend/watch';
import { deviceLost } from '../../src/models/backend';
import { serializeItemModel, trainRankingModel } from '../../src/models/rankingModel';
import { BackendLost } from '../../src/models/train';
import { saveModel } from '../../src/storage/models';
import { afterDeviceLoss, init, isGpu } from './backendState';
import { getServing } from './servingIndex';
import { state } from './state';
import { preparedBlend } from './modelCache';
import { commonInfo, getTrainer, PENDING_METRICS } from './trainer';

export async function trainRanking(
  options: TrainOptions,
  onProgress: (p: TrainProgress) => void,
  signal: AbortSignal | undefined,
): Promise<ModelInfo> {
  let b = await init();
  onProgress({ kind: 'ease', phase: 'prepare', epoch: 0, maxEpochs: 0 });
  const t = await getTrainer();
  const o = options.overrides ?? {};
  // The lambda measured when the data was prepared (the manifest's blend record), if any: the
  // search on validation is skipped then (it was chosen for the default items, not an override).
  const prepared =
    typeof o.maxItems === 'number' ? undefined : (await preparedBlend())?.rankingLambda;
  const lambda = typeof o.lambda === 'number' ? o.lambda : prepared;
  const t0 = performance.now();
  const solve = () =>
    trainRankingModel(t.exp, {
      signal,
      lambda,
      test: false, // measured later (figures.ts): the model serves first
      maxItems: typeof o.maxItems === 'number' ? o.maxItems : undefined,
      onProgress: (phase, step, steps, point) =>
        onProgress({
          kind: 'ease',
          phase: phase === 'gram' ? 'prepare' : phase,
          epoch: step,
          maxEpochs: steps,
          lambdaPoint: point,
        }),
    });
  let result: Awaited<ReturnType<typeof trainRankingModel>>;
  let note: string | undefined;
  try {
    result = await solve();
    if (isGpu(b.name) && deviceLost()) throw new BackendLost(undefined); // read back zeros
  } catch (e) {
    if (!isGpu(b.name) || !(e instanceof BackendLost || deviceLost())) throw e;
    // The solve has no epochs to keep: it runs again on the fallback.
    b = await afterDeviceLoss(b, 'while the ranking model trained');
    note = `${backendLabel(b.name)}: the GPU was lost during the solve, which ran again from the start.`;
    result = await solve();
  }
  const trainSeconds = (performance.now() - t0) / 1000;
  throwIfAborted(signal);
  const { n } = result.model;
  const infoOut: ModelInfo = {
    ...commonInfo('ease', t, b),
    config: {
      lambda: result.lambda,
      dropout: result.dropout,
      items: n,
      ...(lambda !== undefined && typeof o.lambda !== 'number'
        ? { lambdaChosen: 'when the data was prepared' }
        : {}),
    },
    params: n * n,
    epochs: result.search.length,
    bestEpoch:
      Math.max(
        0,
        result.search.findIndex((p) => p.lambda === result.lambda),
      ) + 1,
    secondsPerEpoch: result.solveSeconds,
    trainSeconds,
    history: [],
    lambdaSearch: result.search,
    metrics: PENDING_METRICS,
    metricsPending: true,
    userRatings: 0,
    ...(note ? { backendNote: note } : {}),
  };
  onProgress({ kind: 'ease', phase: 'save', epoch: infoOut.epochs, maxEpochs: infoOut.epochs });
  await saveModel({
    kind: 'ease',
    dataVersion: t.dataVersion,
    savedAt: infoOut.trainedAt,
    meta: infoOut,
    weights: serializeItemModel(result.model),
  });
  const s = await getServing();
  state.remember({
    kind: 'ease',
    info: infoOut,
    model: result.model,
    items: itemOfMovie(result.model, s.numMovies),
  });
  return infoOut;
}
