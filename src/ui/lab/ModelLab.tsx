import { GEM_RULE } from '../../core/features/tiers';
import { useEffect } from 'react';
import { TEST_FRACTION } from '../../core/eval/protocol';
import { MODEL_KINDS, RATING_MODEL_KINDS } from '../../core/kinds';
import { formatPercent } from '../format';
import { RetrainMine } from '../recs/RetrainMine';
import { usePersonalSignals } from '../recs/usePersonalSignals';
import { focusHeading } from '../shell/focus';
import type { CatalogView } from '../state/useCatalog';
import type { ModelStore } from '../state/useModels';
import type { ProfileStore } from '../state/useProfile';
import { BackendPicker } from './BackendPicker';
import { BlendOrigin } from './BlendOrigin';
import { MetricsTable } from './MetricsTable';
import { ModelPanel } from './ModelPanel';
import { plainSummary, retrainFigures } from './panelText';

/** The model lab: every model beside the baselines, live curves, backend, timings; train/cancel. */
export function ModelLab({
  models,
  catalog,
  profile,
}: {
  models: ModelStore;
  /** with both, the rating models offer "Relearn the stars with my ratings" */
  catalog?: CatalogView;
  profile?: ProfileStore;
}) {
  // Loaded lazily: the route change has already moved focus, before this heading existed.
  useEffect(() => focusHeading(), []);
  // Models are saved and served before their test figures are measured: the lab measures them.
  const { measureFigures } = models;
  const pending = MODEL_KINDS.some(
    (k) => models.slots[k].status === 'ready' && models.slots[k].info?.metricsPending,
  );
  useEffect(() => {
    if (pending) void measureFigures();
  }, [pending, measureFigures]);
  return (
    <>
      <section className="panel">
        <h1>Model lab</h1>
        <p className="lab-summary" data-testid="lab-summary">
          {plainSummary(models.blend) ?? 'How well your picks do appears here once measured.'}
        </p>
        <p className="lede">
          The models train here, in a background worker, on {formatPercent(1 - TEST_FRACTION)} of
          the MovieLens ratings (with a slice of it held out to choose settings and stop training at
          the right time) and are measured on the other {formatPercent(TEST_FRACTION)}.
        </p>
        <p className="muted" data-testid="gem-rule">
          {GEM_RULE}
        </p>
        <p className="muted" data-testid="backend-reason">
          {models.backend
            ? `Backend: ${models.backend.name} — ${models.backend.reason}`
            : 'Choosing a backend…'}
        </p>
        <BackendPicker />
      </section>
      <MetricsTable slots={models.slots} blend={models.blend} />
      <BlendOrigin models={models} />
      <div className="lab-grid">
        {MODEL_KINDS.map((k) => (
          <ModelPanel
            key={k}
            kind={k}
            slot={models.slots[k]}
            models={models}
            retrain={
              catalog &&
              profile?.profile &&
              profile.starRatings.length > 0 &&
              RATING_MODEL_KINDS.some((r) => r === k) &&
              models.slots[k].info ? (
                <LabRetrain
                  kind={k === 'neural' ? 'neural' : 'mf'}
                  models={models}
                  catalog={catalog}
                  profile={profile}
                />
              ) : undefined
            }
          />
        ))}
      </div>
    </>
  );
}

/** "Relearn the stars with my ratings" in a rating model's panel (the person's signals: a hook). */
function LabRetrain({
  kind,
  models,
  catalog,
  profile,
}: {
  kind: 'mf' | 'neural';
  models: ModelStore;
  catalog: CatalogView;
  profile: ProfileStore;
}) {
  const signals = usePersonalSignals(catalog, profile);
  return (
    <RetrainMine
      kind={kind}
      models={models}
      profile={profile}
      catalog={catalog}
      signals={signals}
      choice={kind === 'neural' ? 'neural' : 'hybrid'}
      figures={retrainFigures}
    />
  );
}
