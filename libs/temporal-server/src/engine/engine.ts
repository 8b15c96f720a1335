/**
 * The engine: owns the store, the virtual clock and the task queues, and offers the primitives the feature modules
 * (workflow tasks, commands, activities, children, client operations) build on: append an event, deliver an event
 * that may have to be buffered, schedule a workflow task, close a run. Runtime-only waiters (long polls for close events,
 * query answers, update outcomes) live here too; they are not state and are never persisted.
 */
import { randomUUID } from 'node:crypto';
import { VirtualClock } from '../clock/virtual-clock';
import { TaskQueues } from '../matching/task-queues';
import { Store } from './store';
import type { ActivityTaskRef, BufferedEvent, Execution, WorkflowTaskRef } from './types';
import { attrsKey, eventTypeNumber, ts, type EventTypeName, temporal } from '../proto/types';
import { decodeTimerKey, encodeTimerKey, type TimerKey } from './timer-keys';
import { log } from '../log';
import { onTimer } from './timers';
import { materializeWorkflowTask } from './workflow-tasks';
import { materializeActivityTask } from './activities';
import { materializeStandaloneTask } from './standalone-activities';

/** Poll responses are built as plain objects (int64 as numbers) and encoded by protobufjs as they are. */
export type PollWorkflowTaskResponse = Record<string, unknown>;
export type PollActivityTaskResponse = Record<string, unknown>;

export interface EngineOptions {
  timeSkipping: boolean;
  initiallyLocked: boolean;
}

export interface QueryAnswer {
  result?: temporal.api.common.v1.IPayloads | null;
  error?: string;
}

export class Engine {
  readonly store = new Store();
  readonly clock: VirtualClock;
  readonly workflowQueues: TaskQueues<WorkflowTaskRef, PollWorkflowTaskResponse>;
  readonly activityQueues: TaskQueues<ActivityTaskRef, PollActivityTaskResponse>;
  readonly namespaceIds = new Map<string, string>();
  /**
   * How long closed runs are kept, as DescribeNamespace reports it: set by durable persistence (its sweeper deletes
   * them); in memory nothing is swept and runs last as long as the process, reported as the dev server's one day.
   */
  retentionMs = 86_400_000;

  private readonly closeWaiters = new Map<string, Set<() => void>>();
  private readonly queryWaiters = new Map<string, (a: QueryAnswer) => void>();
  private readonly updateWaiters = new Map<string, Set<() => void>>();
  private readonly callbacks = new Map<number, () => void>();
  private readonly eventWaiters = new Map<string, Set<() => void>>();
  private nextCallback = 1;

  constructor(opts: EngineOptions) {
    this.clock = new VirtualClock(opts.timeSkipping, opts.initiallyLocked);
    this.clock.setFireHandler((key) => this.fire(key));
    this.workflowQueues = new TaskQueues((t, p) => this.tx('wft-dispatch', () => materializeWorkflowTask(this, t, p.identity)));
    this.activityQueues = new TaskQueues((t, p) =>
      this.tx('activity-dispatch', () => (t.standalone ? materializeStandaloneTask(this, t, p.identity) : materializeActivityTask(this, t, p.identity))),
    );
  }

  tx<T>(reason: string, fn: () => T): T {
    return this.store.transaction(reason, fn);
  }

  now(): number {
    return this.clock.now();
  }

  newRunId(): string {
    return randomUUID();
  }

  namespaceId(ns: string): string {
    let id = this.namespaceIds.get(ns);
    if (!id) {
      id = randomUUID();
      this.namespaceIds.set(ns, id);
    }
    return id;
  }

  // ---- history -------------------------------------------------------------------------------------------------

  /** Appends one event (at `atMs`, by default now) and returns its id. */
  append(e: Execution, type: EventTypeName, attrs: Record<string, unknown>, atMs = this.now()): number {
    const eventId = e.history.length + 1;
    const ev: Record<string, unknown> = {
      eventId,
      eventTime: ts(atMs),
      eventType: eventTypeNumber(type),
      taskId: e.nextTaskId++,
      [attrsKey(type)]: attrs,
    };
    e.history.push(ev);
    this.store.touch(e);
    const waiters = this.eventWaiters.get(e.runId);
    if (waiters) {
      this.eventWaiters.delete(e.runId);
      for (const fn of waiters) fn();
    }
    return eventId;
  }

