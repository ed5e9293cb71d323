/**
 * The ratings table parsed straight from bytes, chunk by chunk: the one ratings parser, for every
 * layout (ML-1M and ML-10M '::', ML-100K tabs, the CSV releases) and every caller. Rules as for
 * the text tables (parse.ts): the first bad row throws ReelError('parse') with file and line,
 * trailing blank lines are ignored, lines end in LF or CRLF. Ratings go straight into typed
 * columns: no string of the file, no object per row.
 */
import type { RatingColumns } from './types';
import { MAX_ID, parseError, SHOWN_LINE_CHARS, uintOf } from './fields';
import { isHalfStep } from './stars';

export type RatingsDialect = 'dat' | 'tab' | 'csv';

const LAYOUTS: Record<RatingsDialect, string> = {
  dat: 'UserID::MovieID::Rating::Timestamp',
  tab: 'user id, item id, rating, timestamp separated by tabs',
  csv: 'userId,movieId,rating,timestamp',
};

/**
 * `push` each chunk as it is read or inflated, then `end`. Memory is the four columns plus one
 * partial line. A CSV table starts with its header line (checked by the caller's sniffing,
 * skipped here); `halfStars` says whether the release rates in half stars.
 */
export class RatingsParser {
  rows = 0;
  private line = 0;
  private blankAt = 0;
  private rest: Uint8Array | null = null;
  private cap: number;
  private users: Uint32Array;
  private movies: Uint32Array;
  private ratings: Float32Array;
  private timestamps: Uint32Array;
  private readonly sep: number;
  private readonly skipHeader: boolean;
  private readonly halfStars: boolean;

  constructor(
    private readonly file: string,
    private readonly dialect: RatingsDialect,
    opts: { halfStars: boolean; sizeHint?: number },
  ) {
    this.sep = dialect === 'dat' ? 0x3a : dialect === 'tab' ? 0x09 : 0x2c;
    this.skipHeader = dialect === 'csv';
    this.halfStars = opts.halfStars;
    // Start near the rows a typical line length suggests, grow by half.
    this.cap = Math.max(16, Math.ceil((opts.sizeHint ?? 0) / 22));
    this.users = new Uint32Array(this.cap);
    this.movies = new Uint32Array(this.cap);
    this.ratings = new Float32Array(this.cap);
    this.timestamps = new Uint32Array(this.cap);
  }

  push(chunk: Uint8Array): void {
    let start = 0;
    let nl = chunk.indexOf(0x0a);
    if (this.rest) {
      if (nl < 0) {
        this.rest = concat(this.rest, chunk);
        if (this.rest.length > MAX_LINE_BYTES) this.lineTooLong(this.rest);
        return;
      }
      const joined = concat(this.rest, chunk.subarray(0, nl));
      this.rest = null;
      this.onLine(joined, 0, joined.length);
      start = nl + 1;
      nl = chunk.indexOf(0x0a, start);
    }
    while (nl >= 0) {
      this.onLine(chunk, start, nl);
      start = nl + 1;
      nl = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) {
      this.rest = chunk.slice(start);
      if (this.rest.length > MAX_LINE_BYTES) this.lineTooLong(this.rest);
    }
  }

  end(): RatingColumns {
    if (this.rest) {
      const r = this.rest;
      this.rest = null;
      this.onLine(r, 0, r.length);
    }
    const n = this.rows;
    // A view keeps at most a third more than needed; a copy would hold both at once for a moment.
    const fit = <T extends Uint32Array | Float32Array>(a: T): T =>
      (n >= this.cap * 0.75 ? a.subarray(0, n) : a.slice(0, n)) as T;
    return {
      users: fit(this.users),
      movies: fit(this.movies),
      ratings: fit(this.ratings),
      timestamps: fit(this.timestamps),
    };
  }

  private onLine(b: Uint8Array, from: number, to: number): void {
    this.line++;
    if (to > from && b[to - 1] === 0x0d) to--;
    if (to === from) {
      if (!this.blankAt) this.blankAt = this.line;
      return;
    }
    if (this.blankAt) this.fail(this.blankAt, 'the line is empty', '');
    if (this.skipHeader && this.line === 1) return;
    const sep = this.sep;
    const dat = this.dialect === 'dat';
    const fields: number[] = [];
    let at = from;
    fields.push(at);
    while (at < to) {
      if (b[at] === sep) {
        if (dat) {
          if (b[at + 1] === sep && at + 1 < to) {
            fields.push(at, at + 2);
            at += 2;
            continue;
          }
        } else {
          fields.push(at, at + 1);
        }
      }
      at++;
    }
    fields.push(to);
    const count = fields.length / 2;
    const bad = (what: string) => this.fail(this.line, what, latin1Of(b, from, to));
    if (count !== 4) bad(`expected 4 fields (${LAYOUTS[this.dialect]}), found ${count}`);
    const user = uintOf(b, fields[0]!, fields[1]!);
    if (user < 1) bad(`UserID must be a whole number from 1 to ${MAX_ID}`);
    const movie = uintOf(b, fields[2]!, fields[3]!);
    if (movie < 1) bad(`MovieID must be a whole number from 1 to ${MAX_ID}`);
    const stars = starsOf(b, fields[4]!, fields[5]!);
    if (this.halfStars) {
      if (!(stars >= 0.5 && stars <= 5) || !isHalfStep(stars))
        bad('Rating must be from 0.5 to 5 stars in half stars');
    } else if (!(stars >= 1 && stars <= 5) || stars !== Math.round(stars))
      bad('Rating must be a whole number from 1 to 5');
    const ts = uintOf(b, fields[6]!, fields[7]!);
    if (ts < 0) bad('Timestamp must be a whole number of seconds');
    if (this.rows === this.cap) this.grow();
    const n = this.rows++;
    this.users[n] = user;
    this.movies[n] = movie;
    this.ratings[n] = stars;
    this.timestamps[n] = ts;
  }

  private grow(): void {
    this.cap = Math.ceil(this.cap * 1.5);
    this.users = resized(this.users, this.cap);
    this.movies = resized(this.movies, this.cap);
    this.ratings = resized(this.ratings, this.cap);
    this.timestamps = resized(this.timestamps, this.cap);
  }

  private lineTooLong(b: Uint8Array): never {
    return this.fail(
      this.line + 1,
      'the line is far too long',
      latin1Of(b, 0, SHOWN_LINE_CHARS + 1),
    );
  }

  private fail(line: number, what: string, raw: string): never {
    throw parseError(this.file, line, what, raw);
  }
}

/** No rating line is near this long; a longer one means the file is not a ratings table. */
const MAX_LINE_BYTES = 1 << 16;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function latin1Of(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < Math.min(to, from + SHOWN_LINE_CHARS + 1); i++)
    s += String.fromCharCode(b[i]!);
  return s;
}

/** "4", "3.5", "4.0": digits with at most one decimal part; NaN otherwise. */
function starsOf(b: Uint8Array, from: number, to: number): number {
  let dot = -1;
  for (let i = from; i < to; i++) if (b[i] === 0x2e) dot = i;
  if (dot < 0) {
    const v = uintOf(b, from, to);
    return v < 0 ? NaN : v;
  }
  const whole = uintOf(b, from, dot);
  const frac = uintOf(b, dot + 1, to);
  if (whole < 0 || frac < 0 || to - dot - 1 > 6) return NaN;
  return whole + frac / 10 ** (to - dot - 1);
}

function resized<T extends Uint8Array | Uint16Array | Uint32Array | Float32Array>(
  a: T,
  cap: number,
): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}
