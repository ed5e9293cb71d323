/**
 * The served blend in the worker: measured (src/core/eval/blendMeasure.ts) on the saved models
 * on request (a data set imported in the browser, once every default model is ready; the lab's
 * "measure again"; the bench), saved beside them, and read back for the lists. Training never
 * measures it: a server data set brings its blend in its manifest (modelCache.ts).
 * Rule: the measurement itself lives in core, so Node runs the same code; this module only
 * gathers the loaded models' arrays and stores the result.
 */
import type { BlendInfo } from '../../src/core/api/model';
import { throwIfAborted } from '../../src/core/errors';
import { measureBlend } from '../../src/core/eval/blendMeasure';
import { watchScores } from '../../src/core/recommend/watch';
import { saveModel } from '../../src/storage/models';
import { signalFromPort } from '../abort';
import { easeModel, load, mfModel, storedBlend } from './modelCache';
import { tfidfRows } from './servingIndex';
import { state } from './state';
import { getTrainer } from './trainer';

const pause = () => new Promise<void>((r) => setTimeout(r, 0));

/** Chooses the blend's weights on validation, measures it (and every model alone), saves it. */
async function measureServedBlend(full: boolean, signal?: AbortSignal): Promise<BlendInfo> {
  const ease = await easeModel();
  const mf = await mfModel();
  const neural = full ? await load('neural', true) : undefined;
  try {
    const t = await getTrainer();
    const tfidf = await tfidfRows();
    const nn = neural?.kind === 'neural' ? neural : undefined;
    const out = await measureBlend(
      {
        dataVersion: t.dataVersion,
        exp: t.exp,
        watch: (rated, weights) =>
          watchScores(ease.model, ease.items, rated, { because: false, weights }).scores,
        mf: mf.weights,
        tfidf,
        ...(nn
          ? {
              neural: (user: number) =>
                nn.serving.value.scoreUser(
                  nn.weights.userFactors.subarray(
                    user * nn.weights.dim,
                    (user + 1) * nn.weights.dim,
                  ),
                  nn.weights.userBias[user]!,
                ),
            }
          : {}),
        measuredOn: {
          ease: ease.info.trainedAt,
          mf: mf.info.trainedAt,
          ...(neural ? { neural: neural.info.trainedAt } : {}),
        },
      },
      { full, signal, pause, now: () => performance.now() },
    );
    throwIfAborted(signal);
    out.origin = { where: 'device', at: Date.now() };
    await saveModel({
      kind: 'blend',
      dataVersion: t.dataVersion,
      savedAt: Date.now(),
      meta: out,
      weights: null,
    });
    state.blendInfo = out;
    return out;
  } finally {
    neural?.release?.();
  }
}

/** The served blend for the stored data, if measured. */
export const blend = storedBlend;

export async function evaluate(
  options: { full: boolean },
  abort?: MessagePort,
): Promise<BlendInfo> {
  return measureServedBlend(options.full, signalFromPort(abort));
}
