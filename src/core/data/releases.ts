/**
 * The MovieLens releases Reel knows: id, name, where GroupLens publishes it and its published
 * counts. The ids are the data sets' slots in storage and their folders under public/data/.
 */
export interface ReleaseInfo {
  label: string;
  /** The zip GroupLens publishes (with `${url}.md5` beside it); none for ml-latest. */
  url?: string;
  /** ratings / users / movies of the published release */
  counts?: { ratings: number; users: number; movies: number };
}

const GROUPLENS = 'https://files.grouplens.org/datasets/movielens/';

export const RELEASES = {
  'ml-100k': {
    label: 'MovieLens 100K',
    url: `${GROUPLENS}ml-100k.zip`,
    counts: { ratings: 100_000, users: 943, movies: 1_682 },
  },
  'ml-1m': {
    label: 'MovieLens 1M',
    url: `${GROUPLENS}ml-1m.zip`,
    counts: { ratings: 1_000_209, users: 6_040, movies: 3_883 },
  },
  'ml-10m': {
    label: 'MovieLens 10M',
    url: `${GROUPLENS}ml-10m.zip`,
    counts: { ratings: 10_000_054, users: 69_878, movies: 10_681 },
  },
  'ml-20m': {
    label: 'MovieLens 20M',
    url: `${GROUPLENS}ml-20m.zip`,
    counts: { ratings: 20_000_263, users: 138_493, movies: 27_278 },
  },
  'ml-25m': {
    label: 'MovieLens 25M',
    url: `${GROUPLENS}ml-25m.zip`,
    counts: { ratings: 25_000_095, users: 162_541, movies: 62_423 },
  },
  'ml-32m': {
    label: 'MovieLens 32M',
    url: `${GROUPLENS}ml-32m.zip`,
    counts: { ratings: 32_000_204, users: 200_948, movies: 87_585 },
  },
  'ml-latest-small': {
    label: 'MovieLens Latest (small)',
    url: `${GROUPLENS}ml-latest-small.zip`,
    counts: { ratings: 100_836, users: 610, movies: 9_742 },
  },
  'ml-latest': { label: 'MovieLens Latest', url: `${GROUPLENS}ml-latest.zip` },
} satisfies Record<string, ReleaseInfo>;

export type ReleaseId = keyof typeof RELEASES;
export const RELEASE_IDS = Object.keys(RELEASES) as ReleaseId[];

export function releaseLabel(id: string): string {
  return (RELEASES as Record<string, ReleaseInfo>)[id]?.label ?? id;
}

/** The CSV releases differ only in size: a published one is told by its exact rating count. */
export function csvRelease(ratings: number): ReleaseId {
  for (const id of ['ml-20m', 'ml-25m', 'ml-32m', 'ml-latest-small'] as const)
    if (RELEASES[id].counts.ratings === ratings) return id;
  return ratings < 1_000_000 ? 'ml-latest-small' : 'ml-latest';
}
