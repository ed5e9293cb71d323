import { describe, expect, it } from 'vitest';
import { AbortError, ReelError, fromUnknown, isAbort, toWire } from '../../../src/core/errors';

describe('errors across the worker boundary', () => {
  it('keeps the code through toWire / fromUnknown (what comlink keeps: the message)', () => {
    const wire = toWire(new ReelError('checksum', 'The file is damaged.'));
    const back = fromUnknown(new Error(wire.message));
    expect(back).toBeInstanceOf(ReelError);
    expect(back.code).toBe('checksum');
    expect(back.message).toBe('The file is damaged.');
  });

  it('turns unknown failures into plain-words internal errors and quota errors into quota', () => {
    expect(fromUnknown(new Error('boom')).code).toBe('internal');
    expect(fromUnknown({ name: 'QuotaExceededError' }).code).toBe('quota');
  });

  it('recognises aborts, also after a round trip', () => {
    expect(isAbort(new AbortError())).toBe(true);
    expect(isAbort(new Error(toWire(new AbortError()).message))).toBe(true);
    expect(isAbort(new ReelError('network', 'x'))).toBe(false);
  });
});
