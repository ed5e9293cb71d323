import { describe, expect, it } from 'vitest';
import { Runs } from '../../../../src/ui/state/runs';

describe('training runs: newest wins', () => {
  it('a superseded run is aborted and may no longer write state', () => {
    const runs = new Runs<'mf' | 'neural'>();
    const first = runs.start('mf');
    const second = runs.start('mf'); // e.g. cancel, then train again before the abort landed
    expect(first.signal.aborted).toBe(true);
    expect(runs.isLatest('mf', first)).toBe(false); // its late AbortError is dropped
    expect(runs.isLatest('mf', second)).toBe(true);
    runs.finish('mf', first); // the old run ending does not end the new one
    expect(runs.isLatest('mf', second)).toBe(true);
    const other = runs.start('neural');
    runs.cancel('mf');
    expect(second.signal.aborted).toBe(true);
    expect(other.signal.aborted).toBe(false);
    runs.cancelAll();
    expect(other.signal.aborted).toBe(true);
    runs.finish('mf', second);
    expect(runs.isLatest('mf', second)).toBe(false);
  });
});
