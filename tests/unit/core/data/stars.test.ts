import { describe, expect, it } from 'vitest';
import { fromHalfSteps, HALF_STEPS, isHalfStep } from '../../../../src/core/data/stars';
import { nearestHalfStep, toHalfSteps } from '../../../../src/core/data/stars';

describe('the stars codec', () => {
  it('maps 0.5..5 stars to 1..10 half steps and back exactly', () => {
    for (let h = 1; h <= HALF_STEPS; h++) {
      expect(toHalfSteps(fromHalfSteps(h))).toBe(h);
      expect(fromHalfSteps(h)).toBe(h / 2);
    }
    expect(toHalfSteps(Math.fround(3.5))).toBe(7);
  });

  it('rounds a value between half steps to the nearest one, and says it is off the scale', () => {
    expect(toHalfSteps(3.2)).toBe(6);
    expect(toHalfSteps(3.3)).toBe(7);
    expect(isHalfStep(3.5)).toBe(true);
    expect(isHalfStep(4)).toBe(true);
    expect(isHalfStep(3.2)).toBe(false);
    expect(nearestHalfStep(3.74)).toBe(3.5);
    expect(nearestHalfStep(3.76)).toBe(4);
  });
});
