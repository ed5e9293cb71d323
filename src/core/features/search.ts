/**
 * Title search. Normalization (applied to titles and queries alike): Unicode NFKD with combining
 * marks removed (é -> e, ³ -> 3), a few letters without a decomposition folded (æ ø œ ß ...),
 * lower case, "&" read as "and", apostrophes dropped (schindler's -> schindlers), every other
 * non-letter/digit a word break.
 *
 * Each title is indexed under several variants: the title as MovieLens writes it ("Matrix, The"),
 * with its trailing article moved to the front ("The Matrix"), and the same for every alternative
 * title in parentheses ("Seven (Se7en)", "(a.k.a. Leon: The Professional)"). A trailing "(1995)"
 * year is not part of the title but matches as a word.
 *
 * Ranking: match class first — exact variant > variant starts with the query > every query word
 * is the start of a title word > the query (spaces ignored) runs on from the start of a title word
 * ("spiderman", "toystory"; never from inside a word: "leon" does not find "Miracle on 34th
 * Street") > typo-tolerant: every query word of 4+ characters (not a number) is at most one edit (two from 8
 * letters; an edit is an insertion, deletion, substitution or swap of neighbours) from a title word
 * or its start ("termintor", "matirx") — then more ratings first (when counts are given), then
 * shorter title, then movie index. A few common short names are read as their titles first
 * (ALIASES: "t2" -> Terminator 2, "lotr", "mib"...).
 */
import type { Movie } from '../data/types';

/** Articles MovieLens moves to the end of a title ("Misérables, Les", "Enfer, L'"). */
const ARTICLES = new Set([
  'the', 'a', 'an', 'les', 'la', 'le', "l'", 'il', 'i', 'lo', 'gli', 'el', 'los', 'las', 'o', 'os',
  'der', 'die', 'das', 'det', 'den', 'de', 'het', 'un', 'une', 'una', 'uno', 'en', 'ett',
]); // prettier-ignore

const FOLD: Record<string, string> = {
  æ: 'ae', œ: 'oe', ø: 'o', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i',
}; // prettier-ignore

/** Normalized words of a text, joined by single spaces ("" when nothing searchable). */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[æœøßłđðþı]/g, (ch) => FOLD[ch] ?? ch)
    .replace(/&/g, ' and ')
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Splits "Title (Alt) (1995)" into the main title, alternative titles and year. */
export function parseTitle(title: string): {
  main: string;
  alternatives: string[];
  year: number | null;
} {
  let rest = title.trim();
  let year: number | null = null;
  const y = /\s*\((\d{4})\)$/.exec(rest);
  if (y) {
    year = Number(y[1]);
    rest = rest.slice(0, y.index).trim();
  }
  const alternatives: string[] = [];
  while (rest.endsWith(')')) {
    let depth = 0;
    let open = -1;
    for (let i = rest.length - 1; i >= 0; i--) {
      if (rest[i] === ')') depth++;
      else if (rest[i] === '(' && --depth === 0) {
        open = i;
        break;
      }
    }
    if (open <= 0) break; // unbalanced, or the whole title is in parentheses: keep as is
    const inner = rest
      .slice(open + 1, -1)
      .trim()
      .replace(/^a\.?k\.?a\.?\s+/i, '');
    if (inner) alternatives.unshift(inner);
    rest = rest.slice(0, open).trim();
  }
  return { main: rest, alternatives, year };
}

/** "Matrix, The" -> "The Matrix", "Enfer, L'" -> "L'Enfer"; other titles unchanged. */
export function moveArticle(title: string): string {
  const m = /^(.+),\s+([^\s,]+)$/.exec(title.trim());
  if (!m || !ARTICLES.has(m[2]!.toLowerCase().replace('’', "'"))) return title.trim();
  const article = m[2]!;
  return article.endsWith("'") || article.endsWith('’') ? article + m[1] : `${article} ${m[1]}`;
}

/**
 * The title as people say it, for display: the article moved back to the front of the main
 * title and of each alternative ("Misérables, Les" -> "Les Misérables"). No year.
 */
export function displayTitle(title: string): string {
  const { main, alternatives } = parseTitle(title);
  const alt = alternatives.map((a) => ` (${moveArticle(a)})`).join('');
  return moveArticle(main) + alt;
}

/** Short names people type for films in MovieLens 1M, read as the start of their titles. */
const ALIASES: Readonly<Record<string, string>> = {
  t2: 'terminator 2',
  t3: 'terminator 3',
  lotr: 'lord of the rings',
  esb: 'star wars episode v',
  rotj: 'star wars episode vi',
  anh: 'star wars episode iv',
  mib: 'men in black',
  jp: 'jurassic park',
  et: 'e t the extra terrestrial',
  '2001': '2001 a space odyssey',
  tdk: 'dark knight',
};

