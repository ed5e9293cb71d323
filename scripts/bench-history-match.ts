/**
 * `npx tsx scripts/bench-history-match.ts [--movies 87585] [--rows 5000] [--seed 7]`
 *
 * Times the film-history import's pure core at ML-32M size: generated MovieLens-style titles
 * (trailing articles, alternative titles, a.k.a., accents, remakes) and a generated IMDb "Your
 * ratings" CSV whose rows are found by id, by title, by original title, or not at all, plus TV
 * rows. Prints the time to read the CSV, build the catalogue index and match every row (goal: all
 * of it within 1 s). Figures go to docs/benchmarks.md, not to code comments.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { readHistoryBytes } from '../src/core/history/read';
import {
  buildCatalogueIndex,
  matchEntries,
  type CatalogueLink,
  type CatalogueMovie,
} from '../src/core/history/match';
import { displayTitle } from '../src/core/history/titles';

const { values } = parseArgs({
  options: {
    movies: { type: 'string', default: '87585' },
    rows: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '7' },
  },
});
const N = Number(values.movies);
const ROWS = Number(values.rows);
let s = Number(values.seed) >>> 0 || 1;
const rand = () => {
  s ^= s << 13;
  s ^= s >>> 17;
  s ^= s << 5;
  return (s >>> 0) / 0x100000000;
};
const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;

const WORDS = (
  'night day love war king queen dark light last first city river house blood star man woman ' +
  'ghost secret dream road summer winter return story life death girl boy game heart fire ice ' +
  'journey island storm shadow silent golden broken wild lost little big red blue black white'
).split(' ');
const ACCENTED = ['Amélie', 'Noël', 'Señor', 'Größe', 'Café', 'Mañana', 'Crème', 'Åsa', 'Déjà'];
const ARTICLES = ['The', 'A', 'Les', 'La', 'Le', 'Das', 'Die', 'El', 'Il', "L'"];
const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
const phrase = () => {
  const n = 1 + Math.floor(rand() * 4);
  const w: string[] = [];
  for (let i = 0; i < n; i++) w.push(rand() < 0.05 ? pick(ACCENTED) : cap(pick(WORDS)));
  return w.join(rand() < 0.05 ? ' & ' : ' ');
};

const movies: CatalogueMovie[] = [];
const links: CatalogueLink[] = [];
for (let i = 0; i < N; i++) {
  let t = phrase();
  if (rand() < 0.2) t = `${t}, ${pick(ARTICLES)}`;
  if (rand() < 0.1) t = `${t} (${rand() < 0.5 ? 'a.k.a. ' : ''}${phrase()})`;
  if (rand() < 0.05) t = `${t}: ${phrase()}`;
  const year = 1900 + Math.floor(rand() * 124);
  movies.push({ id: i + 1, title: `${t} (${year})` });
  if (rand() < 0.95)
    links.push({ movieId: i + 1, imdbId: String(1_000_000 + i), tmdbId: 5_000 + i });
}

const q = (x: string) => (/[",\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);
const lines = [
  'Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors',
];
for (let r = 0; r < ROWS; r++) {
  const m = movies[Math.floor(rand() * N)]!;
  const year = Number(/\((\d{4})\)$/.exec(m.title)![1]);
  const title = displayTitle(m.title.replace(/ \(\d{4}\)$/, ''));
  const kind = rand();
  const id = kind < 0.5 ? `tt${String(1_000_000 + m.id - 1).padStart(7, '0')}` : `tt9${r}`;
  const shown = kind < 0.9 ? title : `Unknown ${phrase()}`;
  const type = rand() < 0.1 ? 'TV Series' : 'Movie';
  const y = rand() < 0.1 ? year + 1 : year;
  lines.push(
    [
      id,
      1 + Math.floor(rand() * 10),
      '2020-01-01',
      q(shown),
      q(title),
      'https://x/',
      type,
      '7',
      '100',
      y,
      'Drama',
      '1',
      '',
      '',
    ].join(','),
  );
}
const csv = new TextEncoder().encode(lines.join('\n'));

// CPU time beside wall time: on a shared, loaded machine the wall clock mostly measures waiting.
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
const c3 = cpu();
const count = (st: string) => matches.filter((m) => m.status === st).length;
console.log(
  `movies ${N}, rows ${ROWS} (${read.entries.length} read): read ${(t1 - t0).toFixed(0)} ms, ` +
    `index ${(t2 - t1).toFixed(0)} ms, match ${(t3 - t2).toFixed(0)} ms, total ${(t3 - t0).toFixed(0)} ms; ` +
    `(CPU ${(c3 - c0).toFixed(0)} ms); matched ${count('matched')}, review ${count('review')}, absent ${count('absent')}`,
);
