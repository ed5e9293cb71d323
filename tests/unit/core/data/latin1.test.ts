import { describe, expect, it } from 'vitest';
import { decodeLatin1, encodeLatin1 } from '../../../../src/core/data/latin1';

describe('decodeLatin1', () => {
  it('maps every byte n to U+00nn, including 0x80..0x9F (where windows-1252 differs)', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = decodeLatin1(all);
    expect(text.length).toBe(256);
    for (let i = 0; i < 256; i++) expect(text.charCodeAt(i)).toBe(i);
  });

  it('decodes "Misérables" from its Latin-1 byte 0xE9', () => {
    const bytes = Uint8Array.from([0x4d, 0x69, 0x73, 0xe9, 0x72, 0x61, 0x62, 0x6c, 0x65, 0x73]);
    expect(decodeLatin1(bytes)).toBe('Misérables');
  });

  it('handles long input across chunk boundaries, unaligned views and pure ASCII', () => {
    const n = 100_003;
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 7) % 256);
    const text = decodeLatin1(bytes.subarray(1));
    expect(text.length).toBe(n - 1);
    expect(text.charCodeAt(0x2000)).toBe(bytes[0x2001]);
    expect(text.charCodeAt(n - 2)).toBe(bytes[n - 1]);
    const ascii = Uint8Array.from({ length: n }, (_, i) => 32 + (i % 90));
    expect(decodeLatin1(ascii.subarray(3))).toBe(String.fromCharCode(...ascii.subarray(3)));
    const late = ascii.slice();
    late[n - 1] = 0xe9;
    expect(decodeLatin1(late).at(-1)).toBe('é');
  });

  it('round-trips with encodeLatin1, which rejects characters beyond U+00FF', () => {
    const s = 'Cité des enfants perdus, La (1995) ¿ÿ';
    expect(decodeLatin1(encodeLatin1(s))).toBe(s);
    expect(() => encodeLatin1('€')).toThrow(RangeError);
    expect(decodeLatin1(new Uint8Array(0))).toBe('');
  });
});
