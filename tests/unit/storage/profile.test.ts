import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Store, db } from '../../../src/storage/db';
import { carryProfileFrom, deleteUserRating, onProfileChanged } from '../../../src/storage/profile';
import { putUserRating, readProfile, reapplyAction } from '../../../src/storage/profile';
import { replaceProfile, resetProfile, saveProfile } from '../../../src/storage/profile';
import { storedProfiles } from '../../../src/storage/profile';
import type { Movie } from '../../../src/core/data/types';
import { ReelError } from '../../../src/core/errors';
import { freshDbPerTest, PROFILE, storeVersion } from './helpers';
import { getProfile, getUserRatings } from '../../helpers/storage';

freshDbPerTest();

const film = (id: number, title: string, year: number | null = 1995): Movie => ({
  id,
  title,
  year,
  genres: [],
});
const FILMS = [film(1, 'Toy Story'), film(2, 'Heat'), film(3, 'Casino'), film(4, 'Se7en')];

const strip = (rs: { movieId: number; rating: number | null }[]) =>
  rs.map((r) => [r.movieId, r.rating]);

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return e instanceof ReelError ? e.code : String(e);
  }
  return undefined;
}

describe('profile storage', () => {
  it('saves the profile and each rating at once; reads them back in the order given', async () => {
    await storeVersion('v1', FILMS);
    await saveProfile(PROFILE, 'v1');
    await putUserRating({ movieId: 2, rating: 4, at: 10, title: 'Heat', year: 1995 }, 'v1');
    await putUserRating({ movieId: 1, rating: null, at: 11 }, 'v1');
    await putUserRating({ movieId: 2, rating: 5, at: 12 }, 'v1');
    expect(await getProfile()).toEqual(PROFILE);
    const read = await readProfile();
    expect(read.dataVersion).toBe('v1');
    expect(strip(read.ratings)).toEqual([
      [1, null],
      [2, 5],
    ]);
    expect(read.ratings[1]!.hlc).toBeGreaterThan(read.ratings[0]!.hlc!);
  });

  it('skips damaged records instead of failing', async () => {
    await storeVersion('v1', FILMS);
    await putUserRating({ movieId: 3, rating: 2, at: 1 }, 'v1');
    await (await db()).put(Store.userRatings, { dataVersion: 'v1', movieId: 4, rating: 9, at: 2 });
    expect(strip(await getUserRatings())).toEqual([[3, 2]]);
  });

  it('replace and reset', async () => {
    await storeVersion('v1', FILMS);
    await saveProfile(PROFILE, 'v1');
    await putUserRating({ movieId: 3, rating: 2, at: 1 }, 'v1');
    await replaceProfile(
      { ...PROFILE, genres: ['Horror', 'Drama', 'Crime'] },
      [{ movieId: 4, rating: 1, at: 2, hlc: 2 }],
      'v1',
    );
    expect((await getProfile())?.genres).toEqual(['Horror', 'Drama', 'Crime']);
    expect(await getUserRatings()).toEqual([{ movieId: 4, rating: 1, at: 2, hlc: 2 }]);
    await deleteUserRating(4, 'v1');
    expect(await getUserRatings()).toEqual([]);
    await resetProfile('v1');
    expect(await getProfile()).toBeUndefined();
  });
});

describe('every write names its data version (issue 22)', () => {
  it('a write for a version that is not the active one is refused, in the writing transaction', async () => {
    await storeVersion('v1', FILMS);
    await saveProfile(PROFILE, 'v1');
    await storeVersion('w1', [film(1617, 'Panther')], 'ml-100k'); // another tab switched
    expect(await codeOf(putUserRating({ movieId: 1617, rating: 5, at: 1 }, 'v1'))).toBe(
      'stale-version',
    );
    expect(await codeOf(saveProfile(PROFILE, 'v1'))).toBe('stale-version');
    expect(await codeOf(deleteUserRating(1, 'v1'))).toBe('stale-version');
    expect(await codeOf(replaceProfile(PROFILE, [], 'v1'))).toBe('stale-version');
    expect(await codeOf(resetProfile('v1'))).toBe('stale-version');
    // nothing landed in either data set
    const all = await (await db()).getAll(Store.userRatings);
    expect(all).toEqual([]);
    expect((await storedProfiles()).map((p) => p.dataVersion)).toEqual(['v1']);
  });

  it('with no data set stored, writes are refused', async () => {
    expect(await codeOf(putUserRating({ movieId: 1, rating: 5, at: 1 }, 'v1'))).toBe(
      'stale-version',
    );
  });

  it('a refused action is re-applied only where its id names the same film', async () => {
    await storeVersion('v1', FILMS);
    await saveProfile(PROFILE, 'v1');
    // the same content under another release, with its own profile
    await storeVersion('w1', [film(2, 'Heat'), film(3, 'Casino', 1996)], 'ml-x');
    await saveProfile(PROFILE, 'w1');
    const heat = { movieId: 2, rating: 5, at: 1, title: 'Heat', year: 1995 };
    const casino = { movieId: 3, rating: 4, at: 2, title: 'Casino', year: 1995 };
    const absent = { movieId: 1, rating: 3, at: 3, title: 'Toy Story', year: 1995 };
    expect(await reapplyAction(heat)).toEqual({ applied: true, dataVersion: 'w1' });
    expect(await reapplyAction(casino)).toMatchObject({ applied: false, reason: 'other-film' });
    expect(await reapplyAction(absent)).toMatchObject({ applied: false, reason: 'absent' });
    expect(await reapplyAction({ movieId: 2, rating: 1, at: 4 })).toMatchObject({
      applied: false,
      reason: 'untitled',
    });
    expect(strip(await getUserRatings())).toEqual([[2, 5]]);
  });

  it('is not re-applied into a data set without a profile', async () => {
    await storeVersion('w1', [film(2, 'Heat')], 'ml-x');
    expect(
      await reapplyAction({ movieId: 2, rating: 5, at: 1, title: 'Heat', year: 1995 }),
    ).toMatchObject({ applied: false, reason: 'no-profile' });
    expect(await getUserRatings()).toEqual([]);
  });
});

