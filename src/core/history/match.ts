/**
 * Matching history entries to the films of the active catalogue. Never guess: a wrong film is
 * worse than a missing one. Rules, in order:
 * 1. ids: a MovieLens id (carry-over between releases) counts only when that film still has the
 *    entry's title and year; IMDb and TMDB ids go through the release's links. An id that names
 *    no film of the catalogue (stale, or no links) falls through to the titles.
 * 2. titles: the entry's title (and original title, where the source gives one) is looked up by
 *    key (titles.ts) among every form of every catalogue title.
 * 3. accepted automatically only when exactly one film has the key with the same year, or,
 *    with none in the same year, exactly one with the year off by one (sites disagree on release
 *    years). Several such films, an entry without a year, or the title only in other years ->
 *    'review', with the candidates; a looser match (the title before a subtitle) is only ever
 *    offered there. Nothing found -> 'absent', with the reason.
 */
import type { HistoryEntry } from './types';
import { parseId, parseImdbId } from './text';
import { prefixOf, splitYear, titleForms, titleKey, titleKeys } from './titles';

export interface CatalogueMovie {
  id: number;
  /** as MovieLens writes it, with or without the "(1995)" */
  title: string;
  year?: number | null;
}

/** One row of a release's links.csv: MovieLens id -> IMDb id (digits, "0114709") and TMDB id. */
export interface CatalogueLink {
  movieId: number;
  imdbId?: number | string | null;
  tmdbId?: number | string | null;
}

export interface Catalogue {
  /** named in reasons: "MovieLens 1M ends in 2000" */
  label: string;
  movies: readonly CatalogueMovie[];
  links?: readonly CatalogueLink[];
}

type MatchHow = 'movielens' | 'imdb' | 'tmdb' | 'title' | 'title-near-year';

interface Candidate {
  movieId: number;
  title: string;
  year: number | null;
  /** how it relates to the entry: same year, a year off, another year, entry without year, similar title */
  why: 'same-year' | 'near-year' | 'other-year' | 'no-year' | 'similar';
}

export type EntryMatch =
  | { status: 'matched'; entry: HistoryEntry; movieId: number; how: MatchHow }
  | { status: 'review'; entry: HistoryEntry; candidates: Candidate[]; reason: string }
  | {
      status: 'absent';
      entry: HistoryEntry;
      why: 'after-end' | 'before-start' | 'not-found';
      reason: string;
    };

export interface CatalogueIndex {
  label: string;
  /** titles without years, and years, by catalogue position */
  titles: string[];
  years: (number | null)[];
  ids: Int32Array | number[];
  byId: Map<number, number>;
  byImdb: Map<number, number>;
  byTmdb: Map<number, number>;
  /** catalogue positions by key: one position, or several (kept as a number when alone) */
  byKey: Map<string, number | number[]>;
  /** keys of the part of a form before its subtitle: offered in review only */
  byPrefix: Map<string, number | number[]>;
  firstYear: number | null;
  lastYear: number | null;
}

/** Most candidates one row to review lists. */
const MAX_CANDIDATES = 12;

function add(map: Map<string, number | number[]>, key: string, i: number) {
  const had = map.get(key);
  if (had === undefined) map.set(key, i);
  else if (typeof had === 'number') {
    if (had !== i) map.set(key, [had, i]);
  } else if (had[had.length - 1] !== i) had.push(i);
}

export function buildCatalogueIndex(cat: Catalogue): CatalogueIndex {
  const n = cat.movies.length;
  const titles = new Array<string>(n);
  const years = new Array<number | null>(n);
  const ids = new Array<number>(n);
  const byId = new Map<number, number>();
  const byKey = new Map<string, number | number[]>();
  const byPrefix = new Map<string, number | number[]>();
  let firstYear: number | null = null;
  let lastYear: number | null = null;
  for (let i = 0; i < n; i++) {
    const m = cat.movies[i]!;
    const split = splitYear(m.title);
    const year = m.year ?? split.year;
    titles[i] = split.title;
    years[i] = year;
    ids[i] = m.id;
    byId.set(m.id, i);
    if (year !== null) {
      if (firstYear === null || year < firstYear) firstYear = year;
      if (lastYear === null || year > lastYear) lastYear = year;
    }
    for (const form of titleForms(split.title)) {
      const k = titleKey(form);
      if (k) add(byKey, k, i);
      const p = prefixOf(form);
      if (p) {
        const pk = titleKey(p);
        if (pk) add(byPrefix, pk, i);
      }
    }
  }
  const byImdb = new Map<number, number>();
  const byTmdb = new Map<number, number>();
  for (const l of cat.links ?? []) {
    const i = byId.get(l.movieId);
    if (i === undefined) continue;
    const imdb = parseImdbId(l.imdbId ?? undefined);
    if (imdb && !byImdb.has(imdb)) byImdb.set(imdb, i);
    const tmdb = parseId(l.tmdbId ?? undefined);
    if (tmdb && !byTmdb.has(tmdb)) byTmdb.set(tmdb, i);
  }
  return {
    label: cat.label,
    titles,
    years,
    ids,
    byId,
    byImdb,
    byTmdb,
    byKey,
    byPrefix,
    firstYear,
    lastYear,
  };
}

