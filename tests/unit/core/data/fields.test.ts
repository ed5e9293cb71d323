import { describe, expect, it } from 'vitest';
import { parseId, parseUint, uintOf } from '../../../../src/core/data/fields';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('the digit reader', () => {
  it('reads plain decimal digits the same from text and from bytes', () => {
    for (const s of ['0', '7', '42', '0042', '4294967295']) {
      expect(parseUint(s)).toBe(Number(s));
      expect(uintOf(bytes(s), 0, s.length)).toBe(Number(s));
    }
  });

  it('refuses anything else: empty, signs, spaces, decimals, 2^32 and beyond, non-ASCII digits', () => {
    for (const s of ['', '-1', '+1', ' 1', '1 ', '1.0', '1e3', '4294967296', '12345678901', '١']) {
      expect(parseUint(s)).toBe(-1);
      if (s.length && s !== '١') expect(uintOf(bytes(s), 0, s.length)).toBe(-1);
    }
  });

  it('reads a field inside a line, and ids start at 1', () => {
    const line = bytes('12::345::4::978300760');
    expect(uintOf(line, 4, 7)).toBe(345);
    expect(parseId('0')).toBe(-1);
    expect(parseId('1')).toBe(1);
  });
});
