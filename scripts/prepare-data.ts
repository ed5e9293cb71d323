/**
 * `npm run data -- [--from <ml-1m.zip | folder with the .dat files>] [--out <dir>] [--shards <n>]`
 * Builds the compact shards and manifest.json the app loads (default public/data/ml-1m).
 * Source: --from, else env ML1M_ZIP, else a download from GroupLens checked against its published
 * MD5. Everything is built in memory and written to a temporary folder that is renamed into place,
 * so a failure at any step leaves the output folder as it was.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ReelError } from '../src/core/errors';
import { parseManifest, type Manifest } from '../src/core/data/manifest';
import {
  checkSize,
  DAT_FILES,
  readMovieLensFiles,
  readMovieLensZip,
  type ParsedMovieLens,
} from '../src/core/data/movielens';
import { buildShardSet, type ShardSet } from '../src/core/data/shards';
import { sha256Async } from './lib/checksum';
import { downloadVerified } from './lib/download';

export const ML1M_URL = 'https://files.grouplens.org/datasets/movielens/ml-1m.zip';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT_DIR = join(ROOT, 'public/data/ml-1m');

export interface PrepareOptions {
  /** ml-1m.zip or a folder holding ratings.dat, movies.dat, users.dat; default env ML1M_ZIP. */
  from?: string;
  /** Output folder; default public/data/ml-1m in the project. */
  outDir?: string;
  /** Download URL used when there is no `from`; its MD5 is read from `${url}.md5`. */
  url?: string;
  ratingShards?: number;
  /** Progress lines (default: console.log). */
  log?: (line: string) => void;
  /** Progress bar for the download (default: when stderr is a terminal). */
  progress?: boolean;
}

/** Reads the source, builds the shard set and writes it atomically; returns its manifest. */
export async function prepareData(opts: PrepareOptions = {}): Promise<Manifest> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const outDir = resolve(opts.outDir ?? DEFAULT_OUT_DIR);
  const from = opts.from ?? (process.env.ML1M_ZIP || undefined);
  const started = Date.now();

  const { data, source } = await readSource(from, opts, log);
  log(
    `Parsed ${data.ratings.users.length.toLocaleString('en')} ratings, ${data.users.length.toLocaleString('en')} users, ` +
      `${data.movies.length.toLocaleString('en')} movies.`,
  );
  const set = await buildShardSet(data, {
    sha256: sha256Async,
    source,
    ratingShards: opts.ratingShards,
  });
  const total = await writeShardSet(set, outDir);
  log(
    `Wrote ${set.files.length + 1} files (${(total / 1e6).toFixed(2)} MB) to ${outDir} ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
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
    const url = opts.url ?? ML1M_URL;
    log(`Downloading ${url} ...`);
    const bytes = await downloadVerified({ url, progress: opts.progress });
    log(`Downloaded ${(bytes.length / 1e6).toFixed(1)} MB; checksum matches.`);
    return { data: readMovieLensZip(bytes), source: url };
  }
  const path = resolve(from);
  if (!existsSync(path)) throw new Error(`There is no file or folder at ${path}.`);
  log(`Reading ${path} ...`);
  if (statSync(path).isDirectory()) {
    const files: Record<string, Uint8Array> = {};
    for (const name of readdirSync(path)) {
      if (!(DAT_FILES as readonly string[]).includes(name.toLowerCase())) continue;
      checkSize(name, statSync(join(path, name)).size); // before reading it into memory
      files[name] = new Uint8Array(readFileSync(join(path, name)));
    }
    return {
      data: readMovieLensFiles(files),
      source: `${basename(path)}/ (${DAT_FILES.join(', ')})`,
    };
  }
  checkSize(basename(path), statSync(path).size);
  return { data: readMovieLensZip(new Uint8Array(readFileSync(path))), source: basename(path) };
}

function parseArgs(argv: string[]): PrepareOptions & { help?: boolean } {
  const opts: PrepareOptions & { help?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value.`);
      return v;
    };
    if (arg === '--from') opts.from = value();
    else if (arg === '--out') opts.outDir = value();
    else if (arg === '--shards') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error('--shards needs a whole number >= 1.');
      opts.ratingShards = n;
    } else if (arg === '--help' || arg === '-h') opts.help = true;
    else throw new Error(`Unknown option ${arg}. Try --help.`);
  }
  return opts;
}

const USAGE = `Usage: npm run data -- [--from <ml-1m.zip | folder>] [--out <dir>] [--shards <n>]
  --from    the official ml-1m.zip, or a folder with ratings.dat, movies.dat and users.dat
            (default: env ML1M_ZIP, else download ${ML1M_URL})
  --out     output folder (default public/data/ml-1m)
  --shards  number of ratings shards (default 10)`;

async function main(): Promise<void> {
  try {
    const opts = parseArgs(process.argv.slice(2));
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
