/** Any shard decoded by the kind in its header, for tests that read back a whole shard set. */
import { decodeMovies, decodeRatings, decodeUsers } from '../../src/core/data/shardCodec';
import { readShardHeader } from '../../src/core/data/shardCodec';
import type { Movie, RatingColumns, User } from '../../src/core/data/types';

export type DecodedShard =
  | { kind: 'movies'; movies: Movie[] }
  | { kind: 'users'; users: User[] }
  | { kind: 'ratings'; ratings: RatingColumns };

export function decodeShard(bytes: Uint8Array, name = 'shard'): DecodedShard {
  const { kind } = readShardHeader(bytes, name);
  switch (kind) {
    case 'movies':
      return { kind, movies: decodeMovies(bytes, name) };
    case 'users':
      return { kind, users: decodeUsers(bytes, name) };
    case 'ratings':
      return { kind, ratings: decodeRatings(bytes, name) };
  }
}
