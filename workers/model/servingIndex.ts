/**
 * The catalogue <-> model row index. Movie indices in the worker's API follow the catalog's movie
 * order (the stored movies table); the models' own rows are ordered by movie id, and this module
 * is the only place that maps between the two.
 * Rule: serving needs only the movies table (these maps) and the stored weights, so a reload
 * serves a saved model at once; the index is rebuilt only when the data version changes.
 */
import type { Rating } from '../../src/core/api/model';
import { buildIndexMaps } from '../../src/core/data/indexing';
import { dataNotLoaded } from '../../src/core/errors';
import { fitGenreTfidf, type GenreTfidf } from '../../src/core/features/tfidf';
import type { FoldInRating } from '../../src/core/recommend/foldin';
import { completeManifest, loadMovies } from '../../src/storage/dataset';
import { state, type Serving } from './state';

/** The serving index for the stored data: each call reads just the small manifest records. */
export async function getServing(): Promise<Serving> {
  const stored = await completeManifest();
  if (!stored) throw dataNotLoaded();
  const version = stored.manifest.dataVersion;
  const current = state.serving ? await state.serving.catch(() => undefined) : undefined;
  if (current?.dataVersion === version) return current;
  state.forgetData();
  state.serving = loadMovies().then(({ version: dataVersion, movies }) => {
    const maps = buildIndexMaps(
      movies.map((m) => m.id),
      [],
    );
    const rowOfCatalog = Int32Array.from(movies, (m) => maps.movieIndexById[m.id] ?? -1);
    const catalogOfRow = new Int32Array(maps.numMovies).fill(-1);
    rowOfCatalog.forEach((row, i) => row >= 0 && (catalogOfRow[row] = i));
    const moviesByRow = Array.from(catalogOfRow, (i) => movies[i]!);
    return {
      dataVersion,
      numMovies: maps.numMovies,
      movieIndexById: maps.movieIndexById,
      rowOfCatalog,
      catalogOfRow,
      moviesByRow,
    };
  });
  return state.serving;
}

/** The person's ratings as model rows (movies outside the data set are left out). */
export function movieRows(s: Serving, ratings: Rating[]): FoldInRating[] {
  const out: FoldInRating[] = [];
  for (const r of ratings) {
    const m = s.movieIndexById[r.movieId] ?? -1;
    if (m >= 0) out.push({ movieIndex: m, rating: r.rating });
  }
  return out;
}

/** Copies values by model row into `out` by catalog position (movies outside keep out's fill). */
export function toCatalog<T extends Float32Array | Int32Array>(s: Serving, byRow: T, out: T): T {
  for (let i = 0; i < out.length; i++) {
    const row = s.rowOfCatalog[i]!;
    out[i] = row >= 0 ? byRow[row]! : out[i]!;
  }
  return out;
}

/** Genre TF-IDF over the movies in model row order (the evaluation's content signal). */
export async function tfidfRows(): Promise<GenreTfidf> {
  const s = await getServing();
  if (state.tfidfByRow?.dataVersion !== s.dataVersion)
    state.tfidfByRow = { dataVersion: s.dataVersion, tfidf: fitGenreTfidf(s.moviesByRow) };
  return state.tfidfByRow.tfidf;
}
