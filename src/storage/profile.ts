/**
 * The user's profile and actions (ratings, "haven't seen"). Each action is its own record, written
 * the moment it is given, so a reload at any point loses nothing. Reads go through the core
 * restore functions: stored data is treated as untrusted (a bad record is dropped, never crashes
 * the app). Rules kept here (issue 22):
 * - a profile belongs to a DATA VERSION (the manifest's content hash), not to a release name: the
 *   same movie id may be another film in other content. Each action keeps its film's title and
 *   year, and a clock (core/profile/ordering.ts) that orders it without trusting the wall clock;
 * - every write names the data version it was made against, and is refused ('stale-version')
 *   unless that is the active one, checked inside the transaction that writes: a tab that has not
 *   yet heard of a switch can never write into the other data set;
 * - when a release's content was replaced (the active version has no profile, an older version
 *   of the same release has one), its actions are carried over by core/profile/carryOver.ts
 *   (same id, same title and year) in one transaction; what was not carried is kept with the new
 *   profile (`carry`) so the person can see it. The old version's profile stays as it was;
 * - every committed change is announced on a BroadcastChannel, so other tabs (and workers)
 *   re-read instead of showing, exporting or building on an older snapshot (`onProfileChanged`).
 */
import { ReelError } from '../core/errors';
import { restoreProfile, restoreRating, type Profile, type UserRating } from '../core/profile';
import {
  carryOver,
  sameFilm,
  type CarryReport,
  type CatalogFilm,
  type FilmMatcher,
} from '../core/profile/carryOver';
import { lastClock, nextClock, oldestFirst } from '../core/profile/ordering';
import type { Movie } from '../core/data/types';
import { activeRelease } from './dataset';
import type { IDBPTransaction } from 'idb';
import {
  Store,
  type ActionRecord,
  type DatasetRecord,
  type ProfileRecord,
  type ReelDB,
} from './db';
import { guard, transact } from './tx';

const CHANNEL = 'reel-profile';

/** A profile as read: which data version it belongs to, and what a carry-over left behind. */
export interface ProfileSnapshot {
  /** the active data version (undefined while no data set is stored) */
  dataVersion: string | undefined;
  profile: Profile | undefined;
  /** oldest first (the order given) */
  ratings: UserRating[];
  /** set when this profile was carried over from another data version */
  carry?: CarryReport;
}

/** Why a refused action was not re-applied to the data set that is active now. */
export type ReapplyOutcome =
  | { applied: true; dataVersion: string }
  | {
      applied: false;
      reason: 'no-data' | 'no-profile' | 'untitled' | 'absent' | 'other-film';
      dataVersion?: string;
    };

/** Builds a title/year matcher over the catalogue actions are carried into. */
export type MatcherFor = (catalog: readonly CatalogFilm[]) => FilmMatcher;

const ofVersion = (dataVersion: string) => IDBKeyRange.bound([dataVersion], [dataVersion, []]);

function staleVersion(named: string, active: string | undefined): ReelError {
  return new ReelError(
    'stale-version',
    active === undefined
      ? 'No MovieLens data is stored now, so this change was not saved.'
      : 'The data set changed (here or in another tab) before this change was saved, so it was ' +
          'not saved: its movie might be another film in the data set that is active now.',
    `named ${named}, active ${active ?? 'none'}`,
  );
}

type MetaTx = Parameters<typeof activeRelease>[0] & {
  objectStore(name: typeof Store.datasets): {
    get(key: string): Promise<DatasetRecord | undefined>;
  };
};

/** The active data set's record and version, read inside `tx`. */
async function activeIn(
  tx: MetaTx,
): Promise<{ release: string; dataVersion: string; complete: boolean } | undefined> {
  const release = await activeRelease(tx);
  if (release === undefined) return undefined;
  const rec = await tx.objectStore(Store.datasets).get(release);
  if (!rec) return undefined;
  const dataVersion = rec.manifest.dataVersion;
  return { release, dataVersion, complete: rec.loaded?.dataVersion === dataVersion };
}

/** The active version, which must be `dataVersion` (else the write is refused). */
async function expectActive(tx: MetaTx, dataVersion: string) {
  const active = await activeIn(tx);
  if (active?.dataVersion !== dataVersion) throw staleVersion(dataVersion, active?.dataVersion);
  return active;
}

