/**
 * The static server the end-to-end tests and the bench share: serves the built app under a
 * sub-path with the security headers `npm start` sends, and the data shards from a chosen folder
 * under `<base>data/ml-1m/` (more releases under `<base>data/<release>/` with `setReleases`),
 * with `<base>data/index.json` listing what it serves as `npm run data` writes it, and faults that
 * tests switch on: corrupt a file's bytes N times, hold a file back (to reload mid-load), serve a
 * broken manifest, or no index.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { SECURITY_HEADERS } from './security-headers';
import { parseManifest } from '../../src/core/data/manifest';
import { releaseIndexOf } from '../../src/core/data/releaseIndex';

interface Faults {
  /** serve these files with a flipped byte, this many times each */
  corrupt?: Record<string, number>;
  /** never answer requests for these files (the client waits until it gives up or reloads) */
  hold?: string[];
  /** replace the manifest by this JSON text */
  manifestText?: string;
  /** answer data/index.json with 404 (a host from before the index) */
  noIndex?: boolean;
}

export interface TestServer {
  url: string;
  base: string;
  dataDir: string;
  requests: string[];
  setFaults(f: Faults): void;
  setDataDir(dir: string): void;
  /** serve these folders too, each under data/<release>/ (replaces the previous set) */
  setReleases(dirs: Record<string, string>): void;
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
  const assets = sirv(opts.distDir, { dev: true, etag: true, single: true, gzip: true });
  const dataRoot = `${base}data/`;
  let extra: Record<string, string> = {};
  const dirOf = (release: string): string | undefined =>
    release === 'ml-1m' ? dataDir : Object.hasOwn(extra, release) ? extra[release] : undefined;

  /** The index of the folders served, each listed under the release its URL names. */
  function indexText(): string {
    const served = [['ml-1m', dataDir] as const, ...Object.entries(extra)].flatMap(([r, dir]) => {
      try {
        return [{ ...parseManifest(readFileSync(join(dir, 'manifest.json'), 'utf8')), release: r }];
      } catch {
        return [];
      }
    });
    return JSON.stringify(releaseIndexOf(served));
  }

  async function serveData(dir: string, name: string, res: ServerResponse) {
    if (faults.hold?.includes(name)) {
      held.push(res);
      return;
    }
    if (name === 'manifest.json' && faults.manifestText !== undefined) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(faults.manifestText);
      return;
    }
    const path = normalize(join(dir, name));
    if (!path.startsWith(normalize(dir))) return void res.writeHead(403).end();
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
    if (url.pathname === `${dataRoot}index.json`) {
      if (faults.noIndex) return void res.writeHead(404).end('not found');
      res.writeHead(200, { 'content-type': 'application/json' }).end(indexText());
      return;
    }
    if (url.pathname.startsWith(dataRoot)) {
      const rest = decodeURIComponent(url.pathname.slice(dataRoot.length));
      const slash = rest.indexOf('/');
      const dir = slash > 0 ? dirOf(rest.slice(0, slash)) : undefined;
      if (dir === undefined) return void res.writeHead(404).end('not found');
      void serveData(dir, rest.slice(slash + 1), res);
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
    setReleases: (dirs) => {
      extra = { ...dirs };
    },
    close: async () => {
      for (const r of held.splice(0)) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
