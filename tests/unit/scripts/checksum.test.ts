import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReelError } from '../../../src/core/errors';
import { md5Hex, parseMd5File, sha256Hex, verifyMd5 } from '../../../scripts/lib/checksum';
import { downloadVerified, fetchBytes } from '../../../scripts/lib/download';
import { rejection } from '../../helpers/errors';

const content = new TextEncoder().encode('Reel checksum test file\n');
// Computed independently: printf 'Reel checksum test file\n' | md5sum (and sha256sum)
const MD5 = '6303efc316bea231c7682d36308fa76d';
const SHA256 = '9f29e8297fe5a2fe1800d64a072cd6e2a843f67ec8b55c9af431d2ece996493a';
const OTHER_MD5 = 'c4d9eecfca2ab87c1945afe126590906';

describe('checksum helpers', () => {
  it('hash bytes', () => {
    expect(md5Hex(content)).toBe(MD5);
    expect(sha256Hex(content)).toBe(SHA256);
    expect(sha256Hex(new Uint8Array(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(md5Hex(new Uint8Array(0))).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('read both published .md5 layouts', () => {
    const h = 'C4D9EECFCA2AB87C1945AFE126590906';
    expect(parseMd5File(`MD5 (ml-1m.zip) = ${h}\n`)).toBe(h.toLowerCase());
    expect(parseMd5File(`${h.toLowerCase()}  ml-1m.zip\n`)).toBe(h.toLowerCase());
    expect(() => parseMd5File('<html>Not found</html>')).toThrow(ReelError);
    expect(() => parseMd5File(`${h}0  too long`)).toThrow(ReelError);
  });

  it('verify, and explain a mismatch', () => {
    expect(() => verifyMd5(content, MD5.toUpperCase(), 'f.txt')).not.toThrow();
    try {
      verifyMd5(content, OTHER_MD5, 'ml-1m.zip from example.org');
      throw new Error('expected a mismatch');
    } catch (e) {
      expect((e as ReelError).code).toBe('checksum');
      expect((e as ReelError).message).toMatch(
        /^ml-1m\.zip from example\.org does not match its published checksum/,
      );
    }
  });
});

describe('downloadVerified', () => {
  let server: Server;
  let base = '';
  const routes: Record<string, string | Uint8Array> = {};
  beforeAll(async () => {
    const big = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31) % 251);
    Object.assign(routes, {
      '/ok/file.bin': big,
      '/ok/file.bin.md5': `MD5 (file.bin) = ${md5Hex(big)}\n`,
      '/bad/file.bin': big,
      '/bad/file.bin.md5': `${OTHER_MD5}  file.bin\n`,
      '/nosum/file.bin': big,
    });
    server = createServer((req, res) => {
      const body = routes[req.url ?? ''];
      if (body === undefined) {
        res.writeHead(404, 'Not Found').end();
        return;
      }
      res.writeHead(200, { 'content-length': String(Buffer.byteLength(body)) }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('downloads and verifies against the published MD5', async () => {
    const bytes = await downloadVerified({ url: `${base}/ok/file.bin`, progress: false });
    expect(bytes).toEqual(routes['/ok/file.bin']);
  });

  it('rejects a download whose MD5 does not match', async () => {
    const e = await rejection(downloadVerified({ url: `${base}/bad/file.bin`, progress: false }));
    expect(e.code).toBe('checksum');
    expect(e.message).toContain('file.bin from 127.0.0.1');
  });

  it('fails in one plain line when the server is unreachable or answers with an error', async () => {
    const offline = await rejection(fetchBytes('http://127.0.0.1:1/ml-1m.zip'));
    expect(offline.code).toBe('network');
    expect(offline.message).toMatch(/^Could not download ml-1m\.zip from 127\.0\.0\.1:1: \S/);
    expect(offline.message).not.toContain('\n');
    const missing = await rejection(fetchBytes(`${base}/nothing/ml-1m.zip`));
    expect(missing.message).toMatch(/: HTTP 404 Not Found$/);
    const noSum = await rejection(
      downloadVerified({ url: `${base}/nosum/file.bin`, progress: false }),
    );
    expect(noSum.code).toBe('network');
    expect(noSum.message).toMatch(/^Could not download file\.bin\.md5 /);
  });
});