function announce(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage('changed');
  channel.close();
}

/** Calls `onChange` whenever another tab changed the profile or ratings; returns unsubscribe. */
export function onProfileChanged(onChange: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = () => onChange();
  return () => channel.close();
}

function restoreActions(rows: ActionRecord[]): UserRating[] {
  const out: UserRating[] = [];
  for (const { dataVersion: _v, ...r } of rows) {
    try {
      out.push(restoreRating(r));
    } catch {
      /* a damaged record is skipped */
    }
  }
  return out.sort(oldestFirst);
}

function restoreRecord(rec: ProfileRecord | undefined): Profile | undefined {
  if (!rec) return undefined;
  try {
    return restoreProfile(rec);
  } catch {
    return undefined;
  }
}

/** A carry report as read back (untrusted): the counts and the listed actions that restore. */
function restoreCarry(value: unknown): CarryReport | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Record<string, unknown>;
  if (typeof c.from !== 'string' || typeof c.carried !== 'number' || !Array.isArray(c.notCarried))
    return undefined;
  const notCarried: CarryReport['notCarried'] = [];
  for (const n of c.notCarried as Record<string, unknown>[]) {
    try {
      const reason = n.reason;
      if (!['absent', 'other-film', 'untitled', 'duplicate'].includes(reason as string)) continue;
      const now = n.now as { title?: unknown; year?: unknown } | undefined;
      notCarried.push({
        action: restoreRating(n.action),
        reason: reason as CarryReport['notCarried'][number]['reason'],
        ...(now && typeof now.title === 'string'
          ? { now: { title: now.title, year: typeof now.year === 'number' ? now.year : null } }
          : {}),
      });
    } catch {
      /* a damaged entry is skipped */
    }
  }
  return { from: c.from, carried: c.carried, notCarried };
}

const PROFILE_STORES = [Store.meta, Store.datasets, Store.profile, Store.userRatings] as const;
const CARRY_STORES = [...PROFILE_STORES, Store.tables] as const;

/**
 * The active data version's profile and actions, read in one transaction. When they are due
 * (see the header), the actions of the release's previous content are carried over first.
 */
export function readProfile(): Promise<ProfileSnapshot> {
  return guard('read your profile', async () => {
    const read = () =>
      transact([...PROFILE_STORES], 'readonly', async (tx) => {
        const active = await activeIn(tx);
        if (!active)
          return { snapshot: { dataVersion: undefined, profile: undefined, ratings: [] } };
        const [rec, rows] = await Promise.all([
          tx.objectStore(Store.profile).get(active.dataVersion),
          tx.objectStore(Store.userRatings).getAll(ofVersion(active.dataVersion)),
        ]);
        let due = false;
        if (!rec && active.complete) {
          const all = await tx.objectStore(Store.profile).getAll();
          due = predecessor(all, active.release, active.dataVersion) !== undefined;
        }
        const carry = restoreCarry(rec?.carry);
        const snapshot: ProfileSnapshot = {
          dataVersion: active.dataVersion,
          profile: restoreRecord(rec),
          ratings: restoreActions(rows),
          ...(carry ? { carry } : {}),
        };
        return { snapshot, due };
      });
    const first = await read();
    if (!first.due) return first.snapshot;
    await carryInto(undefined);
    return (await read()).snapshot;
  });
}

/** The newest profile of `release` under another data version (the content it replaced). */
function predecessor(all: ProfileRecord[], release: string, dataVersion: string) {
  return all
    .filter((p) => p.release === release && p.dataVersion !== dataVersion)
    .sort((a, b) => (b.hlc ?? 0) - (a.hlc ?? 0))[0];
}

/**
 * Carries a profile into the active data version, which must be completely stored and have no
 * profile yet: from the data version `from`, or (undefined) from the release's previous content.
 * Returns the report, or undefined when there was nothing to do.
 */
