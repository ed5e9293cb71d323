import { readAll } from '../src/core/data/bytes';
import { ReelError } from '../src/core/errors';

/** GETs `url` into one Uint8Array, reporting each received chunk's size. */
export async function fetchBytes(
  url: string,
  signal: AbortSignal | undefined,
  onChunk: (bytes: number) => void,
): Promise<Uint8Array> {
  const res = await fetch(url, { cache: 'no-cache', signal });
  if (!res.ok || !res.body)
    throw new ReelError('network', `A data file could not be downloaded (HTTP ${res.status}).`);
  return readAll(res.body, (_got, chunk) => onChunk(chunk));
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
