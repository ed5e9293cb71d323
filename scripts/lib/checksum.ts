/** Checksums for Node scripts: hex digests, GroupLens' published .md5 files, and a verifier. */
import { createHash } from 'node:crypto';
import { ReelError } from '../../src/core/errors';

export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** sha256Hex in the async shape buildShardSet (and Web Crypto) use. */
export async function sha256Async(bytes: Uint8Array): Promise<string> {
  return sha256Hex(bytes);
}

/**
 * The digest in a published checksum file. Accepts the BSD form "MD5 (ml-1m.zip) = <hex>" and the
 * coreutils form "<hex>  ml-1m.zip"; returns lower-case hex, or throws when there is none.
 */
export function parseMd5File(text: string): string {
  const m = /(?:^|[\s=(])([0-9a-fA-F]{32})(?![0-9a-fA-F])/.exec(text);
  if (!m) throw new ReelError('checksum', 'The published checksum file holds no MD5 digest.');
  return m[1]!.toLowerCase();
}

/** Throws ReelError('checksum') in plain words when `bytes` do not have the expected MD5. */
export function verifyMd5(bytes: Uint8Array, expected: string, what: string): void {
  const actual = md5Hex(bytes);
  if (actual !== expected.toLowerCase()) {
    throw new ReelError(
      'checksum',
      `${what} does not match its published checksum (MD5 ${actual}, expected ${expected.toLowerCase()}); ` +
        'the download is damaged or was changed. Nothing was written.',
    );
  }
}
