import type { BlendInfo } from '../../core/api/model';
import type { ModelKind } from '../../core/kinds';
import {
  POSITIVE_STARS,
  SAMPLED_NEGATIVES,
  STAR_FLOOR,
  TEST_FRACTION,
} from '../../core/eval/protocol';
import { formatMetric, formatPercent } from '../format';
import type { ModelSlot } from '../state/useModels';
import { metricsRows } from './metricsRows';

/** Every model and baseline on the same test set: stars (RMSE, MAE) and ranking (HR, NDCG). */
export function MetricsTable({
  slots,
  blend,
}: {
  slots: Record<ModelKind, ModelSlot>;
  blend?: BlendInfo;
}) {
  const rows = metricsRows(slots, blend);
  if (!rows) return null;
  return (
    <section className="panel" aria-labelledby="metrics-title">
      <h2 id="metrics-title">Side by side</h2>
      <p className="hint">
        RMSE and MAE judge predicted stars; HR@10 and NDCG@10 judge a top-10 list: for each person,
        one movie they rated {POSITIVE_STARS}★ or more is ranked among {SAMPLED_NEGATIVES} they
        never rated. A model can be good at one and poor at the other.
      </p>
      <div className="table-scroll">
        <table className="metrics" data-testid="metrics">
          <caption className="visually-hidden">
            Test-set results of every model and baseline
          </caption>
          <thead>
            <tr>
              <th scope="col">On the held-out {formatPercent(TEST_FRACTION)} test set</th>
              <th scope="col">RMSE</th>
              <th scope="col">MAE</th>
              <th scope="col">HR@10</th>
              <th scope="col">NDCG@10</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, ...figures]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {figures.map((v, i) => (
                  <td key={i} className="num">
                    {formatMetric(v)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {blend && <BlendNote blend={blend} />}
    </section>
  );
}

/** How the served blend was chosen, and what its star floor costs. */
function BlendNote({ blend }: { blend: BlendInfo }) {
  return (
    <p className="muted small" data-testid="blend-weights">
      Served blend: ranking model + {blend.weights.rating} × predicted stars +{' '}
      {blend.weights.content} × genre match (in standard deviations per person), chosen among{' '}
      {blend.curve.length} weightings by NDCG@10 on the validation slice. Nothing predicted below{' '}
      {STAR_FLOOR}★ is shown: that floor also hides some movies a person did rate {POSITIVE_STARS}★
      or more (when the predicted stars underrate them)
      {blend.positivesBelowFloor !== undefined && (
        <>
          {' '}
          — the held-out movie in{' '}
          <span data-testid="below-floor">{(100 * blend.positivesBelowFloor).toFixed(1)}%</span> of
          the test tasks, so the served HR@10 can be at most{' '}
          {(1 - blend.positivesBelowFloor).toFixed(3)}
        </>
      )}
      . The last row shows what the floor costs.
    </p>
  );
}
