/** Issue #8 item 10: a transaction aborted by the quota is reported as 'quota', never unhandled. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { guard, settle, type Settleable } from '../../../src/storage/tx';
import { isClosedConnection } from '../../../src/storage/db';
import { rejection } from '../../helpers/errors';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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

describe('isClosedConnection', () => {
  it('knows the errors of a connection closed under us, and nothing else', () => {
    const err = (name: string, message = '') => Object.assign(new Error(message), { name });
    expect(isClosedConnection(err('InvalidStateError'))).toBe(true);
    expect(
      isClosedConnection(
        err('UnknownError', 'Connection is closing because of: Force close delete origin'),
      ),
    ).toBe(true);
    expect(isClosedConnection(err('AbortError', 'Connection is closing.'))).toBe(true);
    expect(isClosedConnection(err('UnknownError', 'The connection was closed.'))).toBe(true);
    expect(isClosedConnection(err('AbortError', 'The transaction was aborted.'))).toBe(false);
    expect(isClosedConnection(err('QuotaExceededError'))).toBe(false);
    expect(isClosedConnection(undefined)).toBe(false);
  });
});

describe('guard on a connection closed under us', () => {
  it('retries once on a new connection, then says storage-lost (the page restarts itself)', async () => {
    let calls = 0;
    const closed = () => {
      calls++;
      throw Object.assign(new Error('The connection was closed.'), { name: 'UnknownError' });
    };
    const e = await rejection(guard('read your ratings', async () => closed()));
    expect(calls).toBe(2);
    expect(e).toMatchObject({ code: 'storage-lost' });
  });

  it('runs a request cut short by its transaction’s abort once more (nothing was committed)', async () => {
    let calls = 0;
    const value = await guard('read your ratings', async () => {
      if (calls++ === 0)
        throw Object.assign(
          new Error('The transaction was aborted, so the request cannot be fulfilled.'),
          { name: 'AbortError' },
        );
      return 'read';
    });
    expect([calls, value]).toEqual([2, 'read']);
  });

  it('shows a request cut short twice as a storage error when no connection was lost', async () => {
    const cut = () => {
      throw Object.assign(new Error('The transaction was aborted.'), { name: 'AbortError' });
    };
    const e = await rejection(guard('read your ratings', async () => cut()));
    expect(e).toMatchObject({ code: 'storage' });
  });
});

describe('the storage module', () => {
  it('opens every transaction through transact (no bare db.transaction, no idb shortcuts)', () => {
    const dir = join(__dirname, '../../../src/storage');
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'tx.ts' && f !== 'db.ts')
      .filter((f) => {
        const src = readFileSync(join(dir, f), 'utf8');
        return /\.transaction\(|\b(db\(\)\)|\bd)\.(get|getAll|put|add|delete|clear|count)\(/.test(
          src,
        );
      });
    expect(offenders).toEqual([]);
  });
});