async function carryInto(from: string | undefined, matcherFor?: MatcherFor) {
  const report = await transact([...CARRY_STORES], 'readwrite', async (tx) => {
    const active = await activeIn(tx);
    if (!active?.complete) return undefined;
    const profiles = tx.objectStore(Store.profile);
    if (await profiles.get(active.dataVersion)) return undefined;
    const source =
      from === undefined
        ? predecessor(await profiles.getAll(), active.release, active.dataVersion)
        : await profiles.get(from);
    if (!source || source.dataVersion === active.dataVersion) return undefined;
    const [table, rows] = await Promise.all([
      tx.objectStore(Store.tables).get([active.release, 'movies']),
      tx.objectStore(Store.userRatings).getAll(ofVersion(source.dataVersion)),
    ]);
    if (table?.kind !== 'movies' || table.dataVersion !== active.dataVersion) return undefined;
    const films: Movie[] = table.rows;
    const { carried, notCarried } = carryOver(restoreActions(rows), films, matcherFor?.(films));
    const report: CarryReport = { from: source.dataVersion, carried: carried.length, notCarried };
    const { carry: _c, ...profile } = source;
    const actions = tx.objectStore(Store.userRatings);
    await Promise.all([
      profiles.put({
        ...profile,
        dataVersion: active.dataVersion,
        release: active.release,
        hlc: Math.max(source.hlc ?? 0, lastClock(carried)),
        carry: report,
      }),
      ...carried.map((r) => actions.put({ ...r, dataVersion: active.dataVersion })),
    ]);
    return report;
  });
  if (report) announce();
  return report;
}

/**
 * Brings the profile of data version `from` (e.g. another release's) into the active data set
 * when that has none yet, by the carry-over rule; `matcherFor` adds a title/year fallback.
 */
export function carryProfileFrom(
  from: string,
  matcherFor?: MatcherFor,
): Promise<CarryReport | undefined> {
  return guard('bring your ratings along', () => carryInto(from, matcherFor));
}

/** The stored profiles (one per data version), for offering to bring one along. */
export function storedProfiles(): Promise<
  { dataVersion: string; release: string; actions: number }[]
> {
  return guard('list your profiles', () =>
    transact([Store.profile, Store.userRatings], 'readonly', async (tx) => {
      const all = await tx.objectStore(Store.profile).getAll();
      return Promise.all(
        all.map(async (p) => ({
          dataVersion: p.dataVersion,
          release: p.release,
          actions: await tx.objectStore(Store.userRatings).count(ofVersion(p.dataVersion)),
        })),
      );
    }),
  );
}

/** Saves the profile (genres, demographics) of `dataVersion`, which must be the active one. */
export function saveProfile(profile: Profile, dataVersion: string): Promise<void> {
  return guard('save your profile', async () => {
    await transact([...PROFILE_STORES], 'readwrite', async (tx) => {
      const active = await expectActive(tx, dataVersion);
      const store = tx.objectStore(Store.profile);
      const before = await store.get(dataVersion);
      const hlc =
        before?.hlc ??
        lastClock(await tx.objectStore(Store.userRatings).getAll(ofVersion(dataVersion)));
      await store.put({
        ...(before?.carry ? { carry: before.carry } : {}),
        ...profile,
        dataVersion,
        release: active.release,
        hlc,
      });
    });
    announce();
  });
}

/**
 * Stores one action given on `dataVersion`'s movies (refused unless that is the active version)
 * and returns it as stored, with its clock.
 */
export function putUserRating(r: UserRating, dataVersion: string): Promise<UserRating> {
  return guard('save your rating', async () => {
    const stored = await transact([...PROFILE_STORES], 'readwrite', async (tx) => {
      await expectActive(tx, dataVersion);
      return putAction(tx as unknown as WriteTx, r, dataVersion);
    });
    announce();
    return stored;
  });
}

type WriteTx = IDBPTransaction<ReelDB, ('profile' | 'userRatings')[], 'readwrite'>;

/** Writes one action under the profile's clock (the next value after its last). */
async function putAction(tx: WriteTx, r: UserRating, dataVersion: string): Promise<UserRating> {
  const profiles = tx.objectStore(Store.profile);
  const rec = await profiles.get(dataVersion);
  const last =
    rec?.hlc ?? lastClock(await tx.objectStore(Store.userRatings).getAll(ofVersion(dataVersion)));
  const { dataVersion: _v, ...action } = { ...r, hlc: nextClock(last, r.at), dataVersion };
  await Promise.all([
    tx.objectStore(Store.userRatings).put({ ...action, dataVersion }),
    rec ? profiles.put({ ...rec, hlc: action.hlc }) : undefined,
  ]);
  return action;
}