  /**
   * Delivers events produced outside a workflow task (signals, activity results, timer fires, child events, ...).
   * While a workflow task is in flight they are buffered and written after its completion; otherwise they are written
   * now and a workflow task is scheduled.
   */
  deliver(e: Execution, events: BufferedEvent[]): void {
    if (!this.isRunning(e)) return;
    if (e.wft?.status === 'started') {
      e.buffered.push(...events);
      this.store.touch(e);
      return;
    }
    this.writeBuffered(e, events);
    this.scheduleWorkflowTask(e);
  }

  /** Writes buffered events (after a task completes). Returns true when anything was written. */
  flushBuffered(e: Execution): boolean {
    if (e.buffered.length === 0) return false;
    const b = e.buffered;
    e.buffered = [];
    this.writeBuffered(e, b);
    return true;
  }

  private writeBuffered(e: Execution, events: BufferedEvent[]): void {
    let prev = 0;
    for (const be of events) {
      const attrs = { ...be.attrs };
      if (be.fix?.startedEventIdFromPrevious) attrs.startedEventId = prev;
      if (be.fix?.childStartedOf !== undefined) attrs.startedEventId = e.children.get(be.fix.childStartedOf)?.startedEventId ?? 0;
      prev = this.append(e, be.type as EventTypeName, attrs);
      if (be.childStartedFor !== undefined) {
        const c = e.children.get(be.childStartedFor);
        if (c) c.startedEventId = prev;
      }
    }
  }

  isRunning(e: Execution): boolean {
    return e.status === RUNNING;
  }

  // ---- workflow tasks ------------------------------------------------------------------------------------------

  /**
   * Schedules the run's next workflow task and queues it for the workers. `enqueue: false` (eager workflow start)
   * only schedules it: the caller hands it to a worker itself, or calls `dispatchWorkflowTask` if it cannot.
   */
  scheduleWorkflowTask(e: Execution, attempt = 1, opts: { enqueue?: boolean } = {}): void {
    if (!this.isRunning(e) || e.wft) return;
    // A retry or cron run waits for its backoff before its first task (events that arrive meanwhile are written).
    if (e.firstTaskAtMs && this.now() < e.firstTaskAtMs) return;
    const sticky = e.stickyQueue;
    const kinds = temporal.api.enums.v1.TaskQueueKind;
    const scheduledEventId = this.append(e, 'WORKFLOW_TASK_SCHEDULED', {
      taskQueue: sticky ? { name: sticky, kind: kinds.TASK_QUEUE_KIND_STICKY, normalName: e.taskQueue } : { name: e.taskQueue, kind: kinds.TASK_QUEUE_KIND_NORMAL },
      startToCloseTimeout: { seconds: Math.floor(e.taskTimeoutMs / 1000), nanos: 0 },
      attempt,
    });
    e.wft = {
      scheduledEventId,
      startedEventId: 0,
      attempt,
      status: 'scheduled',
      scheduledTimeMs: this.now(),
      startedTimeMs: 0,
      queryIds: [],
      updateIds: [],
    };
    this.clock.holdWork(`wft|${e.runId}`);
    if (opts.enqueue !== false) this.dispatchWorkflowTask(e);
  }

  /** Queues the run's scheduled workflow task (sticky queue first when the run is cached by a worker). */
  dispatchWorkflowTask(e: Execution): void {
    const w = e.wft;
    if (!w || w.status !== 'scheduled') return;
    const { scheduledEventId, attempt } = w;
    const sticky = e.stickyQueue;
    if (sticky) {
      // Sticky: the worker holding the run in its cache gets it; after schedule-to-start it goes to the normal queue.
      this.workflowQueues.add(wfQueueKey(e.namespace, sticky), { kind: 'wft', runId: e.runId, scheduledEventId, attempt, sticky: true });
      this.setTimer({ kind: 'sticky', runId: e.runId, scheduledEventId, attempt }, this.now() + (e.stickyScheduleToStartMs || 10_000));
    } else {
      this.workflowQueues.add(wfQueueKey(e.namespace, e.taskQueue), { kind: 'wft', runId: e.runId, scheduledEventId, attempt });
    }
  }

