/**
 * Byte sources read in pieces, never whole: a browser File/Blob, a Node file handle or bytes in
 * memory all become a `ByteSource` (random access by offset). A zip is read from its central
 * directory at the end, and one entry at a time is inflated as a stream of chunks (fflate
 * `Inflate`), so neither the archive nor a table ever has to sit in memory as one piece.
 * Rules kept here:
 * - an entry's declared size is known before anything is inflated (callers check their limits);
 * - an entry that inflates to more than it declared is refused as damaged (a lying zip bomb);
 * - stored (0) and deflated (8) entries are read; anything else (zip64, encryption) is refused.
 */
import { Inflate } from 'fflate';
import { ReelError } from '../errors';
import { decodeLatin1, decodeTable } from './latin1';

export interface ByteSource {
  /** The name (or path) the user gave; used in messages and to tell entries apart. */
  name: string;
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Bytes handed on at a time when streaming a source or an entry. */
export const READ_CHUNK = 4 << 20;

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
const LFH = 0x04034b50;

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

/** Inflates one entry as a stream of chunks; stops (and refuses) past its declared size. */
export async function* entryChunks(
  src: ByteSource,
  e: ZipEntry,
  verify = true,
): AsyncGenerator<Uint8Array> {
  const damaged = (why: string) =>
    new ReelError('not-movielens', `${baseName(e.name)} in the zip archive is damaged (${why}).`);
  const lfh = await src.read(e.localOffset, 30);
  const lv = new DataView(lfh.buffer, lfh.byteOffset, lfh.byteLength);
  if (lfh.length < 30 || lv.getUint32(0, true) !== LFH) throw damaged('no local header');
  const start = e.localOffset + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
  if (start + e.compressedSize > src.size) throw damaged('it ends too early');
  if (e.method !== 0 && e.method !== 8)
    throw damaged(`compression method ${e.method} is not supported`);
  let out: Uint8Array[] = [];
  let produced = 0;
  const inflate = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced > e.size && verify) throw damaged('it unpacks to more than it declares');
    out.push(chunk);
  });
  for (let at = 0; at < e.compressedSize; at += READ_CHUNK) {
    const piece = await src.read(start + at, Math.min(READ_CHUNK, e.compressedSize - at));
    const last = at + READ_CHUNK >= e.compressedSize;
    if (e.method === 0) {
      produced += piece.length;
      yield piece;
      continue;
    }
    try {
      inflate.push(piece, last);
    } catch (err) {
      if (err instanceof ReelError) throw err;
      throw damaged(err instanceof Error ? err.message : String(err));
    }
    const ready = out;
    out = [];
    for (const c of ready) yield c;
  }
  if (e.compressedSize === 0 && e.method === 8 && e.size > 0) throw damaged('it holds no data');
  if (verify && produced !== e.size)
    throw damaged('it unpacks to a different size than it declares');
}

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
