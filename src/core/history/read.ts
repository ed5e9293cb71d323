/**
 * Reads the files a person chose (several at once, loose CSV/JSON or a Letterboxd export zip) as
 * one film history. Files are recognised by their content (a CSV's header, a JSON's shape), never
 * by name; the one exception is Letterboxd's watched.csv and watchlist.csv, whose headers are the
 * same, so only their names tell them apart. Rules kept here:
 * - sizes are checked before reading: a file over HISTORY_LIMITS.fileBytes is refused, and a zip's
 *   entries are bounded by what they actually inflate to (zip.ts);
 * - in a Letterboxd zip only the top-level CSVs are inflated: profile.csv, reviews, comments and
 *   the deleted/, orphaned/, likes/ and lists/ folders are never read;
 * - a file of another kind, an empty or header-only file are errors that change nothing; malformed
 *   rows are listed and the rest is read; a file whose every row is malformed is an error.
 */
import { ReelError, throwIfAborted } from '../errors';
import { baseName, bytesSource, isZipMagic, type ByteSource } from '../data/source';
import {
  classifyCsv,
  classifyJson,
  mergeLetterboxd,
  newOut,
  readImdb,
  readLetterboxdCsv,
  readLetterboxdImport,
  readTmdb,
  readTrakt,
  type FormatOut,
  type LetterboxdRow,
} from './formats';
import { decodeText, parseCsv } from './text';
import { MAX_MALFORMED_LISTED, type HistoryRead } from './types';
import { inflateEntries, listHistoryZip } from './zip';

interface HistoryLimits {
  /** most bytes one chosen file may hold */
  fileBytes: number;
  /** most bytes one zip entry may inflate to */
  zipEntryBytes: number;
  /** most bytes the read entries of one zip may inflate to together */
  zipTotalBytes: number;
}

const HISTORY_LIMITS: HistoryLimits = {
  fileBytes: 32 * 1024 * 1024,
  zipEntryBytes: 32 * 1024 * 1024,
  zipTotalBytes: 64 * 1024 * 1024,
};

/** Named in messages when a file is of no kind Reel reads. */
export const HISTORY_FORMATS_TEXT =
  'Reel reads a Letterboxd export (the zip, or its ratings.csv, diary.csv, watched.csv, watchlist.csv), ' +
  'an IMDb "Your ratings" CSV, a TMDB ratings CSV, a Trakt backup (ratings-movies.json, ' +
  "watched-movies.json, watchlist-movies.json), or a CSV in Letterboxd's import format.";

const mb = (n: number) => `${Math.round(n / (1024 * 1024)).toLocaleString('en')} MB`;

/** Folders of a Letterboxd export that are never read. */
const NEVER_READ_DIRS = /(^|\/)(deleted|orphaned|likes|lists)\//i;
/** Top-level files of a Letterboxd export that are never read. */
const NEVER_READ_FILES = /^(profile|reviews|comments)\.csv$/i;

export interface ReadHistoryOptions {
  limits?: HistoryLimits;
  signal?: AbortSignal;
}

export async function readHistory(
  sources: ByteSource[],
  opts: ReadHistoryOptions = {},
): Promise<HistoryRead> {
  const limits = opts.limits ?? HISTORY_LIMITS;
  if (sources.length === 0)
    throw new ReelError('empty-file', `No file was chosen. ${HISTORY_FORMATS_TEXT}`);
  const out = newOut();
  const letterboxd: LetterboxdRow[] = [];
  const files: HistoryRead['files'] = [];
  for (const src of sources) {
    throwIfAborted(opts.signal);
    const name = baseName(src.name) || 'The file';
    if (src.size === 0)
      throw new ReelError('empty-file', `${name} is empty. ${HISTORY_FORMATS_TEXT}`);
    if (src.size > limits.fileBytes)
      throw new ReelError(
        'too-large',
        `${name} holds ${mb(src.size)}, more than the ${mb(limits.fileBytes)} Reel reads. ${HISTORY_FORMATS_TEXT}`,
      );
    if (isZipMagic(await src.read(0, 4))) {
      await readZip(src, limits, out, letterboxd, files);
      continue;
    }
    const bytes = await src.read(0, src.size);
    const got = readText(name, decodeText(bytes), out, letterboxd);
    if (got.format === 'ignored') throw notHistory(name, got.note);
    files.push({ file: name, ...got });
  }
  mergeLetterboxd(letterboxd, out);
  const malformedCount = out.malformed.length;
  if (out.entries.length === 0 && malformedCount > 0) {
    const m = out.malformed[0]!;
    throw new ReelError(
      'parse',
      `No film could be read: every row is malformed (${m.file}, line ${m.row}: ${m.reason}).`,
    );
  }
  return {
    entries: out.entries,
    skipped: out.skipped,
    malformed: out.malformed.slice(0, MAX_MALFORMED_LISTED),
    malformedCount,
    files,
  };
}

