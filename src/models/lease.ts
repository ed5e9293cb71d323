/**
 * A value with tensors that one call may still be using while a newer one replaces it (a training
 * that finishes in the middle of a `recommend`). Rule: `retire` disposes at once only when no
 * lease is held; otherwise the last `release` does. Leases are taken synchronously, at the point
 * where the value is picked, so no await can fall between picking it and holding it.
 */
export class Leased<T> {
  private uses = 0;
  private retired = false;
  private disposed = false;

  constructor(
    readonly value: T,
    private readonly dispose: (value: T) => void,
  ) {}

  /** Holds the value until the returned release is called (once; later calls do nothing). */
  acquire(): () => void {
    if (this.disposed) throw new Error('Leased: the value is already disposed');
    this.uses++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.uses--;
      this.settle();
    };
  }

  /** The value is replaced: dispose it as soon as nobody holds it. */
  retire(): void {
    this.retired = true;
    this.settle();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  private settle(): void {
    if (this.retired && this.uses === 0 && !this.disposed) {
      this.disposed = true;
      this.dispose(this.value);
    }
  }
}
