/**
 * Typed errors. Every failure a user can meet is a ReelError with a stable `code`; the UI shows
 * them in one place (ErrorSink in src/ui/shell/errors.tsx) using `message`, which must be plain
 * words a user understands. Errors cross worker boundaries through comlink's error serialization,
 * which keeps only name/message/stack — so workers throw `toWire(e)` (workers/expose.ts) and the
 * UI turns what it catches back into a ReelError with `fromUnknown`.
 */
import { modelName, type ModelKind } from './kinds';

export type ErrorCode =
  | 'abort'
  | 'network'
  /** the device lost its connection mid-download: trying again once online resumes it */
  | 'offline'
  | 'checksum'
  | 'manifest-version'
  | 'manifest-invalid'
  | 'not-movielens'
  /** a film-history file (Letterboxd, IMDb, TMDB, Trakt) of no kind Reel reads */
  | 'not-history'
  | 'empty-file'
  | 'too-large'
  | 'parse'
  | 'storage'
  | 'quota'
  /** the browser closed the database under us (site data cleared): the page starts again */
  | 'storage-lost'
  | 'no-data'
  | 'no-model'
  | 'model-invalid'
  | 'profile-invalid'
  /** a write named a data version that is no longer the active one (a switch overtook it) */
  | 'stale-version'
  | 'backend'
  | 'backend-lost'
  | 'internal';

export class ReelError extends Error {
  override readonly name = 'ReelError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** No complete data set is stored: the one wording of "load the data first". */
export function dataNotLoaded(): ReelError {
  return new ReelError('no-data', 'The MovieLens data is not loaded yet.');
}

/** Some of the data set's files are stored, not all (a load was cut short). */
export function dataPartlyLoaded(): ReelError {
  return new ReelError('no-data', 'The MovieLens data is only partly loaded.');
}

/** The model asked for is not saved for this data set; without a kind, "that model". */
export function modelNotTrained(kind?: ModelKind): ReelError {
  const what = kind ? `The ${modelName(kind).toLowerCase()}` : 'That model';
  return new ReelError('no-model', `${what} is not trained yet.`);
}

/** The one wording of a download cut short because the device is offline. */
export function offlineError(): ReelError {
  return new ReelError(
    'offline',
    "You're offline: the download stopped. What arrived is kept, and it continues where it stopped when you're back online.",
  );
}

/** The error thrown when a long call is cancelled through its AbortSignal. UIs ignore it. */
export class AbortError extends ReelError {
  constructor(message = 'Cancelled.') {
    super('abort', message);
  }
}

export function isAbort(e: unknown): boolean {
  return (
    (e instanceof ReelError && e.code === 'abort') ||
    (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError') ||
    (e instanceof Error && e.message.startsWith('[abort]'))
  );
}

export function throwIfAborted(signal: { aborted: boolean } | undefined): void {
  if (signal?.aborted) throw new AbortError();
}

/** Encodes a ReelError's code into its message so it survives comlink's Error serialization. */
export function toWire(e: unknown): Error {
  if (e instanceof ReelError) return new Error(`[${e.code}] ${e.message}`);
  if (e instanceof Error) return e;
  return new Error(String(e));
}

/** Inverse of toWire: turns anything caught (possibly from a worker) back into a ReelError. */
export function fromUnknown(e: unknown): ReelError {
  if (e instanceof ReelError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const m = /^\[([a-z-]+)\] ([\s\S]*)$/.exec(message);
  if (m) return new ReelError(m[1] as ErrorCode, m[2]!);
  if (
    typeof e === 'object' &&
    e !== null &&
    (e as { name?: unknown }).name === 'QuotaExceededError'
  )
    return new ReelError(
      'quota',
      'The browser has no room left to store the data. Free some space and try again.',
    );
  return new ReelError('internal', `Something went wrong: ${message}`);
}
