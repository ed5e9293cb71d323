import { describe, expect, it } from 'vitest';
import type { WatchResult } from '../../../../src/core/api/model';
import type { ModelKind } from '../../../../src/core/kinds';
import { DEFAULT_BLEND } from '../../../../src/core/recommend/blend';
import { neededModels, ratingKindOf, usesRanking } from '../../../../src/ui/recs/choice';
import { listScores, listStatus, shownStars } from '../../../../src/ui/recs/ranking';
import type { ModelSlot } from '../../../../src/ui/state/useModels';

const slot = (p: Partial<ModelSlot>): ModelSlot => ({
  status: 'idle',
  live: [],
  lambdas: [],
  checked: true,
  ...p,
});
const stored = slot({ status: 'ready', info: {} as ModelSlot['info'] });
const slots = (p: Partial<Record<ModelKind, ModelSlot>>) => ({
  ease: slot({}),
  mf: slot({}),
  neural: slot({}),
  ...p,
});
const watch = (scores: number[]): WatchResult => ({
  scores: Float32Array.from(scores),
  because: new Int32Array(scores.length),
  contribution: new Float32Array(scores.length),
  ms: 0,
});

describe('what each choice asks of the models', () => {
  it('the hybrid uses the ranking model and the MF; a rating model alone, its own stars', () => {
    expect(neededModels('hybrid')).toEqual(['ease', 'mf']);
    expect([ratingKindOf('hybrid'), ratingKindOf('neural'), ratingKindOf('ease')]).toEqual([
      'mf',
      'neural',
      'mf',
    ]);
    expect(usesRanking('hybrid') && usesRanking('ease')).toBe(true);
    expect(usesRanking('mf') || usesRanking('neural')).toBe(false);
  });
});

describe('list status', () => {
  it('waits for a stored model until it has answered, then is backed', () => {
    const s = slots({ ease: stored, mf: stored });
    expect(listStatus('hybrid', s, { gaveUp: false })).toEqual({ pending: true, backed: false });
    const answered = { gaveUp: false, predicted: new Float32Array(3), watched: watch([1, 2, 3]) };
    expect(listStatus('hybrid', s, answered)).toEqual({ pending: false, backed: true });
  });

  it('does not wait for a model that is not there, nor after an answer failed', () => {
    expect(listStatus('hybrid', slots({}), { gaveUp: false })).toEqual({
      pending: false,
      backed: false,
    });
    expect(listStatus('mf', slots({ mf: stored }), { gaveUp: true })).toEqual({
      pending: false,
      backed: false,
    });
  });

  it('waits while a model is still being looked up', () => {
    expect(listStatus('mf', slots({ mf: slot({ checked: false }) }), { gaveUp: false })).toEqual({
      pending: true,
      backed: false,
    });
  });
});

describe('list scores', () => {
  const content = Float32Array.from([0.1, 0.9, 0.5]);
  const base = { content, numRatings: 20, weights: DEFAULT_BLEND, stars: undefined };

  it('follow the genre match alone until a model backs them', () => {
    expect(listScores({ ...base, choice: 'hybrid', backed: false })).toBe(content);
  });

  it('one rating model alone ranks by its stars and keeps the star floor', () => {
    const predicted = Float32Array.from([4.5, 2, 3.5]);
    const s = listScores({ ...base, choice: 'mf', backed: true, predicted });
    expect(s[1]).toBe(-Infinity);
    expect(s[0]!).toBeGreaterThan(s[2]!);
  });

  it('the ranking model alone ranks by its scores', () => {
    const s = listScores({ ...base, choice: 'ease', backed: true, watched: watch([1, 3, 2]) });
    expect(s[1]!).toBeGreaterThan(s[2]!);
    expect(s[2]!).toBeGreaterThan(s[0]!);
  });
});

describe('stars on a card', () => {
  it('are clipped to the scale, and absent when not a number', () => {
    expect(shownStars(5.7)).toBe(5);
    expect(shownStars(0.2)).toBe(1);
    expect(shownStars(3.4)).toBe(3.4);
    expect(shownStars(Number.NaN)).toBeUndefined();
    expect(shownStars(undefined)).toBeUndefined();
  });
});
