import { describe, expect, it } from 'vitest';
import { timeLeftText } from '../../../src/ui/format';

describe('time left, in words', () => {
  it('never says "about less than a second left"', () => {
    expect(timeLeftText(0.4)).toBe('almost done');
    expect(timeLeftText(0.4)).not.toContain('about');
    expect(timeLeftText(12)).toBe('about 12 s left');
    expect(timeLeftText(125)).toBe('about 2 min 5 s left');
    expect(timeLeftText(Number.NaN)).toBe('estimating…');
  });
});
