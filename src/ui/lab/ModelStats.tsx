import type { ModelInfo } from '../../core/api/model';
import type { ModelKind } from '../../core/kinds';
import { formatCount } from '../format';

/** A trained model's facts: backend, chosen settings, timings, size, split and when. */
export function ModelStats({ kind, info }: { kind: ModelKind; info: ModelInfo }) {
  return (
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
              <dd>
                {String(info.config.lambda)}
                {typeof info.config.lambdaChosen === 'string' && ` (${info.config.lambdaChosen})`}
              </dd>
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
          .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(k === 'ratingRange' ? '–' : '×') : v}`)
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
  );
}
