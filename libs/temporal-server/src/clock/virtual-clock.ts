/**
 * Virtual clock with a lock counter and a timer heap (time-skipping semantics of the Temporal test server).
 *
 * - now() = wall time + offset. Every event time, timer and timeout uses it.
 * - The lock count is explicit locks (TestService Lock/Unlock, starts at 1 for the test-server contract) plus named
 *   "work" locks (outstanding workflow tasks, activity attempts, queries) held through holdWork/releaseWork.
 * - While the count is > 0 (or time skipping is off) time advances with wall time and timers fire on real timeouts.
 * - When it reaches 0 with time skipping on, the clock jumps to the earliest due timer and fires it, under a transient lock.
 * - As in the reference test server, the count is one counter: an Unlock may release a lock some work holds (an
 *   activity calling `env.sleep` releases the lock its own attempt holds), so explicit locks may go below zero while
 *   work holds locks. Unlock fails only when nothing at all holds time still.
 */
import { TimerHeap } from './timer-heap';
import { log } from '../log';

const MAX_SET_TIMEOUT = 2 ** 31 - 1;

export class VirtualClock {
  private offset = 0;
  private explicitLocks: number;
  private transientLocks = 0;
  private readonly work = new Set<string>();
  private readonly heap = new TimerHeap();
  private wake: NodeJS.Timeout | undefined;
  /** Wall-clock time (ms) the pending `wake` fires at; compared in wall time because time skipping moves `offset`. */
  private wakeAtWall = Infinity;
  private immediate: NodeJS.Immediate | undefined;
  private stopped = false;
  private onFire: (key: string) => void = () => undefined;

  constructor(readonly timeSkipping: boolean, initiallyLocked: boolean) {
    this.explicitLocks = timeSkipping && initiallyLocked ? 1 : 0;
  }

  /** Single dispatcher for every timer; timers are just keys so they can be rebuilt from stored state. */
  setFireHandler(fn: (key: string) => void): void {
    this.onFire = fn;
  }

  now(): number {
    return Date.now() + this.offset;
  }

  /** Recovery (persistence): virtual time continues where the stored clock offset left it. */
  restoreOffset(ms: number): void {
    this.offset = ms;
    this.arm();
  }

  get lockCount(): number {
    return this.explicitLocks + this.transientLocks + this.work.size;
  }

  schedule(key: string, due: number): void {
    this.heap.set(key, due);
    this.arm();
  }

  cancel(key: string): void {
    if (this.heap.delete(key)) this.arm();
  }

  dueOf(key: string): number | undefined {
    return this.heap.dueOf(key);
  }

  lock(): void {
    this.explicitLocks++;
  }

  /** Throws when nothing holds a lock (the real test server answers an error too). */
  unlock(): void {
    if (this.lockCount <= 0) throw new Error('Time skipping is already unlocked');
    this.explicitLocks--;
    this.arm();
  }

  holdWork(key: string): void {
    this.work.add(key);
  }

  releaseWork(key: string): void {
    if (this.work.delete(key)) this.arm();
  }

  releaseWorkWithPrefix(prefix: string): void {
    let changed = false;
    for (const k of this.work) {
      if (k.startsWith(prefix)) {
        this.work.delete(k);
        changed = true;
      }
    }
    if (changed) this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.wake) clearTimeout(this.wake);
    if (this.immediate) clearImmediate(this.immediate);
  }

  private skipping(): boolean {
    return this.timeSkipping && this.lockCount <= 0;
  }

  /**
   * Makes sure a tick runs when the earliest timer is due. Called after every schedule, cancel and lock change (many
   * per workflow task), so it leaves a pending wake-up alone when it fires no later than needed: a wake-up for a timer
   * since cancelled or moved later just ticks, finds nothing due and re-arms. Only an earlier timer re-arms at once.
   */
  private arm(): void {
    if (this.stopped) return;
    const next = this.heap.peek();
    if (!next) return;
    const delay = next.due - this.now();
    if (delay <= 0 || this.skipping()) {
      if (!this.immediate) this.immediate = setImmediate(() => this.tick());
      return;
    }
    const wallDelay = Math.min(delay, MAX_SET_TIMEOUT);
    const atWall = Date.now() + wallDelay;
    if (this.wake && this.wakeAtWall <= atWall) return;
    if (this.wake) clearTimeout(this.wake);
    this.wakeAtWall = atWall;
    this.wake = setTimeout(() => {
      this.wake = undefined;
      this.wakeAtWall = Infinity;
      this.tick();
    }, wallDelay);
    this.wake.unref();
  }

  private tick(): void {
    this.immediate = undefined;
    if (this.stopped) return;
    // Fire everything due now; when skipping, jump to the next timer, one at a time, re-checking locks after each.
    for (let guard = 0; guard < 10000; guard++) {
      const next = this.heap.peek();
      if (!next) break;
      const now = this.now();
      if (next.due > now) {
        if (!this.skipping()) break;
        this.offset += next.due - now;
      }
      this.heap.pop();
      this.transientLocks++;
      try {
        this.onFire(next.key);
      } catch (err) {
        log('error', 'timer callback failed', { timer: next.key, error: String(err) });
      } finally {
        this.transientLocks--;
      }
      if (guard % 100 === 99) break; // yield to I/O now and then
    }
    this.arm();
  }
}
