import { type AdmissionLimits } from './overload-config';

/** A request waiting for a slot. */
export interface Waiter {
  /** The client went away while waiting: leave the queue (no slot is taken). */
  cancel(): void;
}

interface QueuedWaiter {
  onAdmit: () => void;
  timer: NodeJS.Timeout;
}

/**
 * Bounded concurrency with a bounded FIFO queue and a queue timeout. At most `maxConcurrent` holders; a released slot
 * goes straight to the oldest waiter (handed over synchronously, so the count never dips and nobody overtakes the
 * queue); at most `maxQueued` waiters, each for at most `queueTimeoutMs`. Single-threaded (the event loop): no locks.
 */
export class AdmissionControl {
  private active = 0;
  private readonly waiting: QueuedWaiter[] = [];

  constructor(readonly limits: AdmissionLimits) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Takes a slot when one is free and nobody waits for one; the caller must then call release() exactly once. */
  tryEnter(): boolean {
    if (this.active < this.limits.maxConcurrent && this.waiting.length === 0) {
      this.active += 1;
      return true;
    }
    return false;
  }

  /**
   * Queues for a slot: null when the queue is full (refuse at once). Otherwise exactly one of `onAdmit` (the slot is
   * the caller's: release() it) or `onTimeout` is called later, unless the waiter is cancelled first.
   */
  wait(onAdmit: () => void, onTimeout: () => void): Waiter | null {
    if (this.waiting.length >= this.limits.maxQueued) return null;
    const waiter: QueuedWaiter = {
      onAdmit,
      timer: setTimeout(() => {
        if (this.remove(waiter)) onTimeout();
      }, this.limits.queueTimeoutMs),
    };
    this.waiting.push(waiter);
    return {
      cancel: () => {
        if (this.remove(waiter)) clearTimeout(waiter.timer);
      },
    };
  }

  /** Frees a slot taken by tryEnter or handed to a waiter: the oldest waiter gets it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) {
      clearTimeout(next.timer);
      next.onAdmit();
      return;
    }
    if (this.active > 0) this.active -= 1;
  }

  private remove(waiter: QueuedWaiter): boolean {
    const index = this.waiting.indexOf(waiter);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    return true;
  }
}
