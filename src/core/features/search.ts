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
 * is the start of a title word > the query (spaces ignored) occurs anywhere — then more ratings
 * first (when counts are given), then shorter title, then movie index.
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

interface Entry {
  index: number;
  /** Normalized variants (space-separated words). */
  variants: string[];
  /** Variants without spaces, for the substring match. */
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

/** Builds the index once per movie table; `counts` (ratings per movie) breaks ties by popularity. */
export function buildSearchIndex(
  movies: readonly Movie[],
  options: { counts?: ArrayLike<number> } = {},
): SearchIndex {
  const entries = movies.map((m, index): Entry => {
    const variants = titleVariants(m.title);
    const year = m.year ?? parseTitle(m.title).year;
    const words = new Set<string>();
    for (const v of variants) for (const w of v.split(' ')) words.add(w);
    if (year !== null) words.add(String(year));
    return {
      index,
      variants,
      compact: variants.map((v) => v.replace(/ /g, '')),
      words: [...words],
      length: variants[0]?.length ?? 0,
    };
  });
  return { entries, counts: options.counts };
}

/** Match class of one entry: 4 exact, 3 prefix, 2 all words, 1 substring, 0 no match. */
function matchClass(e: Entry, q: string, qWords: string[], qCompact: string): number {
  if (e.variants.includes(q)) return 4;
  if (e.variants.some((v) => v.startsWith(q))) return 3;
  if (qWords.every((w) => e.words.some((tw) => tw.startsWith(w)))) return 2;
  if (qCompact.length >= 2 && e.compact.some((c) => c.includes(qCompact))) return 1;
  return 0;
}

/** Movie indices matching `query`, best first (see the header for the ranking). */
export function search(index: SearchIndex, query: string, limit = 20): number[] {
  const q = normalizeText(query);
  if (!q || limit <= 0) return [];
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