/**
 * Re-applies an action that was refused as stale to the data set active now, only where it is
 * the same film there (same id, same title and year) and that data set has a profile.
 */
export function reapplyAction(r: UserRating): Promise<ReapplyOutcome> {
  return guard('save your rating', async () => {
    const outcome = await transact([...CARRY_STORES], 'readwrite', async (tx) => {
      const active = await activeIn(tx);
      if (!active?.complete) return { applied: false, reason: 'no-data' } as const;
      const dataVersion = active.dataVersion;
      if (!(await tx.objectStore(Store.profile).get(dataVersion)))
        return { applied: false, reason: 'no-profile', dataVersion } as const;
      if (r.title === undefined)
        return { applied: false, reason: 'untitled', dataVersion } as const;
      const table = await tx.objectStore(Store.tables).get([active.release, 'movies']);
      const film =
        table?.kind === 'movies' && table.dataVersion === dataVersion
          ? table.rows.find((m) => m.id === r.movieId)
          : undefined;
      if (!film) return { applied: false, reason: 'absent', dataVersion } as const;
      if (!sameFilm(r, film)) return { applied: false, reason: 'other-film', dataVersion } as const;
      const { hlc: _h, ...fresh } = r;
      await putAction(tx as unknown as WriteTx, fresh, dataVersion);
      return { applied: true, dataVersion } as const;
    });
    if (outcome.applied) announce();
    return outcome;
  });
}

/** Removes one action of `dataVersion` (refused unless that is the active version). */
export function deleteUserRating(movieId: number, dataVersion: string): Promise<void> {
  return guard('remove your rating', async () => {
    await transact([...PROFILE_STORES], 'readwrite', async (tx) => {
      await expectActive(tx, dataVersion);
      await tx.objectStore(Store.userRatings).delete([dataVersion, movieId]);
    });
    announce();
  });
}

/**
 * Replaces the profile and actions of `dataVersion` (the active one) in one transaction (an
 * import). Imported actions keep their clock; the profile's clock moves past all of them, so the
 * next action is ordered after everything imported.
 */
export function replaceProfile(
  profile: Profile,
  ratings: UserRating[],
  dataVersion: string,
): Promise<void> {
  return guard('import your profile', async () => {
    await transact([...PROFILE_STORES], 'readwrite', async (tx) => {
      const active = await expectActive(tx, dataVersion);
      const store = tx.objectStore(Store.userRatings);
      const before = await tx.objectStore(Store.profile).get(dataVersion);
      const hlc = Math.max(
        before?.hlc ?? lastClock(await store.getAll(ofVersion(dataVersion))),
        lastClock(ratings),
      );
      await store.delete(ofVersion(dataVersion));
      await Promise.all([
        tx
          .objectStore(Store.profile)
          .put({ ...profile, dataVersion, release: active.release, hlc }),
        ...ratings.map((r) => store.put({ ...r, dataVersion })),
      ]);
    });
    announce();
  });
}

/**
 * Deletes the profile and all the user's actions of `dataVersion` (the active one), with those
 * of the release's earlier content (else they would be carried over again at the next read).
 */
export function resetProfile(dataVersion: string): Promise<void> {
  return guard('delete your profile', async () => {
    await transact([...PROFILE_STORES], 'readwrite', async (tx) => {
      const active = await expectActive(tx, dataVersion);
      const profiles = tx.objectStore(Store.profile);
      const versions = new Set([dataVersion]);
      for (const p of await profiles.getAll())
        if (p.release === active.release) versions.add(p.dataVersion);
      await Promise.all(
        [...versions].flatMap((v) => [
          profiles.delete(v),
          tx.objectStore(Store.userRatings).delete(ofVersion(v)),
        ]),
      );
    });
    announce();
  });
}

/**
 * Undo of one action: puts back exactly `previous` (with its own time and clock) for `movieId` in
 * `dataVersion` (the active one), or removes the film's action when it had none before.
 */
