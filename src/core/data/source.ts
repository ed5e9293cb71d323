/**
 * Byte sources read in pieces, never whole: a browser File/Blob, a Node file handle or bytes in
 * memory all become a `ByteSource` (random access by offset). A zip is read from its central
 * directory at the end, and one entry at a time is inflated as a stream of chunks
 * (zipInflate.ts), so neither the archive nor a table ever has to sit in memory as one piece.
 * Rules kept here:
 * - an entry's declared size is known before anything is inflated (callers check their limits);
 * - what is actually inflated is bounded while streaming: past the declared size (a lying zip
 *   bomb) or the caller's limit, inflating stops at once and the entry is refused as 'too-large';
 * - stored (0) and deflated (8) entries are read; anything else (zip64, encryption) is refused.
 */
import { ReelError } from '../errors';
import { decodeLatin1, decodeTable } from './latin1';
import { inflateBounded } from './zipInflate';

export interface ByteSource {
  /** The name (or path) the user gave; used in messages and to tell entries apart. */
  name: string;
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Bytes handed on at a time when streaming a source or an entry. */
const READ_CHUNK = 4 << 20;

export function bytesSource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.length,
    read: (offset, length) =>
      Promise.resolve(bytes.subarray(offset, Math.min(bytes.length, offset + length))),
  };
}

/** The whole source as consecutive chunks. */
export async function* chunksOf(src: ByteSource, chunk = READ_CHUNK): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < src.size; at += chunk) yield await src.read(at, chunk);
}

export function isZipMagic(head: Uint8Array): boolean {
  // Local file header "PK\3\4", or the end-of-central-directory record of an empty zip "PK\5\6".
  return (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))
  );
}

export interface ZipEntry {
  /** Path inside the archive, e.g. "ml-25m/ratings.csv". */
  name: string;
  method: number;
  compressedSize: number;
  /** Declared uncompressed size. */
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CDH = 0x02014b50;

/** The archive's file entries (folders and macOS resource forks left out). */
export async function listZip(src: ByteSource, what = 'This zip archive'): Promise<ZipEntry[]> {
  const bad = (why: string) =>
    new ReelError('not-movielens', `${what} could not be read (${why}).`);
  const tailLen = Math.min(src.size, 22 + 0xffff);
  const tail = await src.read(src.size - tailLen, tailLen);
  const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (tv.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw bad('no central directory: the file is cut short or not a zip');
  const count = tv.getUint16(eocd + 10, true);
  const cdSize = tv.getUint32(eocd + 12, true);
  const cdOffset = tv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff)
    throw bad('it is a zip64 archive; unpack it and choose the files instead');
  if (cdOffset + cdSize > src.size) throw bad('its directory points past its end');
  const cd = await src.read(cdOffset, cdSize);
  const v = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let k = 0; k < count; k++) {
    if (at + 46 > cd.length || v.getUint32(at, true) !== CDH) throw bad('its directory is damaged');
    const nameLen = v.getUint16(at + 28, true);
    const extraLen = v.getUint16(at + 30, true);
    const commentLen = v.getUint16(at + 32, true);
    const nameBytes = cd.subarray(at + 46, at + 46 + nameLen);
    const name =
      (v.getUint16(at + 8, true) & 0x800) !== 0 ? decodeTable(nameBytes) : decodeLatin1(nameBytes);
    const entry: ZipEntry = {
      name,
      method: v.getUint16(at + 10, true),
      compressedSize: v.getUint32(at + 20, true),
      size: v.getUint32(at + 24, true),
      localOffset: v.getUint32(at + 42, true),
    };
    at += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/') || name.startsWith('__MACOSX/') || baseName(name).startsWith('._'))
      continue;
    entries.push(entry);
  }
  return entries;
}

/**
 * Inflates one entry as a stream of chunks (zipInflate.ts): never more than `limit` bytes, and
 * with `verify` never more than it declares (refused as 'too-large'), nor less (damaged).
 */
export function entryChunks(
  src: ByteSource,
  e: ZipEntry,
  verify = true,
  limit = e.size,
): AsyncGenerator<Uint8Array> {
  const name = baseName(e.name);
  return inflateBounded(src, e, {
    limit,
    verify,
    damaged: (why) =>
      new ReelError('not-movielens', `${name} in the zip archive is damaged (${why}).`),
    tooBig: (bound, declared) =>
      new ReelError(
        'too-large',
        declared
          ? `${name} in the zip archive unpacks to more than the ${mb(bound)} it declares; it is refused as a zip bomb or a damaged file.`
          : `${name} in the zip archive unpacks to more than the ${mb(bound)} Reel reads.`,
      ),
  });
}

const mb = (n: number) =>
  n >= 1024 * 1024
    ? `${Math.round(n / (1024 * 1024)).toLocaleString('en')} MB`
    : `${n.toLocaleString('en')} bytes`;

/** At most the first `n` bytes of a stream (the rest is never produced). */
export async function headOf(chunks: AsyncGenerator<Uint8Array>, n: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let have = 0;
  for await (const c of chunks) {
    parts.push(c);
    have += c.length;
    if (have >= n) break;
  }
  await chunks.return(undefined);
  const out = new Uint8Array(Math.min(n, have));
  let at = 0;
  for (const p of parts) {
    const take = Math.min(p.length, out.length - at);
    out.set(p.subarray(0, take), at);
    at += take;
    if (at === out.length) break;
  }
  return out;
}

export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
