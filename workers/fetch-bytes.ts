import { readAll } from '../src/core/data/bytes';
import { offlineError, ReelError } from '../src/core/errors';

/**
 * A fetch that failed without an HTTP answer (fetch and reading a body reject with a TypeError,
 * "Failed to fetch"), or any failure while the browser says it is offline, is the 'offline'
 * ReelError; aborts and ReelErrors pass through unchanged.
 */
export function asOffline(e: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted || e instanceof ReelError) return e;
  if ((e as { name?: unknown } | null)?.name === 'AbortError') return e;
  if (e instanceof TypeError || (typeof navigator !== 'undefined' && navigator.onLine === false))
    return offlineError();
  return e;
}

/** GETs `url` into one Uint8Array, reporting each received chunk's size. */
export async function fetchBytes(
  url: string,
  signal: AbortSignal | undefined,
  onChunk: (bytes: number) => void,
): Promise<Uint8Array> {
  try {
    const res = await fetch(url, { cache: 'no-cache', signal });
    if (!res.ok || !res.body)
      throw new ReelError('network', `A data file could not be downloaded (HTTP ${res.status}).`);
    return await readAll(res.body, (_got, chunk) => onChunk(chunk));
  } catch (e) {
    throw asOffline(e, signal);
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
