/**
 * True ISO-8859-1 decoding: byte n becomes U+00nn. Browsers map the label 'latin1' to windows-1252
 * (0x80..0x9F differ), and MovieLens files are real Latin-1, hence this small decoder.
 * Pure-ASCII input (all of ratings.dat) takes the engine's native UTF-8 decoder, which is identical
 * on ASCII and about ten times faster than building the string by hand.
 */
const CHUNK = 0x2000; // well below every engine's argument-count limit for fromCharCode.apply

interface MinimalTextDecoder {
  decode(bytes: Uint8Array): string;
}
type TextDecoderCtor = new (label: string) => MinimalTextDecoder;
const NativeDecoder = (globalThis as { TextDecoder?: TextDecoderCtor }).TextDecoder;

export function decodeLatin1(bytes: Uint8Array): string {
  if (NativeDecoder && isAscii(bytes)) return new NativeDecoder('utf-8').decode(bytes);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(
      String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]),
    );
  }
  return parts.join('');
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