/** Reads files given as bytes (tests, and callers that already hold the bytes). */
export function readHistoryBytes(
  files: { name: string; bytes: Uint8Array }[],
  opts?: ReadHistoryOptions,
): Promise<HistoryRead> {
  return readHistory(
    files.map((f) => bytesSource(f.name, f.bytes)),
    opts,
  );
}

function notHistory(name: string, note?: string): ReelError {
  return new ReelError(
    'not-history',
    `${name} is not a film history Reel can read${note ? ` (${note})` : ''}. ${HISTORY_FORMATS_TEXT}`,
  );
}

async function readZip(
  src: ByteSource,
  limits: HistoryLimits,
  out: FormatOut,
  letterboxd: LetterboxdRow[],
  files: HistoryRead['files'],
): Promise<void> {
  const zipName = baseName(src.name) || 'The zip archive';
  const all = await listHistoryZip(src);
  // Top level, or inside one folder the whole export sits in.
  const depth = (p: string) => p.split('/').length - 1;
  const minDepth = Math.min(...all.map((e) => depth(e.name)));
  const wanted = all.filter(
    (e) =>
      depth(e.name) === minDepth &&
      /\.csv$/i.test(e.name) &&
      !NEVER_READ_DIRS.test(e.name) &&
      !NEVER_READ_FILES.test(baseName(e.name)),
  );
  if (wanted.length === 0) throw notHistory(zipName, 'the zip holds no CSV files Reel reads');
  const contents = await inflateEntries(src, wanted, {
    entryBytes: limits.zipEntryBytes,
    totalBytes: limits.zipTotalBytes,
  });
  let read = 0;
  let empty = 0;
  wanted.forEach((e, i) => {
    const file = `${zipName}/${baseName(e.name)}`;
    try {
      const got = readText(baseName(e.name), decodeText(contents[i]!), out, letterboxd, file);
      files.push({ file, ...got });
      if (got.format !== 'ignored') read++;
    } catch (err) {
      // In an export, a list with no films yet (an empty watchlist) is normal.
      if (!(err instanceof ReelError && err.code === 'empty-file')) throw err;
      files.push({ file, format: 'ignored', note: 'it holds no films' });
      empty++;
    }
  });
  if (read === 0 && empty > 0) throw EMPTY(zipName);
  if (read === 0)
    throw notHistory(zipName, 'none of its files is a ratings, diary, watched or watchlist list');
}

const EMPTY = (name: string) =>
  new ReelError('empty-file', `${name} holds no films: it is empty or has only its header line.`);

/** One file's text: recognised, then read into `out` (Letterboxd rows are merged later). */
function readText(
  name: string,
  text: string,
  out: FormatOut,
  letterboxd: LetterboxdRow[],
  file = name,
): { format: HistoryRead['files'][number]['format']; note?: string } {
  const t = text.trim();
  if (t === '') throw EMPTY(name);
  if (t[0] === '[' || t[0] === '{') {
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch {
      return { format: 'ignored', note: 'it is not valid JSON' };
    }
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { format?: unknown }).format === 'string' &&
      (value as { format: string }).format.startsWith('reel-profile/')
    )
      return { format: 'ignored', note: 'it is a Reel profile export: import it as a profile' };
    const kind = classifyJson(value);
    if (kind === 'empty') throw EMPTY(name);
    if (!kind) return { format: 'ignored', note: 'a JSON file that is no Trakt backup of movies' };
    const before = out.entries.length + out.malformed.length;
    readTrakt(value as unknown[], kind, file, out);
    if (out.entries.length + out.malformed.length === before && !anySkipped(out)) throw EMPTY(name);
    return { format: kind };
  }
  const rows = parseCsv(text);
  const kind = classifyCsv(rows[0]?.fields ?? [], name);
  if (!kind) return { format: 'ignored' };
  switch (kind) {
    case 'letterboxd-profile':
      return { format: 'ignored', note: 'a Letterboxd profile is never read' };
    case 'letterboxd-reviews':
      return { format: 'ignored', note: 'review texts are never read' };
    case 'letterboxd-list':
      return { format: 'ignored', note: 'Letterboxd lists are not read' };
    case 'letterboxd-other':
      return {
        format: 'ignored',
        note: 'a Letterboxd list whose name does not say whether it is watched.csv or watchlist.csv',
      };
    case 'imdb-list':
      return { format: 'ignored', note: 'an IMDb list; choose the "Your ratings" export' };
  }
  if (rows.length < 2) throw EMPTY(name);
  switch (kind) {
    case 'letterboxd-ratings':
    case 'letterboxd-diary':
    case 'letterboxd-watched':
    case 'letterboxd-watchlist':
      readLetterboxdCsv(rows, file, kind, out, letterboxd);
      break;
    case 'letterboxd-import':
      readLetterboxdImport(rows, file, out);
      break;
    case 'imdb-ratings':
      readImdb(rows, file, out);
      break;
    case 'tmdb-ratings':
      readTmdb(rows, file, out);
      break;
    default:
      return { format: 'ignored' };
  }
  return { format: kind };
}

function anySkipped(out: FormatOut): boolean {
  for (const k in out.skipped) if (out.skipped[k]! > 0) return true;
  return false;
}