  /** A worker with this sticky queue shut down: its runs go back to the normal queue. */
  dropStickyQueue(namespace: string, sticky: string): void {
    for (const e of this.store.all()) {
      if (e.namespace !== namespace || e.stickyQueue !== sticky) continue;
      e.stickyQueue = undefined;
      this.store.touch(e);
      const w = e.wft;
      if (w && w.status === 'scheduled' && this.isRunning(e)) {
        this.cancelTimer({ kind: 'sticky', runId: e.runId, scheduledEventId: w.scheduledEventId, attempt: w.attempt });
        this.workflowQueues.add(wfQueueKey(e.namespace, e.taskQueue), { kind: 'wft', runId: e.runId, scheduledEventId: w.scheduledEventId, attempt: w.attempt });
      }
    }
  }

  // ---- timers --------------------------------------------------------------------------------------------------

  setTimer(k: TimerKey, due: number): void {
    this.clock.schedule(encodeTimerKey(k), due);
  }

  cancelTimer(k: TimerKey): void {
    this.clock.cancel(encodeTimerKey(k));
  }

  /** A runtime-only callback at a virtual time (TestService sleeps). */
  callbackAt(due: number, fn: () => void): void {
    const id = this.nextCallback++;
    this.callbacks.set(id, fn);
    this.setTimer({ kind: 'callback', id }, due);
  }

  private fire(key: string): void {
    const k = decodeTimerKey(key);
    if (!k) return;
    if (k.kind === 'callback') {
      const cb = this.callbacks.get(k.id);
      this.callbacks.delete(k.id);
      cb?.();
      return;
    }
    this.tx(`timer:${k.kind}`, () => onTimer(this, k));
  }

  // ---- runtime waiters -----------------------------------------------------------------------------------------

  waitForClose(runId: string, fn: () => void): () => void {
    let set = this.closeWaiters.get(runId);
    if (!set) {
      set = new Set();
      this.closeWaiters.set(runId, set);
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  /** Calls fn once, at the next event appended to the run. */
  waitForEvent(runId: string, fn: () => void): () => void {
    let set = this.eventWaiters.get(runId);
    if (!set) {
      set = new Set();
      this.eventWaiters.set(runId, set);
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  notifyClosed(runId: string): void {
    const set = this.closeWaiters.get(runId);
    this.closeWaiters.delete(runId);
    for (const fn of set ?? []) fn();
  }

  waitForQuery(queryId: string, fn: (a: QueryAnswer) => void): void {
    this.queryWaiters.set(queryId, fn);
  }

  answerQuery(queryId: string, a: QueryAnswer): void {
    const fn = this.queryWaiters.get(queryId);
    this.queryWaiters.delete(queryId);
    this.clock.releaseWork(`q|${queryId}`);
    fn?.(a);
  }

  hasQueryWaiter(queryId: string): boolean {
    return this.queryWaiters.has(queryId);
  }

  waitForUpdate(runId: string, updateId: string, fn: () => void): () => void {
    const k = `${runId}|${updateId}`;
    let set = this.updateWaiters.get(k);
    if (!set) {
      set = new Set();
      this.updateWaiters.set(k, set);
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  notifyUpdate(runId: string, updateId: string): void {
    const set = this.updateWaiters.get(`${runId}|${updateId}`);
    for (const fn of [...(set ?? [])]) fn();
  }

  stop(): void {
    this.clock.stop();
    this.workflowQueues.drain();
    this.activityQueues.drain();
    for (const runId of [...this.closeWaiters.keys()]) this.notifyClosed(runId);
  }

  debug(msg: string, fields: Record<string, string | number | undefined>): void {
    log('debug', msg, fields);
  }
}

const RUNNING: number = temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;

export function wfQueueKey(ns: string, name: string): string {
  return `${ns}|wf|${name}`;
}

export function actQueueKey(ns: string, name: string): string {
  return `${ns}|act|${name}`;
}
