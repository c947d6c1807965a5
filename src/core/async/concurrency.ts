/**
 * Bounded concurrency, in one place: a counting semaphore for calls made from many places (the
 * engine's server slots and downloads, the judge, the background scorer), and two ways to walk a
 * list with at most n items in flight (scores, previews, video tiles).
 */

/** A counting semaphore: at most `size` holders at once; the rest wait in order. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly size: number;

  constructor(size: number) {
    this.size = Math.max(1, Math.floor(size));
  }

  /** Holders right now. */
  get held(): number {
    return this.active;
  }

  async acquire(): Promise<() => void> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}

/** Calls `work` for items in order, at most `concurrency` at a time, until `stop` says so. */
async function walk<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>, stop: () => boolean): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(Math.floor(concurrency), items.length)) }, worker));
}

/** Runs `work` over the items with at most `concurrency` in flight; once aborted, no new item starts. */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  await walk(items, concurrency, work, () => signal?.aborted === true);
}

/**
 * Like runPool, returning the results in item order; once `signal` is aborted no new item starts
 * and the abort reason is thrown.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  await walk(
    items,
    concurrency,
    async (item, index) => {
      results[index] = await work(item, index);
    },
    () => {
      signal?.throwIfAborted();
      return false;
    },
  );
  signal?.throwIfAborted();
  return results;
}
