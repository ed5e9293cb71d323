import { expose } from 'comlink';
import { toWire } from '../src/core/errors';
import { WORKER_READY } from '../src/core/worker-ready';

type AnyFn = (...args: never[]) => unknown;

/**
 * Exposes `api` through comlink, re-throwing every error with its ReelError code encoded in the
 * message (comlink keeps only name/message/stack; the UI decodes it with `fromUnknown`), then
 * tells the UI it is ready.
 */
export function exposeApi<T extends { [K in keyof T]: AnyFn }>(api: T): void {
  const wrapped: Record<string, AnyFn> = {};
  for (const [name, fn] of Object.entries<AnyFn>(api)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        throw toWire(e);
      }
    };
  }
  expose(wrapped);
  // comlink ignores messages without an id; the UI's bridge waits for this one (worker-ready.ts).
  (globalThis as unknown as { postMessage(m: unknown): void }).postMessage(WORKER_READY);
}
