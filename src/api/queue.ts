/**
 * A push queue read as an async iterator: the producer pushes and ends (or fails) it, one consumer
 * pulls. Used for each handle iterator and for followed logs, so a slow consumer never blocks the
 * poll loop (the queue grows instead; the handle caps what it keeps).
 */
export class PushQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiting?: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void };
  private done = false;
  private failure?: { error: unknown };

  constructor(private readonly onReturn?: () => void) {}

  push(item: T): void {
    if (this.done) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w.resolve({ value: item, done: false });
    } else this.items.push(item);
  }

  end(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    if (error !== undefined) this.failure = { error };
    const w = this.waiting;
    this.waiting = undefined;
    if (!w) return;
    if (this.failure) w.reject(this.failure.error);
    else w.resolve({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length) return Promise.resolve({ value: this.items.shift() as T, done: false });
    if (this.done) {
      if (!this.failure) return Promise.resolve({ value: undefined, done: true });
      const { error } = this.failure;
      this.failure = undefined; // thrown once, then the iterator is simply finished
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Leaving a `for await` early ends only this iterator. */
  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.end();
    this.onReturn?.();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