describe('action order (issue 22)', () => {
  it('a clock set back a day still orders the later action last', async () => {
    await storeVersion('v1', FILMS);
    await saveProfile(PROFILE, 'v1');
    const day = 86_400_000;
    const t = 1_700_000_000_000;
    await putUserRating({ movieId: 1, rating: 5, at: t }, 'v1');
    await putUserRating({ movieId: 2, rating: 3, at: t - day }, 'v1'); // clock set back
    await putUserRating({ movieId: 3, rating: 1, at: t - day + 5 }, 'v1');
    const rs = await getUserRatings();
    expect(rs.map((r) => r.movieId)).toEqual([1, 2, 3]);
    expect(rs.map((r) => r.at)).toEqual([t, t - day, t - day + 5]); // the wall times are kept
    expect(rs[2]!.hlc! > rs[1]!.hlc! && rs[1]!.hlc! > rs[0]!.hlc!).toBe(true);
  });

  it('the clock keeps running past an import', async () => {
    await storeVersion('v1', FILMS);
    await replaceProfile(PROFILE, [{ movieId: 1, rating: 5, at: 100, hlc: 5_000 }], 'v1');
    await putUserRating({ movieId: 2, rating: 4, at: 200 }, 'v1');
    expect((await getUserRatings()).map((r) => [r.movieId, r.hlc])).toEqual([
      [1, 5_000],
      [2, 5_001],
    ]);
  });
});

describe('carry-over when a release’s content is replaced (issue 22)', () => {
  async function rateOnV1() {
    await storeVersion('v1', FILMS);
    await saveProfile(PROFILE, 'v1');
    await putUserRating({ movieId: 1, rating: 5, at: 1, title: 'Toy Story', year: 1995 }, 'v1');
    await putUserRating({ movieId: 2, rating: 4, at: 2, title: 'Heat', year: 1995 }, 'v1');
    await putUserRating({ movieId: 3, rating: null, at: 3, title: 'Casino', year: 1995 }, 'v1');
  }

  it('carries only the actions whose id still names the same film; keeps the rest listed', async () => {
    await rateOnV1();
    // "ml-1m" again, but a re-cut: id 2 is another film now, id 3 is gone
    await storeVersion('v2', [film(1, 'Toy Story'), film(2, 'Indecent Proposal', 1993)]);
    const read = await readProfile();
    expect(read.dataVersion).toBe('v2');
    expect(read.profile).toEqual(PROFILE);
    expect(strip(read.ratings)).toEqual([[1, 5]]);
    expect(read.carry).toMatchObject({ from: 'v1', carried: 1 });
    expect(read.carry!.notCarried.map((n) => [n.action.movieId, n.reason])).toEqual([
      [3, 'absent'],
      [2, 'other-film'],
    ]);
    // the old content's profile is kept as it was; reading again changes nothing
    expect((await readProfile()).carry?.carried).toBe(1);
    const all = await storedProfiles();
    expect(all.map((p) => [p.dataVersion, p.actions]).sort()).toEqual([
      ['v1', 3],
      ['v2', 1],
    ]);
  });

  it('the same content stored again changes nothing', async () => {
    await rateOnV1();
    await storeVersion('v1', FILMS);
    const read = await readProfile();
    expect(read.carry).toBeUndefined();
    expect(read.ratings).toHaveLength(3);
  });

  it('another data set is never filled by itself; carryProfileFrom brings the profile along', async () => {
    await rateOnV1();
    await storeVersion('w1', [film(1, 'Toy Story'), film(2, 'Heat', 1996)], 'ml-25m');
    expect((await readProfile()).profile).toBeUndefined();
    const report = await carryProfileFrom('v1');
    expect(report).toMatchObject({ from: 'v1', carried: 1 });
    expect(strip(await getUserRatings())).toEqual([[1, 5]]);
    expect(await carryProfileFrom('v1')).toBeUndefined(); // it has a profile now
  });

  it('a reset does not bring the replaced content’s actions back', async () => {
    await rateOnV1();
    await storeVersion('v2', FILMS);
    expect((await readProfile()).ratings).toHaveLength(3);
    await resetProfile('v2');
    expect((await readProfile()).profile).toBeUndefined();
    expect(await storedProfiles()).toEqual([]);
  });
});

describe('a connection the browser closed (issue #8 item 8)', () => {
  it('is reopened: saving after it closed works, and nothing is lost', async () => {
    await storeVersion('v1', FILMS);
    await putUserRating({ movieId: 1, rating: 4, at: 1 }, 'v1');
    (await db()).close(); // what clearing site data does to a running page's connection
    await putUserRating({ movieId: 2, rating: 5, at: 2 }, 'v1');
    expect((await getUserRatings()).map((r) => r.movieId)).toEqual([1, 2]);
  });
});

describe('other tabs (issue #8 item 9)', () => {
  it('hear of every committed change, so they re-read instead of keeping an older snapshot', async () => {
    await storeVersion('v1', FILMS);
    let heard = 0;
    const stop = onProfileChanged(() => heard++);
    await putUserRating({ movieId: 1, rating: 4, at: 1 }, 'v1');
    await expect.poll(() => heard).toBe(1);
    await replaceProfile(PROFILE, [], 'v1');
    await expect.poll(() => heard).toBe(2);
    stop();
  });
});
