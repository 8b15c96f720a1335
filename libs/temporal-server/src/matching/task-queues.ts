/**
 * Task queues with long polls. A queue holds task references; `materialize` turns a reference into a poll response at
 * hand-over time (and may answer null for a stale reference, which is then skipped). Workflow and activity queues are
 * keyed separately even when they share a name.
 */
export interface PollContext {
  /** True once the caller has gone (gRPC call cancelled). A task is never handed to a cancelled call. */
  isCancelled(): boolean;
  onCancel(fn: () => void): void;
}

/** Who polls (identity), handed to `materialize` so started events can name the worker. */
export interface PollerInfo {
  identity: string;
}

interface Waiter<R> {
  ctx: PollContext;
  poller: PollerInfo;
  resolve(r: R | null): void;
}

interface Queue<T, R> {
  tasks: T[];
  waiters: Waiter<R>[];
}

export class TaskQueues<T, R> {
  private readonly queues = new Map<string, Queue<T, R>>();

  constructor(private readonly materialize: (task: T, poller: PollerInfo) => R | null) {}

  add(key: string, task: T): void {
    const q = this.queue(key);
    q.tasks.push(task);
    this.dispatch(q);
  }

  backlog(key: string): number {
    return this.queues.get(key)?.tasks.length ?? 0;
  }

  /** A task at once when one is queued (no promise: the transport answers a synchronous result at once), else a long poll. */
  poll(key: string, ctx: PollContext, timeoutMs: number, poller: PollerInfo = { identity: '' }): R | Promise<R | null> {
    const q = this.queue(key);
    const immediate = this.take(q, poller);
    if (immediate) return immediate;
    return new Promise<R | null>((resolve) => {
      let done = false;
      const finish = (r: R | null): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        const i = q.waiters.indexOf(waiter);
        if (i >= 0) q.waiters.splice(i, 1);
        resolve(r);
      };
      const waiter: Waiter<R> = { ctx, poller, resolve: finish };
      const timer = setTimeout(() => finish(null), timeoutMs);
      timer.unref();
      ctx.onCancel(() => finish(null));
      q.waiters.push(waiter);
    });
  }

  /** Answers every waiting poll with an empty response (server shutdown). */
  drain(): void {
    for (const q of this.queues.values()) for (const w of [...q.waiters]) w.resolve(null);
  }

  private queue(key: string): Queue<T, R> {
    let q = this.queues.get(key);
    if (!q) {
      q = { tasks: [], waiters: [] };
      this.queues.set(key, q);
    }
    return q;
  }

  private take(q: Queue<T, R>, poller: PollerInfo): R | null {
    while (q.tasks.length > 0) {
      const t = q.tasks.shift() as T;
      const r = this.materialize(t, poller);
      if (r) return r;
    }
    return null;
  }

  private dispatch(q: Queue<T, R>): void {
    while (q.waiters.length > 0 && q.tasks.length > 0) {
      const w = q.waiters[0]!;
      if (w.ctx.isCancelled()) {
        w.resolve(null);
        continue;
      }
      const r = this.take(q, w.poller);
      if (!r) return;
      w.resolve(r);
    }
  }
}
