// The N partners with the largest absolute change of total: a min-heap of at
// most N entries, so memory does not grow with the rows. Ties go to the
// earlier row, so the result does not depend on anything but the data.
import * as q from "../number/rational.js";
import type { Num } from "../number/rational.js";

export interface Ranked {
  /** |delta| of the total. */
  size: Num;
  row: number;
}

/** Negative when a ranks below b (a is evicted first). */
function rank(a: Ranked, b: Ranked): number {
  const bySize = q.compare(a.size, b.size);
  if (bySize !== 0) return bySize;
  return b.row - a.row;
}

export class TopMovers<T extends Ranked> {
  private readonly heap: T[] = [];

  constructor(readonly limit: number) {}

  /** Whether an entry of this size and row would be kept (so callers build entries only then). */
  wouldKeep(size: Num, row: number): boolean {
    if (this.limit <= 0) return false;
    if (this.heap.length < this.limit) return true;
    return rank({ size, row }, this.heap[0]!) > 0;
  }

  offer(entry: T): void {
    if (!this.wouldKeep(entry.size, entry.row)) return;
    if (this.heap.length < this.limit) {
      this.heap.push(entry);
      this.up(this.heap.length - 1);
    } else {
      this.heap[0] = entry;
      this.down(0);
    }
  }

  /** Largest change first. */
  sorted(): T[] {
    return [...this.heap].sort((a, b) => rank(b, a));
  }

  private up(index: number): void {
    const heap = this.heap;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (rank(heap[index]!, heap[parent]!) >= 0) return;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  private down(index: number): void {
    const heap = this.heap;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && rank(heap[left]!, heap[smallest]!) < 0) smallest = left;
      if (right < heap.length && rank(heap[right]!, heap[smallest]!) < 0) smallest = right;
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
      index = smallest;
    }
  }
}
