/** The ReelError a call throws (fails the test when it throws nothing or something else). */
import { expect } from 'vitest';
import { ReelError } from '../../src/core/errors';

export function errorOf(f: () => unknown): ReelError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ReelError);
    return e as ReelError;
  }
  throw new Error('expected an error');
}

/** The ReelError a promise rejects with. */
export async function rejection(p: Promise<unknown>): Promise<ReelError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ReelError);
    return e as ReelError;
  }
  throw new Error('expected a rejection');
}
