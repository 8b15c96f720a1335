/**
 * Retention: closed executions are deleted once they have been closed for longer than the retention period (default
 * 30 days), from memory and from the database, as a Temporal namespace's retention would. Runs at start and then
 * periodically.
 */
import type { Engine } from '../engine/engine';
import { log } from '../log';

export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

export function retentionMsOf(days: number | undefined): number {
  const d = days ?? DEFAULT_RETENTION_DAYS;
  if (!Number.isFinite(d) || d <= 0) throw new Error(`invalid retention: ${String(days)} days`);
  return d * DAY_MS;
}

export class RetentionSweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly engine: Engine,
    readonly retentionMs: number,
    private readonly intervalMs = Math.max(1000, Math.min(retentionMs / 10, 3600_000)),
  ) {}

  /** Deletes expired closed executions now; returns how many. */
  sweep(): number {
    const cutoff = this.engine.now() - this.retentionMs;
    const expired = [...this.engine.store.all()].filter((e) => !this.engine.isRunning(e) && e.closeTimeMs > 0 && e.closeTimeMs <= cutoff);
    if (expired.length === 0) return 0;
    // The store tells its remove listeners (the persister deletes the rows).
    for (const e of expired) this.engine.store.remove(e);
    log('info', 'retention: deleted closed executions', { count: expired.length, retentionMs: this.retentionMs });
    return expired.length;
  }

  start(): void {
    this.sweep();
    this.timer = setInterval(() => this.sweep(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
