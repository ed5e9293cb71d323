import type { ModelInfo, ModelKind } from '../../../workers/model-api';
import { formatCount } from '../format';
import { MODEL_NAMES, type ModelSlot, type ModelStore } from '../state/useModels';
import { CurveChart } from './CurveChart';

const KINDS: ModelKind[] = ['mf', 'neural'];
const f3 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));

function MetricsTable({ info }: { info: ModelInfo }) {
  const rows: [string, string, string, string, string][] = [
    [
      MODEL_NAMES[info.kind],
      f3(info.metrics.testRmse),
      f3(info.metrics.testMae),
      f3(info.metrics.hr10),
      f3(info.metrics.ndcg10),
    ],
    [
      'Baseline: user + movie biases',
      f3(info.baselines.biases.testRmse),
      f3(info.baselines.biases.testMae),
      '',
      '',
    ],
    [
      'Baseline: global mean',
      f3(info.baselines.globalMean.testRmse),
      f3(info.baselines.globalMean.testMae),
      '',
      '',
    ],
  ];
  return (
    <table className="metrics" data-testid="metrics">
      <caption className="visually-hidden">Test-set results</caption>
      <thead>
        <tr>
          <th scope="col">On the held-out 10% test set</th>
          <th scope="col">RMSE</th>
          <th scope="col">MAE</th>
          <th scope="col">HR@10</th>
          <th scope="col">NDCG@10</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r[0]}>
            <th scope="row">{r[0]}</th>
            {r.slice(1).map((v, i) => (
              <td key={i} className="num">
                {v}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Panel({ kind, slot, models }: { kind: ModelKind; slot: ModelSlot; models: ModelStore }) {
  const info = slot.info;
  const p = slot.progress;
  const training = slot.status === 'training';
  return (
    <section
      className="panel"
      aria-labelledby={`lab-${kind}`}
      data-testid="model-panel"
      data-kind={kind}
    >
      <h2 id={`lab-${kind}`}>{MODEL_NAMES[kind]}</h2>
      <p className="hint">
        {kind === 'mf'
          ? 'Predicts a rating as global mean + user bias + movie bias + the dot product of user and movie vectors.'
          : 'User and movie vectors and biases, concatenated, go through dense layers to one sigmoid unit scaled to the 1–5 range.'}
      </p>
      <CurveChart points={slot.live} title={`${MODEL_NAMES[kind]} training`} />
      <p role="status" className="muted small" data-testid="train-progress">
        {training
          ? p?.phase === 'epoch' && p.point
            ? `Epoch ${p.epoch} of at most ${p.maxEpochs}: loss ${p.point.loss.toFixed(3)}, validation RMSE ${p.point.valRmse.toFixed(3)} (${p.point.seconds.toFixed(1)} s)`
            : p?.phase === 'evaluate'
              ? 'Measuring on the test set…'
              : p?.phase === 'save'
                ? 'Saving…'
                : 'Preparing the training data…'
          : slot.status === 'idle'
            ? 'Not trained yet.'
            : slot.status === 'error'
              ? `Training failed: ${slot.error?.message ?? ''}`
              : ''}
      </p>
      <div className="buttons">
        {training ? (
          <button type="button" onClick={() => models.cancel(kind)} data-testid="cancel-training">
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={() => void models.train(kind)}
            data-testid="train"
          >
            {info ? 'Retrain from scratch' : 'Train'}
          </button>
        )}
      </div>
      {info && (
        <>
          <MetricsTable info={info} />
          <dl className="stats">
            <div>
              <dt>Backend</dt>
              <dd>{info.backend}</dd>
            </div>
            <div>
              <dt>Epochs (best)</dt>
              <dd>
                {info.epochs} ({info.bestEpoch})
              </dd>
            </div>
            <div>
              <dt>Time per epoch</dt>
              <dd>{info.secondsPerEpoch.toFixed(2)} s</dd>
            </div>
            <div>
              <dt>Total training</dt>
              <dd>{info.trainSeconds.toFixed(1)} s</dd>
            </div>
            <div>
              <dt>Parameters</dt>
              <dd>{formatCount(info.params)}</dd>
            </div>
          </dl>
          <p className="muted small">
            Settings:{' '}
            {Object.entries(info.config)
              .map(
                ([k, v]) =>
                  `${k} ${Array.isArray(v) ? v.join(k === 'ratingRange' ? '–' : '×') : v}`,
              )
              .join(', ')}
            {info.userRatings > 0 && ` · includes ${info.userRatings} of your ratings`}
            {info.split && (
              <>
                {' '}
                · split seed {info.split.seed}, fingerprint{' '}
                <code data-testid="split-fingerprint">{info.split.fingerprint}</code> (
                {formatCount(info.split.train)} train / {formatCount(info.split.valid)} validation /{' '}
                {formatCount(info.split.test)} test ratings)
              </>
            )}{' '}
            · trained {new Date(info.trainedAt).toLocaleString()}.
          </p>
        </>
      )}
    </section>
  );
}

/** The model lab: live curves, test metrics beside baselines, backend, timings; train/cancel. */
export function ModelLab({ models }: { models: ModelStore }) {
  return (
    <>
      <section className="panel">
        <h1>Model lab</h1>
        <p className="lede">
          Both collaborative models train here, in a background worker, on 90% of the MovieLens
          ratings (with a slice of it held out to stop training at the right time) and are measured
          on the other 10%. HR@10 and NDCG@10: for each person, one movie they rated 4+ is ranked
          among 99 they never rated.
        </p>
        <p className="muted" data-testid="backend-reason">
          {models.backend
            ? `Backend: ${models.backend.name} — ${models.backend.reason}`
            : 'Choosing a backend…'}
        </p>
      </section>
      <div className="lab-grid">
        {KINDS.map((k) => (
          <Panel key={k} kind={k} slot={models.slots[k]} models={models} />
        ))}
      </div>
    </>
  );
}
