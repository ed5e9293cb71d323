import { ReelError, fromUnknown } from '../core/errors';

/** Turns IndexedDB failures into ReelErrors with plain words (quota, blocked, closed). */
export async function guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ReelError) throw e;
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
