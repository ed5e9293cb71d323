/**
 * Reads the wanted entries of a small zip (a Letterboxd export) with a hard bound on what is
 * actually inflated, not only on what the archive declares. Rules kept here:
 * - the declared sizes are checked against the limits before anything is inflated;
 * - each entry is inflated by the shared bounded inflater (data/zipInflate.ts): past its declared
 *   size or the limit, inflating stops at once, so the memory a bomb can take is the limit plus
 *   one piece's worth of output, never its declared or real size;
 * - stored (0) and deflated (8) entries are read; anything else is refused.
 */
import { ReelError } from '../errors';
import { baseName, listZip, type ByteSource, type ZipEntry } from '../data/source';
import { inflateBounded } from '../data/zipInflate';

export interface ZipLimits {
  /** most bytes one entry may inflate to */
  entryBytes: number;
  /** most bytes all the wanted entries together may inflate to */
  totalBytes: number;
}

const mb = (n: number) => `${Math.round(n / (1024 * 1024)).toLocaleString('en')} MB`;

export async function listHistoryZip(src: ByteSource): Promise<ZipEntry[]> {
  try {
    return await listZip(src, `${baseName(src.name) || 'This zip archive'}`);
  } catch (e) {
    if (e instanceof ReelError && e.code === 'not-movielens')
      throw new ReelError('not-history', e.message);
    throw e;
  }
}

/** Inflates the chosen entries (see the header); returns their bytes in the order given. */
export async function inflateEntries(
  src: ByteSource,
  entries: ZipEntry[],
  limits: ZipLimits,
): Promise<Uint8Array[]> {
  let declared = 0;
  for (const e of entries) {
    if (e.size > limits.entryBytes)
      throw new ReelError(
        'too-large',
        `${baseName(e.name)} in ${baseName(src.name)} holds ${mb(e.size)} unpacked, more than the ${mb(limits.entryBytes)} Reel reads.`,
      );
    declared += e.size;
  }
  if (declared > limits.totalBytes)
    throw new ReelError(
      'too-large',
      `${baseName(src.name)} holds ${mb(declared)} unpacked, more than the ${mb(limits.totalBytes)} Reel reads.`,
    );
  const out: Uint8Array[] = [];
  let total = 0;
  for (const e of entries) {
    const bytes = await inflateEntry(src, e, Math.min(e.size, limits.entryBytes));
    total += bytes.length;
    out.push(bytes);
  }
  if (total > limits.totalBytes) throw new ReelError('too-large', 'The zip unpacks to too much.');
  return out;
}

async function inflateEntry(src: ByteSource, e: ZipEntry, bound: number): Promise<Uint8Array> {
  const name = baseName(e.name);
  const result = new Uint8Array(bound);
  let at = 0;
  for await (const chunk of inflateBounded(src, e, {
    limit: bound,
    verify: true,
    damaged: (why) =>
      new ReelError('not-history', `${name} in ${baseName(src.name)} is damaged (${why}).`),
    tooBig: () =>
      new ReelError(
        'too-large',
        `${name} in ${baseName(src.name)} unpacks to more than it declares (${mb(bound)}); it is refused as a zip bomb or a damaged file.`,
      ),
  })) {
    result.set(chunk, at);
    at += chunk.length;
  }
  return result;
}
