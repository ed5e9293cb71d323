/**
 * What every MovieLens table parser shares: plain whole numbers (ids, ages, timestamps) read by
 * one digit reader, whether the field is bytes (the streamed ratings) or text (the small tables),
 * and the one shape of a parse error: file, 1-based line, what is wrong, and the line as found.
 */
import { ReelError } from '../errors';

/** Ids are 32-bit (the biggest releases have ids past 16 bits). */
export const MAX_ID = 0xffffffff;
/** Characters of a bad line quoted in its error. */
export const SHOWN_LINE_CHARS = 80;
/** Digits of the largest whole number read (2^32 - 1). */
const MAX_DIGITS = 10;

/** Plain decimal digits (no sign or space); -1 when not a whole number < 2^32. */
export function uintOf(b: Uint8Array, from: number, to: number): number {
  const len = to - from;
  if (len === 0 || len > MAX_DIGITS) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v > 0xffffffff ? -1 : v;
}

/** The same for text: plain decimal digits only (no sign, space, exponent). */
export function parseUint(s: string): number {
  const len = s.length;
  if (len === 0 || len > MAX_DIGITS) return -1;
  const b = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return -1;
    b[i] = c;
  }
  return uintOf(b, 0, len);
}

/** An id: a whole number from 1 to MAX_ID; -1 otherwise. */
export function parseId(s: string): number {
  const v = parseUint(s);
  return v >= 1 && v <= MAX_ID ? v : -1;
}

export function parseError(file: string, line: number, what: string, raw: string): ReelError {
  const shown = raw.length > SHOWN_LINE_CHARS ? `${raw.slice(0, SHOWN_LINE_CHARS)}…` : raw;
  return new ReelError('parse', `${file} line ${line}: ${what}, got "${shown}"`);
}
