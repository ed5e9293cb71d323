/**
 * `npm run data -- [--release <id> | --from <zip | folder | file>] [--out <dir>] [--shards <n>]`
 * Builds the compact shards and manifest.json the app loads, in public/data/<release>/ (the
 * release is recognised from the content: ml-100k, ml-1m, ml-10m, ml-20m, ml-25m, ml-32m,
 * ml-latest, ml-latest-small). Source: --from (any release's zip, a folder, or one file of a
 * release whose other files sit beside it), else env ML1M_ZIP, else a download of --release
 * (default ml-1m) from GroupLens checked against the MD5 published beside it (env
 * REEL_GROUPLENS_URL replaces the GroupLens folder URL, for tests and mirrors). The files are
 * streamed (CLI_LIMITS), never read whole. Everything is built in memory and written to a temporary folder that is renamed into place,
 * so a failure at any step leaves the output folder as it was. When the output folder is named
 * after its release (public/data/<release>/, the default), the folder above gets an index.json
 * listing every release present there (scripts/lib/release-index.ts): what the host serves.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ReelError } from '../src/core/errors';
import { parseManifest, type Manifest } from '../src/core/data/manifest';
import { CLI_LIMITS, readMovieLens, type ParsedMovieLens } from '../src/core/data/movielens';
import { RELEASE_IDS, RELEASES, type ReleaseId } from '../src/core/data/releases';
import { bytesSource } from '../src/core/data/source';
import { pathSources } from './lib/sources';
import { buildShardSet, type ShardSet } from '../src/core/data/shards';
import { sha256Async } from './lib/checksum';
import { downloadVerified } from './lib/download';
import { writeReleaseIndex } from './lib/release-index';

export const ML1M_URL = RELEASES['ml-1m'].url;

/**
 * Where `--release <id>` downloads from: GroupLens, or the same file name under env
 * REEL_GROUPLENS_URL (a folder URL: tests point it at a local server; a mirror works too).
 */
export function releaseUrl(id: ReleaseId, base = process.env.REEL_GROUPLENS_URL): string {
  const url = RELEASES[id].url;
  if (!base) return url;
  return new URL(url.slice(url.lastIndexOf('/') + 1), base.endsWith('/') ? base : `${base}/`).href;
}
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_DIR = join(ROOT, 'public/data');
export const DEFAULT_OUT_DIR = join(DATA_DIR, 'ml-1m');

export interface PrepareOptions {
  /** ml-1m.zip or a folder holding ratings.dat, movies.dat, users.dat; default env ML1M_ZIP. */
  from?: string;
  /** Output folder; default public/data/<release> in the project. */
  outDir?: string;
  /** Release to download when there is no `from` (default ml-1m). */
  release?: ReleaseId;
  /** Download URL used when there is no `from`; its MD5 is read from `${url}.md5`. */
  url?: string;
  ratingShards?: number;
  /** Progress lines (default: console.log). */
  log?: (line: string) => void;
  /** Progress bar for the download (default: when stderr is a terminal). */
  progress?: boolean;
  /**
   * Also train the default models in Node and ship the served blend (weights, stars' stack,
   * ranking lambda) in the manifest (scripts/lib/blend-record.ts); needs the `.wat` loader
   * (`--import ./scripts/lib/wat-register.ts`). Default false; the CLI sets it unless --no-blend.
   */
  blend?: boolean;
}

