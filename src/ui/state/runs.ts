/**
 * Training runs per model, newest wins. Rule: starting a run aborts the one before it, and only
 * the newest run of a model may write that model's state — a superseded run's late result or
 * AbortError is dropped, so it can never hide the newer run's Cancel button or its progress.
 */
export class Runs<K extends string> {
  private current = new Map<K, AbortController>();

  /** Starts a run of `kind` (aborting the previous one) and returns its controller. */
  start(kind: K): AbortController {
    this.current.get(kind)?.abort();
    const c = new AbortController();
    this.current.set(kind, c);
    return c;
  }

  /** Whether `c` is still the newest run of `kind` (only then may it write state). */
  isLatest(kind: K, c: AbortController): boolean {
    return this.current.get(kind) === c;
  }

  /** The run of `kind` ended. */
  finish(kind: K, c: AbortController): void {
    if (this.current.get(kind) === c) this.current.delete(kind);
  }

  cancel(kind: K): void {
    this.current.get(kind)?.abort();
  }

  cancelAll(): void {
    for (const c of this.current.values()) c.abort();
  }
}
