/** Bounded concurrency: a limiter for calls made from many places, and an ordered map over a list. */

export type Limiter = <T>(work: () => Promise<T>) => Promise<T>;

/** At most `concurrency` calls of the returned function run at once; the rest wait in order. */
export function createLimiter(concurrency: number): Limiter {
  const limit = Math.max(1, Math.floor(concurrency));
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    active--;
    waiting.shift()?.();
  };
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await work();
    } finally {
      release();
    }
  };
}

/**
 * Runs `work` over the items with at most `concurrency` in flight and returns the results in
 * item order. Once `signal` is aborted no new item starts and the abort reason is thrown.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      signal?.throwIfAborted();
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(Math.floor(concurrency), items.length)) }, worker));
  signal?.throwIfAborted();
  return results;
}
