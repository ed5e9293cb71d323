import {
  BACKEND_LABELS,
  BACKEND_NAMES,
  parseBackendName,
  type BackendName,
} from '../../core/kinds';
import { backendOverride, reloadWithBackend } from '../shell/useRoute';

const optionText = (b: BackendName) => BACKEND_LABELS[b] + (b === 'cpu' ? ' (slow)' : '');

/** The `?backend=` override as a choice: reloads the page, which then runs the models there. */
export function BackendPicker() {
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
            {optionText(b)}
          </option>
        ))}
      </select>
    </label>
  );
}