interface Entry {
  index: number;
  /** Normalized variants (space-separated words). */
  variants: string[];
  /** Each variant without spaces from the start of each of its words, for the run-on match. */
  compact: string[];
  /** All words of all variants, plus the year. */
  words: string[];
  length: number;
}

export interface SearchIndex {
  entries: Entry[];
  counts?: ArrayLike<number>;
}

export function titleVariants(title: string): string[] {
  const { main, alternatives } = parseTitle(title);
  const out = new Set<string>();
  for (const t of [main, ...alternatives])
    for (const v of [t, moveArticle(t)]) {
      const n = normalizeText(v);
      if (n) out.add(n);
    }
  return [...out];
}

function searchEntry(m: Movie, index: number): Entry {
  const variants = titleVariants(m.title);
  const year = m.year ?? parseTitle(m.title).year;
  const words = new Set<string>();
  for (const v of variants) for (const w of v.split(' ')) words.add(w);
  if (year !== null) words.add(String(year));
  return {
    index,
    variants,
    compact: variants.flatMap((v) => {
      const ws = v.split(' ');
      return ws.map((_, k) => ws.slice(k).join(''));
    }),
    words: [...words],
    length: variants[0]?.length ?? 0,
  };
}

/** Builds the index once per movie table; `counts` (ratings per movie) breaks ties by popularity. */
export function buildSearchIndex(
  movies: readonly Movie[],
  options: { counts?: ArrayLike<number> } = {},
): SearchIndex {
  return { entries: movies.map(searchEntry), counts: options.counts };
}

/**
 * The same index, built `slice` movies at a time with `pause()` between slices, so a large
 * catalogue never holds a thread for long (the UI builds it this way after the first paint).
 */
export async function buildSearchIndexInSlices(
  movies: readonly Movie[],
  options: { counts?: ArrayLike<number> },
  pause: () => Promise<void>,
  slice = 256,
): Promise<SearchIndex> {
  const entries: Entry[] = [];
  for (let from = 0; from < movies.length; from += slice) {
    await pause();
    const end = Math.min(movies.length, from + slice);
    for (let i = from; i < end; i++) entries.push(searchEntry(movies[i]!, i));
  }
  return { entries, counts: options.counts };
}

/** Optimal-string-alignment distance of a and b, or max + 1 once it must exceed max. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Edits allowed in a query word; none for numbers (1995 is not a typo of 1999). */
const typoBudget = (w: string) => (/^\d+$/.test(w) ? 0 : w.length >= 8 ? 2 : w.length >= 4 ? 1 : 0);

/** A query word close to a title word, or to its start (a word still being typed). */
function nearWord(w: string, tw: string): boolean {
  if (tw.startsWith(w)) return true;
  const max = typoBudget(w);
  if (max === 0) return false;
  if (editDistance(w, tw, max) <= max) return true;
  return tw.length > w.length && editDistance(w, tw.slice(0, w.length), max) <= max;
}

/** Match class of one entry: 5 exact, 4 prefix, 3 all words, 2 run-on, 1 typo, 0 no match. */
function matchClass(e: Entry, q: string, qWords: string[], qCompact: string): number {
  if (e.variants.includes(q)) return 5;
  if (e.variants.some((v) => v.startsWith(q))) return 4;
  if (qWords.every((w) => e.words.some((tw) => tw.startsWith(w)))) return 3;
  if (qCompact.length >= 2 && e.compact.some((c) => c.startsWith(qCompact))) return 2;
  if (
    qWords.some((w) => typoBudget(w) > 0) &&
    qWords.every((w) => e.words.some((tw) => nearWord(w, tw)))
  )
    return 1;
  return 0;
}

/** Movie indices matching `query`, best first (see the header for the ranking). */
export function search(index: SearchIndex, query: string, limit = 20): number[] {
  const q = normalizeText(query);
  if (!q || limit <= 0) return [];
  const alias = ALIASES[q];
  const first = alias ? rank(index, alias, limit) : [];
  if (first.length >= limit) return first;
  const seen = new Set(first);
  return [...first, ...rank(index, q, limit + first.length).filter((i) => !seen.has(i))].slice(
    0,
    limit,
  );
}

function rank(index: SearchIndex, q: string, limit: number): number[] {
  const qWords = q.split(' ');
  const qCompact = q.replace(/ /g, '');
  const hits: Array<{ e: Entry; cls: number }> = [];
  for (const e of index.entries) {
    const cls = matchClass(e, q, qWords, qCompact);
    if (cls > 0) hits.push({ e, cls });
  }
  const counts = index.counts;
  hits.sort(
    (a, b) =>
      b.cls - a.cls ||
      (counts ? (counts[b.e.index] ?? 0) - (counts[a.e.index] ?? 0) : 0) ||
      a.e.length - b.e.length ||
      a.e.index - b.e.index,
  );
  return hits.slice(0, limit).map((h) => h.e.index);
}