export function restoreUserRating(
  movieId: number,
  previous: UserRating | undefined,
  dataVersion: string,
): Promise<void> {
  return guard('undo', async () => {
    await transact([...PROFILE_STORES], 'readwrite', async (tx) => {
      await expectActive(tx, dataVersion);
      const store = tx.objectStore(Store.userRatings);
      if (previous && previous.movieId === movieId) await store.put({ ...previous, dataVersion });
      else await store.delete([dataVersion, movieId]);
    });
    announce();
  });
}

/** What an applied batch replaced, film by film: enough to undo it in one step. */
export interface AppliedBatch {
  dataVersion: string;
  /** each action as stored, with what the film had before (undefined: nothing) */
  entries: { stored: UserRating; previous: UserRating | undefined }[];
}

/**
 * Applies a batch of actions (a history import) to `dataVersion` (the active one) in ONE
 * transaction: all are stored or none (a closed tab or a failure leaves nothing half-saved).
 * Each gets the profile's next clock value, in the batch's order. `profile`, when given, is saved
 * in the same transaction (an import at signup).
 */
export function applyActions(
  actions: readonly UserRating[],
  dataVersion: string,
  profile?: Profile,
): Promise<AppliedBatch> {
  return guard('save your imported ratings', async () => {
    const entries = await transact([...PROFILE_STORES], 'readwrite', async (tx) => {
      const active = await expectActive(tx, dataVersion);
      const profiles = tx.objectStore(Store.profile);
      const store = tx.objectStore(Store.userRatings);
      const rec = await profiles.get(dataVersion);
      const rows = await store.getAll(ofVersion(dataVersion));
      const before = new Map(restoreActions(rows).map((r) => [r.movieId, r]));
      let last = rec?.hlc ?? lastClock(rows);
      const out: AppliedBatch['entries'] = [];
      const writes: Promise<unknown>[] = [];
      for (const a of actions) {
        const { hlc: _h, ...fresh } = a;
        last = nextClock(last, fresh.at);
        const stored: UserRating = { ...fresh, hlc: last };
        out.push({ stored, previous: before.get(a.movieId) });
        before.set(a.movieId, stored);
        writes.push(store.put({ ...stored, dataVersion }));
      }
      if (profile)
        writes.push(
          profiles.put({
            ...(rec?.carry ? { carry: rec.carry } : {}),
            ...profile,
            dataVersion,
            release: active.release,
            hlc: last,
          }),
        );
      else if (rec) writes.push(profiles.put({ ...rec, hlc: last }));
      await Promise.all(writes);
      return out;
    });
    announce();
    return { dataVersion, entries };
  });
}

/**
 * Undoes an applied batch in one transaction: each film gets back what it had before, unless it
 * was changed again since (then the newer action stays).
 */
export function undoActions(batch: AppliedBatch): Promise<number> {
  return guard('undo the import', async () => {
    const undone = await transact([...PROFILE_STORES], 'readwrite', async (tx) => {
      await expectActive(tx, batch.dataVersion);
      const store = tx.objectStore(Store.userRatings);
      let n = 0;
      const writes: Promise<unknown>[] = [];
      // Latest first: a film imported twice in one batch ends at what it had before the batch.
      for (const { stored, previous } of [...batch.entries].reverse()) {
        const now = await store.get([batch.dataVersion, stored.movieId]);
        if (!now || now.hlc !== stored.hlc) continue;
        n++;
        writes.push(
          previous
            ? store.put({ ...previous, dataVersion: batch.dataVersion })
            : store.delete([batch.dataVersion, stored.movieId]),
        );
      }
      await Promise.all(writes);
      return n;
    });
    announce();
    return undone;
  });
}

/** The profile and actions stored for `dataVersion` (any, not only the active one), read only. */
export function readStoredProfile(
  dataVersion: string,
): Promise<{ profile: Profile | undefined; ratings: UserRating[]; release?: string }> {
  return guard('read your ratings', () =>
    transact([Store.profile, Store.userRatings], 'readonly', async (tx) => {
      const [rec, rows] = await Promise.all([
        tx.objectStore(Store.profile).get(dataVersion),
        tx.objectStore(Store.userRatings).getAll(ofVersion(dataVersion)),
      ]);
      return {
        profile: restoreRecord(rec),
        ratings: restoreActions(rows),
        ...(rec ? { release: rec.release } : {}),
      };
    }),
  );
}
