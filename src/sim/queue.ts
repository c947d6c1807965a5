/**
 * The pending queue as Python's heapq over (number, prompt_id, …) tuples: GET /queue shows the
 * heap array itself, which is not sorted (§2), so this keeps a real binary heap.
 */
import type { QueueItem } from "./types.js";

function before(a: QueueItem, b: QueueItem): boolean {
  if (a.number !== b.number) return a.number < b.number;
  if (a.promptId !== b.promptId) return a.promptId < b.promptId;
  return a.seq < b.seq;
}

export class PromptHeap {
  private heap: QueueItem[] = [];

  get size(): number {
    return this.heap.length;
  }

  items(): readonly QueueItem[] {
    return this.heap;
  }

  push(item: QueueItem): void {
    this.heap.push(item);
    this.siftUp(this.heap.length - 1);
  }

  pop(): QueueItem | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Removes the items the predicate selects and re-heapifies, like queue.pop(i); heapify(). */
  remove(predicate: (item: QueueItem) => boolean): number {
    const before = this.heap.length;
    this.heap = this.heap.filter((item) => !predicate(item));
    for (let i = Math.floor(this.heap.length / 2) - 1; i >= 0; i--) this.siftDown(i);
    return before - this.heap.length;
  }

  clear(): void {
    this.heap = [];
  }

  private siftUp(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(this.at(i), this.at(parent))) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(index: number): void {
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < this.heap.length && before(this.at(left), this.at(best))) best = left;
      if (right < this.heap.length && before(this.at(right), this.at(best))) best = right;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }

  private at(i: number): QueueItem {
    const item = this.heap[i];
    if (item === undefined) throw new Error(`heap index ${i} out of range`);
    return item;
  }

  private swap(a: number, b: number): void {
    const x = this.at(a);
    this.heap[a] = this.at(b);
    this.heap[b] = x;
  }
}
