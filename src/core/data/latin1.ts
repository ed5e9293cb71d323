/**
 * Decoding of the MovieLens text tables. The files are ISO-8859-1 (byte n becomes U+00nn);
 * browsers map the label 'latin1' to windows-1252 (0x80..0x9F differ), hence our own decoder.
 * Rules kept here:
 * - a table that is valid UTF-8 AND holds multi-byte sequences was re-saved as UTF-8 (real
 *   Latin-1 text with accents is almost never valid UTF-8): it is decoded as UTF-8, so
 *   "Misérables" never turns into "MisÃ©rables";
 * - decoding goes in chunks and checks the result's length: engines silently return "" for text
 *   past their string limit, which must never read as an empty table.
 * Pure-ASCII input (all of ratings.dat) takes the engine's native UTF-8 decoder, which is identical
 * on ASCII and much faster than building the string by hand.
 */
import { ReelError } from '../errors';

const CHUNK = 0x2000; // well below every engine's argument-count limit for fromCharCode.apply
/** Bytes handed to the native decoder at a time (far below any engine's string limit). */
const NATIVE_CHUNK = 1 << 24;

interface MinimalTextDecoder {
  decode(bytes: Uint8Array, opts?: { stream?: boolean }): string;
}
type TextDecoderCtor = new (label: string, opts?: { fatal?: boolean }) => MinimalTextDecoder;
const NativeDecoder = (globalThis as { TextDecoder?: TextDecoderCtor }).TextDecoder;

type TextEncoding = 'ascii' | 'latin1' | 'utf-8';

/** Which encoding a table's bytes are in (see the header). */
function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (isAscii(bytes)) return 'ascii';
  return isUtf8(bytes) ? 'utf-8' : 'latin1';
}

/** Decodes a table: ASCII, Latin-1, or UTF-8 when it was re-saved so (see the header). */
export function decodeTable(bytes: Uint8Array, file = 'The file'): string {
  const encoding = detectEncoding(bytes);
  const text = encoding === 'utf-8' ? decodeUtf8(bytes, file) : decodeLatin1(bytes, file);
  // One character per byte, except in UTF-8 (checked non-empty by join).
  if (encoding !== 'utf-8' && text.length !== bytes.length) throw tooLong(file);
  return text;
}

export function decodeLatin1(bytes: Uint8Array, file = 'The file'): string {
  const parts: string[] = [];
  if (NativeDecoder && isAscii(bytes)) {
    const decoder = new NativeDecoder('utf-8');
    for (let i = 0; i < bytes.length; i += NATIVE_CHUNK)
      parts.push(decoder.decode(bytes.subarray(i, i + NATIVE_CHUNK)));
  } else {
    for (let i = 0; i < bytes.length; i += CHUNK) {
      parts.push(
        String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]),
      );
    }
  }
  return join(parts, bytes.length, file);
}

/** The inverse, for text whose characters are all U+0000..U+00FF; throws on anything else. */
export function encodeLatin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new RangeError(`Character U+${c.toString(16)} has no Latin-1 byte.`);
    out[i] = c;
  }
  return out;
}

function decodeUtf8(bytes: Uint8Array, file: string): string {
  if (!NativeDecoder) throw new ReelError('internal', 'This engine has no TextDecoder.');
  const decoder = new NativeDecoder('utf-8');
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += NATIVE_CHUNK)
    parts.push(decoder.decode(bytes.subarray(i, i + NATIVE_CHUNK), { stream: true }));
  parts.push(decoder.decode(new Uint8Array(0)));
  return join(parts, bytes.length, file);
}

/** Joins decoded chunks; an engine's string limit becomes a clear error, never a silent "". */
function join(parts: string[], byteLength: number, file: string): string {
  let text: string;
  try {
    text = parts.join('');
  } catch {
    throw tooLong(file);
  }
  if (byteLength > 0 && text.length === 0) throw tooLong(file);
  return text;
}

function tooLong(file: string): ReelError {
  return new ReelError(
    'too-large',
    `${file} is too large for this browser to read as text. Use the MovieLens files as published.`,
  );
}

/** Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
function isUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [need, min, cp] = [3, 0x10000, b & 0x07];
    else return false;
    if (i + need >= n) return false;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

function isAscii(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  // Walk to a 4-byte boundary, then test four bytes at a time.
  while (i < n && (bytes.byteOffset + i) % 4 !== 0) if (bytes[i++]! & 0x80) return false;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (n - i) >> 2);
  for (let w = 0; w < words.length; w++) if (words[w]! & 0x80808080) return false;
  for (i += words.length * 4; i < n; i++) if (bytes[i]! & 0x80) return false;
  return true;
}
