/**
 * The static server the end-to-end tests and the bench share: serves the built app under a
 * sub-path with the security headers `npm start` sends, and the data shards from a chosen folder
 * under `<base>data/ml-1m/`, with faults that tests switch on: corrupt a file's bytes N times,
 * hold a file back (to reload mid-load), or serve a broken manifest.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { SECURITY_HEADERS } from './security-headers';

export interface Faults {
  /** serve these files with a flipped byte, this many times each */
  corrupt?: Record<string, number>;
  /** never answer requests for these files (the client waits until it gives up or reloads) */
  hold?: string[];
  /** replace the manifest by this JSON text */
  manifestText?: string;
}

export interface TestServer {
  url: string;
  base: string;
  dataDir: string;
  requests: string[];
  setFaults(f: Faults): void;
  setDataDir(dir: string): void;
  close(): Promise<void>;
}

/** Tries what the policy forbids from inside a worker and reports what happened. */
const PROBE_WORKER = `
const seen = [];
self.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
let evalResult = 'ran';
try { (0, eval)('1'); } catch { evalResult = 'blocked'; }
fetch('http://127.0.0.1:9/steal').then(
  () => postMessage({ fetch: 'sent', eval: evalResult, seen }),
  () => setTimeout(() => postMessage({ fetch: 'blocked', eval: evalResult, seen }), 50),
);
`;

export async function startServer(opts: {
  distDir: string;
  dataDir: string;
  base?: string;
}): Promise<TestServer> {
  const base = opts.base ?? '/reel/';
  let faults: Faults = {};
  let dataDir = opts.dataDir;
  const requests: string[] = [];
  const held: ServerResponse[] = [];
  const assets = sirv(opts.distDir, { dev: true, etag: true, single: true });
  const dataPrefix = `${base}data/ml-1m/`;

  async function serveData(name: string, res: ServerResponse) {
    if (faults.hold?.includes(name)) {
      held.push(res);
      return;
    }
    if (name === 'manifest.json' && faults.manifestText !== undefined) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(faults.manifestText);
      return;
    }
    const path = normalize(join(dataDir, name));
    if (!path.startsWith(normalize(dataDir))) return void res.writeHead(403).end();
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      return void res.writeHead(404).end('not found');
    }
    const left = faults.corrupt?.[name] ?? 0;
    if (left > 0) {
      faults.corrupt![name] = left - 1;
      bytes = Buffer.from(bytes);
      bytes[bytes.length >> 1]! ^= 0xff;
    }
    res
      .writeHead(200, {
        'content-type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
        'content-length': bytes.length,
        'cache-control': 'no-cache',
      })
      .end(bytes);
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // as `npm start` serves it: the security headers on every response, scripts included
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    requests.push(url.pathname);
    if (url.pathname === `${base}__probe/worker.js`) {
      // A test-only worker script, served like every script: does its policy hold in a worker?
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(PROBE_WORKER);
      return;
    }
    if (url.pathname.startsWith(dataPrefix)) {
      void serveData(decodeURIComponent(url.pathname.slice(dataPrefix.length)), res);
      return;
    }
    if (url.pathname === base.slice(0, -1))
      return void res.writeHead(301, { location: base }).end();
    if (!url.pathname.startsWith(base)) return void res.writeHead(404).end('not found');
    req.url = url.pathname.slice(base.length - 1) + url.search;
    assets(req, res, () => void res.writeHead(404).end('not found'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    base,
    get dataDir() {
      return dataDir;
    },
    requests,
    setFaults: (f) => {
      faults = structuredClone(f);
      if (!f.hold) for (const r of held.splice(0)) r.destroy();
    },
    setDataDir: (d) => {
      dataDir = d;
    },
    close: async () => {
      for (const r of held.splice(0)) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
