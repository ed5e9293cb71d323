import { useEffect, useMemo } from 'react';
import type { BlendInfo, ModelInfo, ModelKind } from '../../../workers/model-api';
import { BACKEND_NAMES, MODEL_KINDS, parseBackendName } from '../../core/kinds';
import { backendOverride, reloadWithBackend } from '../shell/useRoute';
import { formatCount } from '../format';
import { focusHeading } from '../shell/focus';
import { MODEL_NAMES, type ModelSlot, type ModelStore } from '../state/useModels';
import { CurveChart, type Curve } from './CurveChart';
import { RetrainResult } from './RetrainResult';

const f3 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));

const DESCRIPTION: Record<ModelKind, string> = {
  ease: 'Learns who watched what (not the stars): an item-to-item weight matrix in closed form (EASE), B = I − P·diag(1/diag P) with P = (G + λI)⁻¹ over the movies’ co-watch counts G. It decides what to show.',
  mf: 'Predicts a rating as global mean + user bias + movie bias + the dot product of user and movie vectors.',
  neural:
    'User and movie vectors and biases, concatenated, go through dense layers to one sigmoid unit scaled to the 0.5–5.5 range.',
};

type Row = [string, number | undefined, number | undefined, number | undefined, number | undefined];

/** Every model and baseline on the same test set: stars (RMSE, MAE) and ranking (HR, NDCG). */
function MetricsTable({
  slots,
  blend,
}: {
  slots: Record<ModelKind, ModelSlot>;
  blend?: BlendInfo;
}) {
  const any = MODEL_KINDS.map((k) => slots[k].info).find((i): i is ModelInfo => !!i);
  if (!any) return null;
  const b = any.baselines;
  const rows: Row[] = [
    [
      'Baseline: most rated first (popularity)',
      undefined,
      undefined,
      b.popularity?.hr10,
      b.popularity?.ndcg10,
    ],
    [
      'Baseline: user + movie biases',
      b.biases.testRmse,
      b.biases.testMae,
      b.biases.hr10,
      b.biases.ndcg10,
    ],
    ['Baseline: global mean', b.globalMean.testRmse, b.globalMean.testMae, undefined, undefined],
  ];
  for (const k of MODEL_KINDS) {
    const i = slots[k].info;
    if (i)
      rows.push([
        MODEL_NAMES[k],
        i.metrics.testRmse,
        i.metrics.testMae,
        i.metrics.hr10,
        i.metrics.ndcg10,
      ]);
  }
  if (blend)
    rows.push([
      'Served blend (what the lists show)',
      undefined,
      undefined,
      blend.served.hr10,
      blend.served.ndcg10,
    ]);
  if (blend?.stars)
    rows.push([
      'Served stars (the MF leaning on the ranking model)',
      blend.stars.testRmse,
      undefined,
      undefined,
      undefined,
    ]);
  if (blend?.servedNoFloor)
    rows.push([
      'The same blend without the 3★ floor',
      undefined,
      undefined,
      blend.servedNoFloor.hr10,
      blend.servedNoFloor.ndcg10,
    ]);
  return (
    <section className="panel" aria-labelledby="metrics-title">
      <h2 id="metrics-title">Side by side</h2>
      <p className="hint">
        RMSE and MAE judge predicted stars; HR@10 and NDCG@10 judge a top-10 list: for each person,
        one movie they rated 4★ or more is ranked among 99 they never rated. A model can be good at
        one and poor at the other.
      </p>
      <div className="table-scroll">
        <table className="metrics" data-testid="metrics">
          <caption className="visually-hidden">
            Test-set results of every model and baseline
          </caption>
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
                    {f3(v as number | undefined)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {blend && (
        <p className="muted small" data-testid="blend-weights">
          Served blend: ranking model + {blend.weights.rating} × predicted stars +{' '}
          {blend.weights.content} × genre match (in standard deviations per person), chosen among{' '}
          {blend.curve.length} weightings by NDCG@10 on the validation slice. Nothing predicted
          below 3★ is shown: that floor also hides some movies a person did rate 4★ or more (when
          the predicted stars underrate them)
          {blend.positivesBelowFloor !== undefined && (
            <>
              {' '}
              — the held-out movie in{' '}
              <span data-testid="below-floor">
                {(100 * blend.positivesBelowFloor).toFixed(1)}%
              </span>{' '}
              of the test tasks, so the served HR@10 can be at most{' '}
              {(1 - blend.positivesBelowFloor).toFixed(3)}
            </>
          )}
          . The last row shows what the floor costs.
        </p>
      )}
    </section>
  );
}

function curveOf(kind: ModelKind, slot: ModelSlot): Curve {
  if (kind === 'ease') {
    const pts = [...slot.lambdas].sort((a, b) => a.lambda - b.lambda);
    return {
      title: 'Ranking model: choosing λ on validation',
      x: { label: 'λ', values: pts.map((p) => p.lambda), log: true },
      left: { label: 'HR@10', values: pts.map((p) => p.hr10) },
      right: { label: 'NDCG@10', values: pts.map((p) => p.ndcg10) },
    };
  }
  return {
    title: `${MODEL_NAMES[kind]} training`,
    x: { label: 'epoch', values: slot.live.map((p) => p.epoch) },
    left: { label: 'training loss', values: slot.live.map((p) => p.loss) },
    right: { label: 'validation RMSE', values: slot.live.map((p) => p.valRmse) },
  };
}

function progressText(kind: ModelKind, slot: ModelSlot): string {
  const p = slot.progress;
  if (slot.status === 'training') {
    if (p?.phase === 'epoch' && p.point)
      return `Epoch ${p.epoch} of at most ${p.maxEpochs}: loss ${p.point.loss.toFixed(3)}, validation RMSE ${p.point.valRmse.toFixed(3)} (${p.point.seconds.toFixed(1)} s)`;
    if (p?.phase === 'search')
      return `Choosing λ on the validation slice${p.lambdaPoint ? `: λ ${p.lambdaPoint.lambda} gives NDCG@10 ${p.lambdaPoint.ndcg10.toFixed(3)}` : '…'}`;
    if (p?.phase === 'solve') return 'Solving for the chosen λ…';
    if (p?.phase === 'evaluate') return 'Measuring on the test set…';
    if (p?.phase === 'blend') return 'Choosing the served blend’s weights on validation…';
    if (p?.phase === 'save') return 'Saving…';
    return kind === 'ease' ? 'Counting who watched what…' : 'Preparing the training data…';
  }
  if (!slot.checked) return 'Loading…';
  if (slot.status === 'idle') return 'Not trained yet.';
  if (slot.status === 'error') return `Training failed: ${slot.error?.message ?? ''}`;
  return '';
}

function Panel({ kind, slot, models }: { kind: ModelKind; slot: ModelSlot; models: ModelStore }) {
  const info = slot.info;
  const training = slot.status === 'training';
  const curve = useMemo(() => curveOf(kind, slot), [kind, slot]);
  const trainFresh = () => {
    if (
      info &&
      info.userRatings > 0 &&
      !window.confirm(
        `The saved ${MODEL_NAMES[kind].toLowerCase()} includes ${info.userRatings} of your ratings. Retraining from scratch replaces it with one that does not. Continue?`,
      )
    )
      return;
    void models.train(kind);
  };
  return (
    <section
      className="panel"
      aria-labelledby={`lab-${kind}`}
      data-testid="model-panel"
      data-kind={kind}
      data-trained-at={info?.trainedAt ?? ''}
    >
      <h2 id={`lab-${kind}`}>{MODEL_NAMES[kind]}</h2>
      <p className="hint">{DESCRIPTION[kind]}</p>
      <CurveChart curve={curve} />
      <p role="status" className="muted small" data-testid="train-progress">
        {progressText(kind, slot)}
      </p>
      <RetrainResult kind={kind} slot={slot} />
      <div className="buttons">
        {training ? (
          <button type="button" onClick={() => models.cancel(kind)} data-testid="cancel-training">
            Cancel
          </button>
        ) : (
          <button type="button" className="primary" onClick={trainFresh} data-testid="train">
            {info ? 'Retrain from scratch' : 'Train'}
          </button>
        )}
      </div>
      {info && (
        <>
          <dl className="stats">
            <div>
              <dt>Backend</dt>
              <dd title={info.backendNote}>
                {info.backend}
                {info.backendNote && ' (after a lost GPU)'}
              </dd>
            </div>
            {kind === 'ease' ? (
              <>
                <div>
                  <dt>λ (chosen)</dt>
                  <dd>{String(info.config.lambda)}</dd>
                </div>
                {Number(info.config.dropout) > 0 && (
                  <div>
                    <dt title="Denoising (dropout) penalty of DLAE: each movie is held back by how often it is seen">
                      Dropout
                    </dt>
                    <dd>{String(info.config.dropout)}</dd>
                  </div>
                )}
                <div>
                  <dt>Movies in the model</dt>
                  <dd>{formatCount(Number(info.config.items))}</dd>
                </div>
                <div>
                  <dt>Full solve</dt>
                  <dd>{info.secondsPerEpoch.toFixed(1)} s</dd>
                </div>
              </>
            ) : (
              <>
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
              </>
            )}
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

const BACKEND_LABELS: Record<string, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'Plain JavaScript (slow)',
};

/** The `?backend=` override as a choice: reloads the page, which then runs the models there. */
function BackendPicker() {
  return (
    <label className="muted">
      Run the models on{' '}
      <select
        data-testid="backend-choice"
        value={backendOverride() ?? 'auto'}
        onChange={(e) => reloadWithBackend(parseBackendName(e.target.value))}
      >
        <option value="auto">the fastest here (measured)</option>
        {BACKEND_NAMES.map((b) => (
          <option key={b} value={b}>
            {BACKEND_LABELS[b]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The model lab: every model beside the baselines, live curves, backend, timings; train/cancel. */
export function ModelLab({ models }: { models: ModelStore }) {
  // Loaded lazily: the route change has already moved focus, before this heading existed.
  useEffect(() => focusHeading(), []);
  return (
    <>
      <section className="panel">
        <h1>Model lab</h1>
        <p className="lede">
          The models train here, in a background worker, on 90% of the MovieLens ratings (with a
          slice of it held out to choose settings and stop training at the right time) and are
          measured on the other 10%.
        </p>
        <p className="muted" data-testid="backend-reason">
          {models.backend
            ? `Backend: ${models.backend.name} — ${models.backend.reason}`
            : 'Choosing a backend…'}
        </p>
        <BackendPicker />
      </section>
      <MetricsTable slots={models.slots} blend={models.blend} />
      <div className="lab-grid">
        {MODEL_KINDS.map((k) => (
          <Panel key={k} kind={k} slot={models.slots[k]} models={models} />
        ))}
      </div>
    </>
  );
}
