/**
 * Bench part `history`: the film-history import's pure core at ML-32M size (issue 20). Generated
 * MovieLens-style titles (trailing articles, alternative titles, a.k.a., accents) with links, and a
 * generated IMDb "Your ratings" CSV whose rows are found by id, by title, by original title, or not
 * at all, plus TV rows. Times reading the CSV, building the catalogue index and matching every row
 * (goal: all of it within 1 s), with the process's CPU time beside the wall clock.
 */
import { performance } from 'node:perf_hooks';
import { readHistoryBytes } from '../../src/core/history/read';
import {
  buildCatalogueIndex,
  matchEntries,
  type CatalogueLink,
  type CatalogueMovie,
} from '../../src/core/history/match';
import { displayTitle } from '../../src/core/history/titles';
import { createRng } from '../../src/core/eval/rng';

/** ML-32M's movies, and the rows of a large IMDb export. */
const MOVIES = 87_585;
const ROWS = 5_000;

export interface HistoryFigures {
  movies: number;
  rows: number;
  readMs: number;
  indexMs: number;
  matchMs: number;
  totalMs: number;
  cpuMs: number;
  matched: number;
  review: number;
  absent: number;
  measuredAt: string;
}

const WORDS = (
  'night day love war king queen dark light last first city river house blood star man woman ' +
  'ghost secret dream road summer winter return story life death girl boy game heart fire ice ' +
  'journey island storm shadow silent golden broken wild lost little big red blue black white'
).split(' ');
const ACCENTED = ['Amélie', 'Noël', 'Señor', 'Größe', 'Café', 'Mañana', 'Crème', 'Åsa', 'Déjà'];
const ARTICLES = ['The', 'A', 'Les', 'La', 'Le', 'Das', 'Die', 'El', 'Il', "L'"];
const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
const quote = (x: string) => (/[",\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);

/** A catalogue of `n` generated titles with links, and an IMDb CSV of `rows` rows. */
function generate(n: number, rows: number, seed: number) {
  const rand = createRng(seed).next;
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
  const phrase = () => {
    const k = 1 + Math.floor(rand() * 4);
    const w: string[] = [];
    for (let i = 0; i < k; i++) w.push(rand() < 0.05 ? pick(ACCENTED) : cap(pick(WORDS)));
    return w.join(rand() < 0.05 ? ' & ' : ' ');
  };
  const movies: CatalogueMovie[] = [];
  const links: CatalogueLink[] = [];
  for (let i = 0; i < n; i++) {
    let t = phrase();
    if (rand() < 0.2) t = `${t}, ${pick(ARTICLES)}`;
    if (rand() < 0.1) t = `${t} (${rand() < 0.5 ? 'a.k.a. ' : ''}${phrase()})`;
    if (rand() < 0.05) t = `${t}: ${phrase()}`;
    const year = 1900 + Math.floor(rand() * 124);
    movies.push({ id: i + 1, title: `${t} (${year})` });
    if (rand() < 0.95)
      links.push({ movieId: i + 1, imdbId: String(1_000_000 + i), tmdbId: 5_000 + i });
  }
  const lines = [
    'Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors',
  ];
  for (let r = 0; r < rows; r++) {
    const m = movies[Math.floor(rand() * n)]!;
    const year = Number(/\((\d{4})\)$/.exec(m.title)![1]);
    const title = displayTitle(m.title.replace(/ \(\d{4}\)$/, ''));
    const kind = rand();
    const id = kind < 0.5 ? `tt${String(1_000_000 + m.id - 1).padStart(7, '0')}` : `tt9${r}`;
    const shown = kind < 0.9 ? title : `Unknown ${phrase()}`;
    const type = rand() < 0.1 ? 'TV Series' : 'Movie';
    const y = rand() < 0.1 ? year + 1 : year;
    const cells = [id, 1 + Math.floor(rand() * 10), '2020-01-01', quote(shown), quote(title)];
    lines.push([...cells, 'https://x/', type, '7', '100', y, 'Drama', '1', '', ''].join(','));
  }
  return { movies, links, csv: new TextEncoder().encode(lines.join('\n')) };
}

export async function benchHistory(seed = 7): Promise<HistoryFigures> {
  const { movies, links, csv } = generate(MOVIES, ROWS, seed);
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const c0 = cpu();
  const t0 = performance.now();
  const read = await readHistoryBytes([{ name: 'ratings.csv', bytes: csv }]);
  const t1 = performance.now();
  const ix = buildCatalogueIndex({ label: 'Generated ML-32M', movies, links });
  const t2 = performance.now();
  const matches = matchEntries(ix, read.entries);
  const t3 = performance.now();
  const count = (st: string) => matches.filter((m) => m.status === st).length;
  const ms = (x: number) => Math.round(x);
  return {
    movies: MOVIES,
    rows: ROWS,
    readMs: ms(t1 - t0),
    indexMs: ms(t2 - t1),
    matchMs: ms(t3 - t2),
    totalMs: ms(t3 - t0),
    cpuMs: ms(cpu() - c0),
    matched: count('matched'),
    review: count('review'),
    absent: count('absent'),
    measuredAt: new Date().toISOString(),
  };
}
