/**
 * Node side of the bench: reads MovieLens 1M, builds the SAME experiment the model worker builds
 * (src/core/eval/experiment.ts; identical split in Node and browsers is a tested property), writes
 * the split as CSV for other tools, and picks the fold-in users.
 *
 * split-train.csv holds train + valid rows: the models fit on `train` and early-stop on `valid`
 * (a slice carved from the 90% training part), so together they are everything a model may see.
 * split-test.csv holds the 10% test rows. Both: header `user,movie,rating`, MovieLens ids, rows in
 * the order of ratings.dat.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CLI_LIMITS,
  readMovieLens as readRelease,
  type ParsedMovieLens,
} from '../../src/core/data/movielens';
import { pathSources } from './sources';
import { prepareExperiment, type Experiment } from '../../src/core/eval/experiment';
import { createRng, deriveSeed, sampleWithoutReplacement } from '../../src/core/eval/rng';
import type { RatingIn } from '../bench-page/api';

/** Reads any MovieLens release: a zip, or a folder with its files. */
export function readMovieLens(path: string): Promise<ParsedMovieLens> {
  return readRelease(pathSources(path), { limits: CLI_LIMITS });
}

export function nodeExperiment(data: ParsedMovieLens): Experiment {
  return prepareExperiment({
    movieIds: data.movies.map((m) => m.id),
    userIds: data.users.map((u) => u.id),
    ratings: data.ratings,
  });
}

async function writeRows(path: string, data: ParsedMovieLens, rows: Uint32Array): Promise<void> {
  const { users, movies, ratings } = data.ratings;
  const lines = new Array<string>(rows.length + 1);
  lines[0] = 'user,movie,rating';
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    lines[i + 1] = `${users[r]},${movies[r]},${ratings[r]}`;
  }
  await writeFile(path, `${lines.join('\n')}\n`);
}

/** Writes split-train.csv (train + valid rows) and split-test.csv into `dir`. */
export async function writeSplitCsvs(
  dir: string,
  data: ParsedMovieLens,
  exp: Experiment,
): Promise<{ train: string; test: string; trainRows: number; testRows: number }> {
  const trainRows = new Uint32Array(exp.split.train.length + exp.split.valid.length);
  trainRows.set(exp.split.train);
  trainRows.set(exp.split.valid, exp.split.train.length);
  trainRows.sort();
  const train = join(dir, 'split-train.csv');
  const test = join(dir, 'split-test.csv');
  await writeRows(train, data, trainRows);
  await writeRows(test, data, exp.split.test);
  return { train, test, trainRows: trainRows.length, testRows: exp.split.test.length };
}

/**
 * `n` seeded users (as MovieLens ids) with their training-split ratings, for fold-in timing:
 * what `recommend` receives when a user's known ratings are folded in.
 */
export function foldInUsers(exp: Experiment, n: number): { userId: number; ratings: RatingIn[] }[] {
  const picks = sampleWithoutReplacement(
    exp.maps.numUsers,
    Math.min(n, exp.maps.numUsers),
    createRng(deriveSeed(exp.seed, 'bench-fold-in')),
  );
  const byUser = new Map<number, RatingIn[]>(Array.from(picks, (u) => [u, []]));
  const { users, movies, ratings } = exp.train;
  for (let i = 0; i < users.length; i++) {
    byUser.get(users[i]!)?.push({ movieId: exp.maps.movieIds[movies[i]!]!, rating: ratings[i]! });
  }
  return Array.from(picks, (u) => ({ userId: exp.maps.userIds[u]!, ratings: byUser.get(u)! }));
}
