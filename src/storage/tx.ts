/**
 * The two rules every storage call follows. `guard` turns IndexedDB failures into ReelErrors with
 * plain words (quota, blocked), and reopens a connection the browser closed (site data cleared). `transact` runs one transaction and waits for its commit,
 * listening to `tx.done` BEFORE the first request is awaited: a transaction that aborts (e.g. the
 * quota is exceeded at commit) then never leaves an unhandled rejection, and the abort's own error
 * (QuotaExceededError) is what gets reported, not the AbortError of a request it cut short
 * (idb issue #320). Every read and write goes through `transact`: idb's shortcuts (`db.get`) and a
 * bare `db.transaction` leave `tx.done` unhandled, so a transaction aborted under them (site data
 * cleared) becomes an uncaught error on the page.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import { ReelError, fromUnknown } from '../core/errors';
import { connectionTerminations, db, isClosedConnection, resetConnection, type ReelDB } from './db';

/** The part of a transaction `settle` needs (an idb transaction, or a stand-in in tests). */
export interface Settleable {
  readonly done: Promise<void>;
  abort(): void;
}

export async function guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const terminationsBefore = connectionTerminations();
  // The browser closed the connection under this call: the site's data is being cleared and the
  // page starts again (onConnectionLost), so this is not a failure to show. The close event can
  // come a little after the aborts it causes, hence the short wait before asking.
  const connectionLost = async () => {
    await new Promise((r) => setTimeout(r, LOST_GRACE_MS));
    return connectionTerminations() !== terminationsBefore;
  };
  const lostError = () =>
    new ReelError('storage-lost', 'The browser closed Reel’s storage; starting again.');
  try {
    try {
      return await fn();
    } catch (e) {
      // A closed connection, or a transaction aborted under the call (nothing was committed):
      // unless the page is about to start again, reopen once and try again.
      if (e instanceof ReelError || !(isClosedConnection(e) || isAborted(e))) throw e;
      if (await connectionLost()) throw lostError();
      resetConnection();
      return await fn();
    }
  } catch (e) {
    if (e instanceof ReelError) throw e;
    if (isClosedConnection(e) || (isAborted(e) && (await connectionLost()))) throw lostError();
    const name = (e as { name?: string } | null)?.name;
    if (name === 'QuotaExceededError')
      throw new ReelError(
        'quota',
        'The browser has no room left to store Reel’s data. Free some disk space and try again.',
      );
    const err = fromUnknown(e);
    throw new ReelError('storage', `Could not ${what} in the browser’s storage: ${err.message}`);
  }
}

/** How long a failed call waits for the connection's close event before deciding it was lost. */
const LOST_GRACE_MS = 50;

/**
 * An AbortError from a storage call: its transaction aborted, so nothing it wrote was committed
 * and it may run again. (Storage calls take no AbortSignal, so this is never the user's cancel.)
 */
function isAborted(e: unknown): boolean {
  return (e as { name?: string } | null)?.name === 'AbortError';
}

/** Runs `work` on `tx` and resolves once the transaction committed (see the header). */
export async function settle<T, X extends Settleable>(
  tx: X,
  work: (tx: X) => Promise<T>,
): Promise<T> {
  // Handled at once: resolves to the abort's error, or undefined once committed.
  const outcome = tx.done.then(
    () => undefined,
    (e: unknown) => e ?? new Error('The transaction was aborted.'),
  );
  let result: T;
  try {
    result = await work(tx);
  } catch (e) {
    try {
      tx.abort();
    } catch {
      /* already finished or aborted */
    }
    const txError = await outcome;
    if (e instanceof ReelError) throw e;
    // A request cut short by the abort reports AbortError; the transaction knows the cause.
    throw txError && (e as { name?: string } | null)?.name === 'AbortError' ? txError : e;
  }
  const failed = await outcome;
  if (failed) throw failed;
  return result;
}

/** One transaction on the shared connection, through `settle`. */
export async function transact<
  T,
  Names extends ArrayLike<StoreNames<ReelDB>>,
  Mode extends IDBTransactionMode,
>(
  names: Names,
  mode: Mode,
  work: (tx: IDBPTransaction<ReelDB, Names, Mode>) => Promise<T>,
): Promise<T> {
  const tx = (await db()).transaction(names, mode);
  return settle(tx, work);
}
