import { DEFAULT_BLEND } from '../../core/recommend/blend';
import type { ModelStore } from '../state/useModels';

/**
 * Where the served blend's weights come from: measured when the data was prepared (shipped with
 * a server data set), on this device (a data set imported in the browser, or "measure again"),
 * or not yet (DEFAULT_BLEND); and a button that measures it again here.
 */
export function BlendOrigin({ models }: { models: ModelStore }) {
  const { blend, blendMeasuring } = models;
  const ready = models.slots.ease.status === 'ready' && models.slots.mf.status === 'ready';
  const where = !blend
    ? `Not measured yet: the lists use the default weighting (${DEFAULT_BLEND.rating} × predicted stars, ${DEFAULT_BLEND.content} × genre match).`
    : blend.origin?.where === 'prepared'
      ? `Measured when the data was prepared (${new Date(blend.origin.at).toLocaleDateString()}), with the same code and split as here.`
      : blend.origin
        ? `Measured on this device, ${new Date(blend.origin.at).toLocaleString()} (${blend.seconds.toFixed(1)} s).`
        : `Measured on this device (${blend.seconds.toFixed(1)} s).`;
  return (
    <p className="muted small" data-testid="blend-origin">
      {where}{' '}
      <button
        type="button"
        className="link"
        disabled={!ready || blendMeasuring}
        onClick={() => void models.measureBlend()}
        data-testid="blend-measure"
      >
        {blendMeasuring ? 'Measuring the blend…' : 'Measure it again on this device'}
      </button>
    </p>
  );
}
