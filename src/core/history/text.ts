/**
 * Text and CSV reading shared by the history formats. Rules kept here:
 * - bytes are UTF-8 when they are valid UTF-8 (a BOM is dropped), else Windows-1252, the code page
 *   spreadsheet programs on Windows save CSV in (IMDb exports re-saved in Excel arrive so);
 * - line endings are made "\n" first (a file may mix "\r\n" and "\n"), then papaparse reads RFC 4180
 *   CSV: quoted fields may hold commas, doubled quotes and line breaks;
 * - each row keeps the 1-based line it starts on, so malformed rows can be named.
 */
import Papa from 'papaparse';

interface MinimalTextDecoder {
  decode(bytes: Uint8Array): string;
}
type TextDecoderCtor = new (label: string, opts?: { fatal?: boolean }) => MinimalTextDecoder;
const NativeDecoder = (globalThis as { TextDecoder?: TextDecoderCtor }).TextDecoder;

/** Windows-1252 characters for bytes 0x80..0x9F (undefined ones keep their Latin-1 code point). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
  0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 0x2000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const end = Math.min(bytes.length, i + CHUNK);
    const codes = new Array<number>(end - i);
    for (let k = i; k < end; k++) {
      const b = bytes[k]!;
      codes[k - i] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** Decodes a history file's bytes (see the header). */
export function decodeText(bytes: Uint8Array): string {
  let b = bytes;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  if (NativeDecoder) {
    try {
      return new NativeDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      return decodeWindows1252(b);
    }
  }
  return decodeWindows1252(b);
}

export interface CsvRow {
  fields: string[];
  /** 1-based line the row starts on */
  line: number;
  /** papaparse's complaint about the row, if any (an unterminated quote) */
  error?: string;
}

/** All rows of a CSV text, blank lines left out, each with its starting line. */
export function parseCsv(text: string): CsvRow[] {
  const t = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  const parsed = Papa.parse<string[]>(t, { delimiter: ',', newline: '\n' });
  const errors = new Map<number, string>();
  for (const e of parsed.errors)
    if (e.row !== undefined && !errors.has(e.row)) errors.set(e.row, e.message);
  const rows: CsvRow[] = [];
  // A row takes one line plus the line breaks inside its quoted fields.
  let line = 1;
  parsed.data.forEach((fields, i) => {
    let breaks = 0;
    for (const f of fields)
      for (let k = f.indexOf('\n'); k >= 0; k = f.indexOf('\n', k + 1)) breaks++;
    if (!(fields.length === 1 && fields[0]!.trim() === '')) {
      const row: CsvRow = { fields, line };
      const error = errors.get(i);
      if (error) row.error = error;
      rows.push(row);
    }
    line += 1 + breaks;
  });
  return rows;
}

/** A header row's cells, trimmed and lower-cased, for column lookup by name. */
export function headerIndex(fields: string[]): Map<string, number> {
  const m = new Map<string, number>();
  fields.forEach((f, i) => {
    const k = f
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase();
    if (!m.has(k)) m.set(k, i);
  });
  return m;
}

/**
 * A date as the history formats give it: 'YYYY-MM-DD' is kept as it is; anything else that parses
 * as a time becomes ISO 8601 in UTC; blank or unreadable gives undefined (the entry is kept, undated).
 */
export function normaliseDate(raw: string | undefined): string | undefined {
  const s = raw?.trim();
  if (!s) return undefined;
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (d) {
    const t = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
    const back = new Date(t);
    return back.getUTCMonth() === Number(d[2]) - 1 && back.getUTCDate() === Number(d[3])
      ? s
      : undefined;
  }
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

/** Milliseconds since the epoch of a normalised date (midnight UTC for a bare day). */
export function dateMs(date: string | undefined): number | undefined {
  if (!date) return undefined;
  const t = Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date);
  return Number.isFinite(t) ? t : undefined;
}

/** A four-digit year (1870..2100) from a cell, or undefined (blank years are allowed). */
export function parseYear(raw: string | undefined): number | undefined | 'bad' {
  const s = raw?.trim();
  if (!s) return undefined;
  const m = /^(\d{4})/.exec(s);
  if (!m) return 'bad';
  const y = Number(m[1]);
  return y >= 1870 && y <= 2100 ? y : 'bad';
}

/** tt0114709 (or 0114709, 114709) -> 114709; anything else undefined. */
export function parseImdbId(raw: string | number | undefined | null): number | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw > 0 ? raw : undefined;
  const m = /^\s*(?:tt)?(\d{1,10})\s*$/i.exec(raw ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 ? n : undefined;
}

/** A positive whole id (TMDB, MovieLens), or undefined. */
export function parseId(raw: string | number | undefined | null): number | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw > 0 ? raw : undefined;
  const m = /^\s*(\d{1,10})\s*$/.exec(raw ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 ? n : undefined;
}

/** The first characters of a row's text, for MalformedRow.text. */
export function rowText(fields: string[], max = 80): string {
  const s = fields.join(',').replace(/\s+/g, ' ');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
