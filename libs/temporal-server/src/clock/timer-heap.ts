/** Min-heap of timers by due time (ties broken by insertion order), with lazy deletion by key. */
export interface HeapTimer {
  key: string;
  due: number;
  seq: number;
}

export class TimerHeap {
  private heap: HeapTimer[] = [];
  private live = new Map<string, HeapTimer>();
  private seq = 0;

  get size(): number {
    return this.live.size;
  }

  has(key: string): boolean {
    return this.live.has(key);
  }

  dueOf(key: string): number | undefined {
    return this.live.get(key)?.due;
  }

  set(key: string, due: number): void {
    this.live.delete(key);
    const t = { key, due, seq: this.seq++ };
    this.live.set(key, t);
    this.heap.push(t);
    this.up(this.heap.length - 1);
  }

  delete(key: string): boolean {
    return this.live.delete(key);
  }

  peek(): HeapTimer | undefined {
    this.prune();
    return this.heap[0];
  }

  pop(): HeapTimer | undefined {
    this.prune();
    const top = this.heap[0];
    if (!top) return undefined;
    this.removeTop();
    this.live.delete(top.key);
    return top;
  }

  private prune(): void {
    for (let top = this.heap[0]; top && this.live.get(top.key) !== top; top = this.heap[0]) this.removeTop();
  }

  private removeTop(): void {
    const last = this.heap.pop();
    if (last && this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
  }

  private less(a: HeapTimer, b: HeapTimer): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const hi = h[i]!;
      const hp = h[p]!;
      if (!this.less(hi, hp)) break;
      h[i] = hp;
      h[p] = hi;
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      const tmp = h[i]!;
      h[i] = h[m]!;
      h[m] = tmp;
      i = m;
    }
  }
}
