/**
 * A saved model's test figures, measured after it is saved and serving (the lab asks for them):
 * RMSE, MAE, HR@10, NDCG@10 on the fixed split, written back into its stored info.
 * Rule: training never measures them (serving never waits for an evaluation); a model retrained
 * while they were measured keeps its own pending figures (the old model's are not written).
 */
import type { ModelInfo, ModelKind } from '../../src/core/api/model';
import { evaluateModel } from '../../src/models/evaluate';
import { rankingFigures } from '../../src/models/rankingModel';
import { getModel, saveModel } from '../../src/storage/models';
import { load } from './modelCache';
import { state } from './state';
import { getTrainer } from './trainer';

export async function figures(kind: ModelKind): Promise<ModelInfo | undefined> {
  const l = await load(kind, true);
  if (!l) return undefined;
  try {
    if (!l.info.metricsPending) return l.info;
    const t = await getTrainer();
    let metrics: ModelInfo['metrics'];
    if (l.kind === 'ease') {
      const r = rankingFigures(l.model, t.exp, t.exp.ranking);
      metrics = { testRmse: Number.NaN, testMae: Number.NaN, hr10: r.hr10, ndcg10: r.ndcg10 };
    } else {
      metrics = await evaluateModel(l.weights, t.exp);
    }
    const { metricsPending: _pending, ...rest } = l.info;
    const info: ModelInfo = { ...rest, metrics };
    const rec = await getModel(kind);
    // Only the model measured gets its figures: a newer one saved meanwhile keeps its own.
    if (!rec || rec.meta.trainedAt !== info.trainedAt) return info;
    await saveModel({ ...rec, meta: info });
    const now = state.loaded.get(kind);
    if (now && now.info.trainedAt === info.trainedAt) now.info = info;
    return info;
  } finally {
    l.release?.();
  }
}