function candidate(ix: CatalogueIndex, i: number, why: Candidate['why']): Candidate {
  return { movieId: ix.ids[i]!, title: ix.titles[i]!, year: ix.years[i]!, why };
}

function entryKeys(e: HistoryEntry): string[] {
  const keys: string[] = [];
  for (const t of [e.title, e.originalTitle]) {
    if (!t) continue;
    const k = titleKey(t);
    if (k && !keys.includes(k)) keys.push(k);
  }
  return keys;
}

function lookup(map: Map<string, number | number[]>, keys: string[]): number[] {
  const out = new Set<number>();
  for (const k of keys) {
    const v = map.get(k);
    if (typeof v === 'number') out.add(v);
    else if (v) for (const i of v) out.add(i);
  }
  return [...out];
}

export function matchEntry(ix: CatalogueIndex, e: HistoryEntry): EntryMatch {
  // 1. ids
  if (e.movielens !== undefined) {
    const i = ix.byId.get(e.movielens);
    if (
      i !== undefined &&
      (ix.years[i] ?? undefined) === e.year &&
      titleKeys(ix.titles[i]!).includes(titleKey(e.title))
    )
      return { status: 'matched', entry: e, movieId: ix.ids[i]!, how: 'movielens' };
  }
  if (e.imdb !== undefined) {
    const i = ix.byImdb.get(e.imdb);
    if (i !== undefined) return { status: 'matched', entry: e, movieId: ix.ids[i]!, how: 'imdb' };
  }
  if (e.tmdb !== undefined) {
    const i = ix.byTmdb.get(e.tmdb);
    if (i !== undefined) return { status: 'matched', entry: e, movieId: ix.ids[i]!, how: 'tmdb' };
  }
  // 2. titles
  const keys = entryKeys(e);
  const found = lookup(ix.byKey, keys);
  const y = e.year;
  const review = (cands: Candidate[], reason: string): EntryMatch => ({
    status: 'review',
    entry: e,
    candidates: cands.slice(0, MAX_CANDIDATES),
    reason,
  });
  if (y === undefined) {
    if (found.length > 0)
      return review(
        sortByYear(ix, found).map((i) => candidate(ix, i, 'no-year')),
        'the file gives no year, so the film cannot be told for sure',
      );
  } else {
    const same = found.filter((i) => ix.years[i] === y);
    if (same.length === 1)
      return { status: 'matched', entry: e, movieId: ix.ids[same[0]!]!, how: 'title' };
    if (same.length > 1)
      return review(
        same.map((i) => candidate(ix, i, 'same-year')),
        `${same.length} films of ${ix.label} have this title and year`,
      );
    const near = found.filter((i) => {
      const my = ix.years[i];
      return my !== null && my !== undefined && Math.abs(my - y) === 1;
    });
    if (near.length === 1)
      return { status: 'matched', entry: e, movieId: ix.ids[near[0]!]!, how: 'title-near-year' };
    if (near.length > 1)
      return review(
        near.map((i) => candidate(ix, i, 'near-year')),
        `${near.length} films of ${ix.label} have this title a year off`,
      );
    const after = ix.lastYear !== null && y > ix.lastYear + 1;
    const before = ix.firstYear !== null && y < ix.firstYear - 1;
    if (after) return absent(e, 'after-end', `${ix.label} ends in ${ix.lastYear}`);
    if (before) return absent(e, 'before-start', `${ix.label} starts in ${ix.firstYear}`);
    if (found.length > 0)
      return review(
        sortByYear(ix, found, y).map((i) => candidate(ix, i, 'other-year')),
        `${ix.label} has this title only from other years`,
      );
  }
  // 3. looser ideas, offered only: the title before a subtitle, either way round.
  if (y !== undefined) {
    const loose = new Set<number>(lookup(ix.byPrefix, keys));
    const prefixes: string[] = [];
    for (const t of [e.title, e.originalTitle]) {
      const p = t ? prefixOf(t) : undefined;
      if (p) prefixes.push(titleKey(p));
    }
    for (const i of lookup(ix.byKey, prefixes)) loose.add(i);
    const close = [...loose].filter((i) => {
      const my = ix.years[i];
      return my !== null && my !== undefined && Math.abs(my - y) <= 1;
    });
    if (close.length > 0)
      return review(
        sortByYear(ix, close, y).map((i) => candidate(ix, i, 'similar')),
        `no film of ${ix.label} has exactly this title; similar titles are offered`,
      );
  }
  const ids = e.imdb !== undefined || e.tmdb !== undefined;
  return absent(
    e,
    'not-found',
    `no film titled "${e.title}"${y !== undefined ? ` (${y})` : ''} in ${ix.label}${ids ? ', and its ids are not in its links' : ''}`,
  );
}

function absent(e: HistoryEntry, why: 'after-end' | 'before-start' | 'not-found', reason: string) {
  return { status: 'absent' as const, entry: e, why, reason };
}

function sortByYear(ix: CatalogueIndex, list: number[], y?: number): number[] {
  const d = (i: number) => {
    const my = ix.years[i];
    return my === null || my === undefined ? 1e9 : y === undefined ? -my : Math.abs(my - y);
  };
  return [...list].sort((a, b) => d(a) - d(b) || a - b);
}

export function matchEntries(ix: CatalogueIndex, entries: readonly HistoryEntry[]): EntryMatch[] {
  return entries.map((e) => matchEntry(ix, e));
}
