/**
 * Verified download from the static host: a shard is fetched with byte progress and its sha256
 * checked against the manifest; a mismatch or a network failure is retried a few times (not while
 * the browser is offline: that fails at once as 'offline'), and the bytes of a failed try are taken
 * back out of the progress. JSON answers are told from a host's
 * fallback page (many static hosts answer an unknown path with index.html).
 */
import type { ManifestFile } from '../../src/core/data/manifest';
import { ReelError, throwIfAborted } from '../../src/core/errors';
import { fetchBytes, sha256Hex } from '../fetch-bytes';

const SHARD_TRIES = 3;

/** Downloads one file, checks its checksum; retried on mismatch or network failure. */
export async function fetchVerified(
  url: string,
  file: ManifestFile,
  signal: AbortSignal | undefined,
  onBytes: (n: number) => void,
): Promise<Uint8Array> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= SHARD_TRIES; attempt++) {
    throwIfAborted(signal);
    let counted = 0;
    try {
      const bytes = await fetchBytes(url, signal, (n) => {
        counted += n;
        onBytes(n);
      });
      if ((await sha256Hex(bytes)) === file.sha256) return bytes;
      lastError = new ReelError(
        'checksum',
        `The data file ${file.name} arrived damaged (its checksum does not match) ${SHARD_TRIES} times in a row.`,
      );
    } catch (e) {
      if (signal?.aborted) throw e;
      lastError = e;
      // Offline: another try now cannot succeed; the user tries again once back online.
      if (e instanceof ReelError && e.code === 'offline' && navigator.onLine === false) {
        onBytes(-counted);
        throw e;
      }
    }
    onBytes(-counted);
  }
  throw lastError;
}

/** Static hosts often answer unknown paths with the app's index.html: that means no such file. */
export const isJson = (res: Response): boolean =>
  /json/i.test(res.headers.get('content-type') ?? 'application/json');
