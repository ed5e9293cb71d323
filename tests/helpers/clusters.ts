/**
 * Synthetic implicit feedback with planted structure, for ranking-model tests: people belong to
 * one of `groups` taste groups; each group watches mostly its own block of movies (and rates them
 * high), everyone also watches a few globally popular movies. So "who watched what" predicts
 * what a person watches next far better than popularity does. Deterministic per seed.
 */
import type { RatingColumns } from '../../src/core/data/types';
import { createRng } from '../../src/core/eval/rng';

export interface ClusterData {
  movieIds: number[];
  userIds: number[];
  ratings: RatingColumns;
  groupOf: Int32Array;
}

export function makeClusterData(
  opts: {
    users?: number;
    groups?: number;
    moviesPerGroup?: number;
    popular?: number;
    seed?: number;
  } = {},
): ClusterData {
  const users = opts.users ?? 300;
  const groups = opts.groups ?? 6;
  const per = opts.moviesPerGroup ?? 25;
  const popular = opts.popular ?? 10;
  const rng = createRng(opts.seed ?? 3);
  const numMovies = popular + groups * per;
  const u: number[] = [];
  const m: number[] = [];
  const r: number[] = [];
  const groupOf = new Int32Array(users);
  for (let p = 0; p < users; p++) {
    const g = p % groups;
    groupOf[p] = g;
    for (let i = 0; i < numMovies; i++) {
      const own = i >= popular && Math.floor((i - popular) / per) === g;
      const chance = i < popular ? 0.5 : own ? 0.45 : 0.02;
      if (rng.next() < chance) {
        u.push(p + 1);
        m.push(i + 1);
        r.push(own ? 4 + rng.nextInt(2) : 2 + rng.nextInt(3));
      }
    }
  }
  return {
    movieIds: Array.from({ length: numMovies }, (_, i) => i + 1),
    userIds: Array.from({ length: users }, (_, i) => i + 1),
    ratings: {
      users: Uint32Array.from(u),
      movies: Uint32Array.from(m),
      ratings: Float32Array.from(r),
      timestamps: new Uint32Array(u.length),
    },
    groupOf,
  };
}
