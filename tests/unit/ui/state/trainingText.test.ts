import { describe, expect, it } from 'vitest';
import { trainingLeft, trainingPercent } from '../../../../src/ui/state/trainingText';
import { trainingShare } from '../../../../src/ui/state/trainingText';
import type { ModelSlot } from '../../../../src/ui/state/useModels';

const slot = (epoch: number, maxEpochs: number, startedAt?: number, phase = 'epoch') =>
  ({
    status: 'training',
    live: [],
    lambdas: [],
    checked: true,
    startedAt,
    progress: { kind: 'mf', phase, epoch, maxEpochs },
  }) as unknown as ModelSlot;

describe('training progress in words', () => {
  it('says the time left from the pace so far', () => {
    // 4 epochs in 20 s: 5 s each, 16 to go
    expect(trainingLeft(slot(4, 20, 0), 20_000)).toBe('about 1 min 20 s left');
    expect(trainingLeft(slot(2, 6, 0, 'search'), 10_000)).toBe('about 20 s left');
  });

  it('has no time left to guess before the first epoch or after the last', () => {
    expect(trainingLeft(slot(0, 20, 0), 1000)).toBe('');
    expect(trainingLeft(slot(20, 20, 0), 1000)).toBe('');
  });

  it('gives the share done and a plain estimate for the main screens', () => {
    expect(trainingShare(slot(0, 20, 0))).toBeUndefined();
    expect(trainingPercent(slot(0, 20, 0))).toBe('');
    expect(trainingShare(slot(5, 20, 0))).toBe(0.25);
    expect(trainingPercent(slot(12, 20, 0))).toBe('60%');
    expect(trainingLeft(slot(4, 20, 0), 20_000)).toBe('about 1 min 20 s left');
    expect(trainingLeft(slot(20, 20, 0), 20_000)).toBe('');
  });
});
