/**
 * Small invented film histories in each site's real layout (never a real person's export), and
 * builders for zips and encodings. Titles include commas, quotes, accents and multi-line fields.
 */
import { zipSync, strToU8 } from 'fflate';

export const enc = (s: string) => new TextEncoder().encode(s);
export const withBom = (s: string) => {
  const b = enc(s);
  const out = new Uint8Array(b.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(b, 3);
  return out;
};

/** Windows-1252 bytes of text whose characters are all in that code page's Latin-1 range. */
export function cp1252(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2019) out[i] = 0x92;
    else if (c === 0x2013) out[i] = 0x96;
    else if (c > 0xff) throw new RangeError(`no cp1252 byte for U+${c.toString(16)}`);
    else out[i] = c;
  }
  return out;
}

export const LB_RATINGS = [
  'Date,Name,Year,Letterboxd URI,Rating',
  '2021-03-04,Se7en,1995,https://boxd.it/29Oa,4.5',
  '2021-03-05,"Léon: The Professional",1994,https://boxd.it/1Zb2,4',
  '2021-03-06,"Crouching Tiger, Hidden Dragon",2000,https://boxd.it/1Zaa,3.5',
  '2022-01-01,"The ""Burbs""",1989,https://boxd.it/2a1c,2',
  '2022-01-02,Psycho,1960,https://boxd.it/2a1d,5',
].join('\n');

export const LB_DIARY = [
  'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date',
  '2020-01-10,Psycho,1960,https://boxd.it/d1,4,,,2020-01-09',
  '2022-01-02,Psycho,1960,https://boxd.it/d2,5,Yes,"horror, classic",2022-01-01',
  '2019-05-01,Das Boot,1981,https://boxd.it/d3,4,,,2019-04-30',
  '2023-06-01,Das Boot,1981,https://boxd.it/d4,4.5,Yes,,2023-05-31',
  '2018-02-02,Heat,1995,https://boxd.it/d5,,,,2018-02-01',
].join('\r\n');

export const LB_WATCHED = [
  'Date,Name,Year,Letterboxd URI',
  '2019-01-01,Heat,1995,https://boxd.it/w1',
  '2019-01-02,Fargo,1996,https://boxd.it/w2',
  '2019-01-03,Psycho,1960,https://boxd.it/w3',
].join('\n');

export const LB_WATCHLIST = [
  'Date,Name,Year,Letterboxd URI',
  '2024-01-01,"Amélie",2001,https://boxd.it/l1',
  '2024-01-02,Untitled Project,,https://boxd.it/l2',
].join('\n');

export const LB_REVIEWS = [
  'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date',
  '2022-01-02,Psycho,1960,https://boxd.it/r1,5,Yes,"A long review,',
  'over two lines with ""quotes""",,2022-01-01',
].join('\n');

export const LB_PROFILE =
  'Date Joined,Username,Given Name,Family Name,Email Address,Location,Website,Bio,Pronoun,Favorite Films\n2019-01-01,someone,Some,One,x@example.com,,,,,\n';

export function letterboxdZip(extra: Record<string, string> = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {
    'ratings.csv': strToU8(LB_RATINGS),
    'diary.csv': strToU8(LB_DIARY),
    'watched.csv': strToU8(LB_WATCHED),
    'watchlist.csv': strToU8(LB_WATCHLIST),
    'reviews.csv': strToU8(LB_REVIEWS),
    'profile.csv': strToU8(LB_PROFILE),
    'comments.csv': strToU8('Date,Content,Comment\n'),
    'deleted/diary.csv': strToU8(LB_DIARY.replace('Das Boot', 'Deleted Film')),
    'orphaned/ratings.csv': strToU8(LB_RATINGS.replace('Se7en', 'Orphan Film')),
    'likes/films.csv': strToU8('Date,Name,Year,Letterboxd URI\n2020-01-01,Liked Film,2000,u\n'),
    'lists/my-list.csv': strToU8('Letterboxd list export v7\nDate,Name,Tags,URL,Description\n'),
  };
  for (const [k, v] of Object.entries(extra)) files[k] = strToU8(v);
  return zipSync(files);
}

const IMDB_HEADER =
  'Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors';