/** Reads the source, builds the shard set and writes it atomically; returns its manifest. */
export async function prepareData(opts: PrepareOptions = {}): Promise<Manifest> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const from = opts.from ?? (opts.release ? undefined : process.env.ML1M_ZIP || undefined);
  const started = Date.now();

  const { data, source } = await readSource(from, opts, log);
  const outDir = resolve(opts.outDir ?? join(DATA_DIR, data.release));
  log(`Recognised ${RELEASES[data.release as ReleaseId]?.label ?? data.release}.`);
  log(
    `Parsed ${data.ratings.users.length.toLocaleString('en')} ratings, ${data.users.length.toLocaleString('en')} users, ` +
      `${data.movies.length.toLocaleString('en')} movies.`,
  );
  const set = await buildShardSet(data, {
    sha256: sha256Async,
    source,
    ratingShards: opts.ratingShards,
  });
  if (opts.blend) {
    const t0 = Date.now();
    const { computeBlendRecord } = await import('./lib/blend-record');
    set.manifest.blend = (await computeBlendRecord(data, set.manifest.dataVersion, log)).blend;
    log(`Measured the served blend in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
  }
  const total = await writeShardSet(set, outDir);
  log(
    `Wrote ${set.files.length + 1} files (${(total / 1e6).toFixed(2)} MB) to ${outDir} ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
  if (basename(outDir) === set.manifest.release) {
    const index = await writeReleaseIndex(dirname(outDir));
    log(
      `${join(dirname(outDir), 'index.json')} lists ${index.releases.map((r) => r.release).join(', ')}.`,
    );
  }
  return set.manifest;
}

/** True when outDir holds a readable manifest.json and every file it lists, at the listed size. */
export function shardsPresent(outDir: string = DEFAULT_OUT_DIR): boolean {
  try {
    const manifest = parseManifest(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
    return manifest.files.every((f) => statSync(join(outDir, f.name)).size === f.bytes);
  } catch {
    return false;
  }
}

/** Writes manifest.json and the shards to a temporary sibling folder, then swaps it into place. */
export async function writeShardSet(set: ShardSet, outDir: string): Promise<number> {
  const parent = dirname(outDir);
  await mkdir(parent, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const tmp = join(parent, `.${basename(outDir)}.tmp-${stamp}`);
  const old = join(parent, `.${basename(outDir)}.old-${stamp}`);
  const manifestText = `${JSON.stringify(set.manifest, null, 2)}\n`;
  let total = Buffer.byteLength(manifestText);
  try {
    await mkdir(tmp);
    for (const f of set.files) {
      await writeFile(join(tmp, f.name), f.bytes);
      total += f.bytes.length;
    }
    await writeFile(join(tmp, 'manifest.json'), manifestText);
    const hadOld = existsSync(outDir);
    if (hadOld) await rename(outDir, old);
    try {
      await rename(tmp, outDir);
    } catch (e) {
      if (hadOld) await rename(old, outDir);
      throw e;
    }
    if (hadOld) await rm(old, { recursive: true, force: true });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return total;
}

async function readSource(
  from: string | undefined,
  opts: PrepareOptions,
  log: (line: string) => void,
): Promise<{ data: ParsedMovieLens; source: string }> {
  if (!from) {
    const url = opts.url ?? releaseUrl(opts.release ?? 'ml-1m');
    log(`Downloading ${url} ...`);
    const bytes = await downloadVerified({ url, progress: opts.progress });
    log(`Downloaded ${(bytes.length / 1e6).toFixed(1)} MB; checksum matches.`);
    const name = url.split('/').pop() ?? 'download.zip';
    return {
      data: await readMovieLens([bytesSource(name, bytes)], { limits: CLI_LIMITS }),
      source: url,
    };
  }
  const path = resolve(from);
  if (!existsSync(path)) throw new Error(`There is no file or folder at ${path}.`);
  log(`Reading ${path} ...`);
  const data = await readMovieLens(pathSources(path), { limits: CLI_LIMITS });
  return { data, source: statSync(path).isDirectory() ? `${basename(path)}/` : basename(path) };
}

function readArgs(argv: string[]): PrepareOptions & { help?: boolean } {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      release: { type: 'string' },
      out: { type: 'string' },
      shards: { type: 'string' },
      'no-blend': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const opts: PrepareOptions & { help?: boolean } = { help: v.help, blend: !v['no-blend'] };
  if (v.from !== undefined) opts.from = v.from;
  if (v.out !== undefined) opts.outDir = v.out;
  if (v.release !== undefined) {
    if (!(RELEASE_IDS as string[]).includes(v.release))
      throw new Error(`--release must be one of ${RELEASE_IDS.join(', ')}; got "${v.release}".`);
    opts.release = v.release as ReleaseId;
  }
  if (v.shards !== undefined) {
    const n = Number(v.shards);
    if (!Number.isInteger(n) || n < 1) throw new Error('--shards needs a whole number >= 1.');
    opts.ratingShards = n;
  }
  if (opts.from && opts.release) throw new Error('Give --from or --release, not both.');
  return opts;
}

const USAGE = `Usage: npm run data -- [--release <id> | --from <zip | folder | file>] [--out <dir>] [--shards <n>]
  --release download this release from GroupLens, checked against its published MD5:
            ${RELEASE_IDS.join(', ')} (default ml-1m; env REEL_GROUPLENS_URL
            replaces the GroupLens folder URL)
  --from    any MovieLens release: its zip, a folder with its files, or one of its files
            (default: env ML1M_ZIP, else --release)
  --out     output folder (default public/data/<release>)
  --shards  number of ratings shards (default 10)
  --no-blend  skip training the default models to ship the served blend in the manifest`;

async function main(): Promise<void> {
  try {
    const opts = readArgs(process.argv.slice(2));
    if (opts.help) {
      console.log(USAGE);
      return;
    }
    await prepareData(opts);
  } catch (e) {
    const message = e instanceof ReelError || e instanceof Error ? e.message : String(e);
    console.error(`npm run data: ${message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  void main();
}
