import { describe, expect, it } from 'vitest';
import { trainingStep } from '../../../../src/ui/state/trainingText';
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
  it('says epoch N of M and the time left, from the pace so far', () => {
    // 4 epochs in 20 s: 5 s each, 16 to go
    expect(trainingStep(slot(4, 20, 0), 20_000)).toBe(
      'epoch 4 of at most 20, about 1 min 20 s left at most',
    );
    expect(trainingStep(slot(2, 6, 0, 'search'), 10_000)).toBe('step 2 of 6, about 20 s left');
  });

  it('has no time left to guess before the first epoch or after the last', () => {
    expect(trainingStep(slot(0, 20, 0), 1000)).toBe('getting ready');
    expect(trainingStep(slot(20, 20, 0), 1000)).toBe('epoch 20 of at most 20');
  });
});