export const IMDB_RATINGS = [
  IMDB_HEADER,
  'tt0114369,9,2020-05-01,Se7en,Se7en,https://www.imdb.com/title/tt0114369/,Movie,8.6,127,1995,"Crime, Drama, Mystery",1700000,1995-09-15,David Fincher',
  'tt0082096,8,2020-05-02,The Boat,Das Boot,https://www.imdb.com/title/tt0082096/,Movie,8.4,149,1981,"Drama, War",250000,1981-09-17,Wolfgang Petersen',
  'tt0903747,10,2020-05-03,Breaking Bad,Breaking Bad,https://www.imdb.com/title/tt0903747/,TV Series,9.5,49,2008,"Crime, Drama",2000000,2008-01-20,',
  'tt0959621,9,2020-05-04,Pilot,Pilot,https://www.imdb.com/title/tt0959621/,TV Episode,8.2,58,2008,Drama,40000,2008-01-20,Vince Gilligan',
  'tt0185906,8,2020-05-05,Band of Brothers,Band of Brothers,https://www.imdb.com/title/tt0185906/,TV Mini Series,9.4,594,2001,Drama,500000,2001-09-09,',
  'tt0000001,5,2020-05-06,Carmencita,Carmencita,https://www.imdb.com/title/tt0000001/,Short,5.7,1,1894,Documentary,2000,1894-03-10,William K.L. Dickson',
  'tt0111111,6,2020-05-07,Some Game,Some Game,https://www.imdb.com/title/tt0111111/,Video Game,7,,2010,Action,100,2010-01-01,',
  'tt0222222,7,2020-05-08,"A ""Quoted"", Title",Ein Titel,https://www.imdb.com/title/tt0222222/,TV Movie,6.1,90,1999,Drama,100,1999-01-01,',
  'tt0333333,12,2020-05-09,Broken Scale,Broken Scale,https://www.imdb.com/title/tt0333333/,Movie,6.1,90,1999,Drama,100,1999-01-01,',
].join('\n');

/** The older layout: no Original Title, camelCase types. */
export const IMDB_OLD = [
  'Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors',
  'tt0054215,10,2018-01-01,Psycho,https://www.imdb.com/title/tt0054215/,movie,8.5,109,1960,Horror,600000,1960-06-16,Alfred Hitchcock',
  'tt0106179,7,2018-01-02,The X Files,https://www.imdb.com/title/tt0106179/,tvSeries,8.6,45,1993,Drama,200000,1993-09-10,',
  'tt0120783,5,2018-01-03,Some Video,https://www.imdb.com/title/tt0120783/,video,5,80,1998,Drama,100,1998-01-01,',
  'tt0444444,6,2018-01-04,A TV Film,https://www.imdb.com/title/tt0444444/,tvMovie,5,80,1997,Drama,100,1997-01-01,',
  'tt0555555,6,2018-01-05,A Podcast,https://www.imdb.com/title/tt0555555/,podcastSeries,5,80,2019,Talk,100,2019-01-01,',
].join('\r\n');

export const TMDB_RATINGS = [
  'TMDb ID,IMDb ID,Type,Name,Release Date,Season Number,Episode Number,Rating,Your Rating,Date Rated',
  '807,tt0114369,movie,Se7en,1995-09-22,,,8.4,9.0,2021-01-01T10:00:00Z',
  '1396,tt0903747,tv,Breaking Bad,2008-01-20,,,8.9,10.0,2021-01-02T10:00:00Z',
  '62085,,episode,Pilot,2008-01-20,1,1,8.0,8.0,2021-01-03T10:00:00Z',
  '539,tt0054215,movie,Psycho,1960-06-22,,,8.4,7.5,2021-01-04T10:00:00Z',
  '999,,movie,No Date Film,,,,6.0,0.5,',
].join('\n');

export const TRAKT_RATINGS = JSON.stringify([
  {
    rated_at: '2022-03-01T20:00:00.000Z',
    rating: 8,
    type: 'movie',
    movie: {
      title: 'Heat',
      year: 1995,
      ids: { trakt: 1, slug: 'heat-1995', imdb: 'tt0113277', tmdb: 949 },
    },
  },
  {
    rated_at: '2022-03-02T20:00:00.000Z',
    rating: 3,
    type: 'movie',
    movie: {
      title: 'Fargo',
      year: 1996,
      ids: { trakt: 2, slug: 'fargo-1996', imdb: null, tmdb: null },
    },
  },
  {
    rated_at: '2022-03-03T20:00:00.000Z',
    rating: 11,
    type: 'movie',
    movie: { title: 'Bad', year: 2000, ids: {} },
  },
  {
    rated_at: '2022-03-04T20:00:00.000Z',
    rating: 9,
    type: 'show',
    show: { title: 'A Show', year: 2010, ids: {} },
  },
]);

export const TRAKT_WATCHED = JSON.stringify([
  {
    plays: 3,
    last_watched_at: '2021-01-01T00:00:00.000Z',
    last_updated_at: '2021-01-01T00:00:00.000Z',
    movie: { title: 'Amélie', year: 2001, ids: { imdb: 'tt0211915', tmdb: 194 } },
  },
]);
