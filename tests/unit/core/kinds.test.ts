import { describe, expect, it } from 'vitest';
import { dataNotLoaded, modelNotTrained, ReelError } from '../../../src/core/errors';
import { BACKEND_NAMES, backendLabel, MODEL_KINDS, modelName } from '../../../src/core/kinds';

describe('names and messages, one home each', () => {
  it('every model and backend has a display name', () => {
    expect(MODEL_KINDS.map(modelName)).toEqual([
      'Ranking model',
      'Matrix factorizer',
      'Neural model',
    ]);
    for (const b of BACKEND_NAMES) expect(backendLabel(b)).toMatch(/\w/);
  });

  it('the "not loaded / not trained" errors carry their codes and the model’s name', () => {
    expect(dataNotLoaded()).toMatchObject({ code: 'no-data' });
    expect(dataNotLoaded()).toBeInstanceOf(ReelError);
    expect(modelNotTrained('mf').message).toBe('The matrix factorizer is not trained yet.');
    expect(modelNotTrained('ease').message).toBe('The ranking model is not trained yet.');
    expect(modelNotTrained()).toMatchObject({
      code: 'no-model',
      message: 'That model is not trained yet.',
    });
  });
});
