/** Issue #8 item 10: a transaction aborted by the quota is reported as 'quota', never unhandled. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { guard, settle, type Settleable } from '../../../src/storage/tx';
import { rejection } from '../../helpers/errors';

const domError = (name: string) => Object.assign(new Error(name), { name });

/** A transaction whose commit fails with `cause`, cutting its pending request short. */
function abortingTx(cause: Error): Settleable & { aborted: boolean } {
  let fail!: (e: Error) => void;
  const done = new Promise<void>((_, reject) => (fail = reject));
  setTimeout(() => fail(cause), 0);
  return {
    done,
    aborted: false,
    abort() {
      this.aborted = true;
    },
  };
}

describe('settle', () => {
  it('reports the abort’s QuotaExceededError, not the request’s AbortError', async () => {
    const tx = abortingTx(domError('QuotaExceededError'));
    const request = new Promise<void>((_, reject) =>
      setTimeout(() => reject(domError('AbortError')), 5),
    );
    const e = await rejection(guard('save your rating', () => settle(tx, () => request)));
    expect(e.code).toBe('quota');
  });

  it('reports a quota abort at commit after every request succeeded', async () => {
    const tx = abortingTx(domError('QuotaExceededError'));
    const e = await rejection(guard('store the data', () => settle(tx, async () => 'ok')));
    expect(e.code).toBe('quota');
  });

  it('aborts the transaction when the work fails, and keeps the work’s own error', async () => {
    const tx = abortingTx(domError('AbortError'));
    const boom = domError('DataError');
    await expect(settle(tx, () => Promise.reject(boom))).rejects.toBe(boom);
    expect(tx.aborted).toBe(true);
  });

  it('returns the work’s result once the transaction committed', async () => {
    const tx = { done: Promise.resolve(), abort() {} };
    expect(await settle(tx, async () => 42)).toBe(42);
  });
});
