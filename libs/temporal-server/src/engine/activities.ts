/**
 * Activities: timeout normalisation (as the real server), dispatch, retries with backoff (maximum attempts,
 * non-retryable errors, next-retry-delay), the four timeouts, heartbeats and cancellation.
 */
import type { Engine, PollActivityTaskResponse } from './engine';
import { actQueueKey } from './engine';
import type { ActivityState, ActivityTaskRef, BufferedEvent, Execution } from './types';
import type { ActivityTimer } from './timer-keys';
import { decodeToken, encodeToken } from './task-token';
import { dur, durMs, enums, num, temporal, ts, type IFailure, type IPayloads, type IRetryPolicy } from '../proto/types';
import { invalidArgument, notFound } from '../grpc/errors';

type ScheduleAttrs = temporal.api.command.v1.IScheduleActivityTaskCommandAttributes;
export interface NormalRetryPolicy {
  initialInterval: { seconds: number; nanos: number };
  backoffCoefficient: number;
  maximumInterval: { seconds: number; nanos: number };
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}

const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;
const TIMERS: ActivityTimer[] = ['s2c', 's2s', 'stc', 'hb', 'retry'];
const RS = enums.RetryState;
const TT = enums.TimeoutType;

function lockKey(e: Execution, a: ActivityState): string {
  return `act|${e.runId}|${a.scheduledEventId}`;
}

export function normaliseRetryPolicy(p: IRetryPolicy | null | undefined): NormalRetryPolicy {
  const initial = durMs(p?.initialInterval) || 1000;
  const maxInterval = durMs(p?.maximumInterval) || 100 * initial;
  return {
    initialInterval: dur(initial),
    backoffCoefficient: p?.backoffCoefficient && p.backoffCoefficient >= 1 ? p.backoffCoefficient : 2,
    maximumInterval: dur(maxInterval),
    maximumAttempts: p?.maximumAttempts ?? 0,
    nonRetryableErrorTypes: p?.nonRetryableErrorTypes ?? [],
  };
}

/**
 * Schedules an activity. With `eager` (the worker asked for eager execution and has a slot reserved) the first attempt
 * is not queued: the caller hands it back inline in the workflow-task completion response.
 */
export function scheduleActivity(engine: Engine, e: Execution, a: ScheduleAttrs, completedEventId: number, eager?: ActivityTaskRef[]): void {
  // Normalise timeouts exactly like the real server (validateScheduleActivityTask).
  const runTimeout = e.runTimeoutMs || TEN_YEARS_MS;
  let s2c = durMs(a.scheduleToCloseTimeout);
  let s2s = durMs(a.scheduleToStartTimeout);
  let stc = durMs(a.startToCloseTimeout);
  let hb = durMs(a.heartbeatTimeout);
  if (s2c <= 0) s2c = runTimeout;
  s2c = Math.min(s2c, runTimeout);
  if (s2s <= 0) s2s = s2c;
  s2s = Math.min(s2s, s2c);
  if (stc <= 0) stc = s2c;
  stc = Math.min(stc, s2c);
  hb = Math.min(Math.max(hb, 0), s2c);
  const retryPolicy = normaliseRetryPolicy(a.retryPolicy);
  const taskQueue = a.taskQueue?.name || e.taskQueue;
  const scheduledEventId = engine.append(e, 'ACTIVITY_TASK_SCHEDULED', {
    activityId: a.activityId ?? '',
    activityType: a.activityType ?? null,
    taskQueue: { name: taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    header: a.header ?? null,
    input: a.input ?? null,
    scheduleToCloseTimeout: dur(s2c),
    scheduleToStartTimeout: dur(s2s),
    startToCloseTimeout: dur(stc),
    heartbeatTimeout: dur(hb),
    workflowTaskCompletedEventId: completedEventId,
    retryPolicy,
    useWorkflowBuildId: a.useWorkflowBuildId ?? false,
    priority: a.priority ?? null,
  });
  const now = engine.now();
  const act: ActivityState = {
    scheduledEventId,
    activityId: a.activityId ?? '',
    activityType: a.activityType?.name ?? '',
    taskQueue,
    input: a.input ?? null,
    header: a.header ?? null,
    retryPolicy,
    scheduleToCloseMs: s2c,
    scheduleToStartMs: s2s,
    startToCloseMs: stc,
    heartbeatMs: hb,
    scheduledTimeMs: now,
    attempt: 1,
    attemptScheduledTimeMs: now,
    status: 'scheduled',
    startedTimeMs: 0,
    identity: '',
    heartbeatDetails: null,
    lastHeartbeatMs: 0,
    lastFailure: null,
    cancelRequested: false,
    cancelRequestedEventId: 0,
  };
  e.activities.set(scheduledEventId, act);
  setActTimer(engine, e, act, 's2c', now + s2c);
  const inline = eager !== undefined && a.requestEagerExecution === true && taskQueue === e.taskQueue && eager.length < MAX_EAGER;
  dispatchAttempt(engine, e, act, !inline);
  if (inline) eager.push({ runId: e.runId, scheduledEventId, attempt: 1 });
}

const MAX_EAGER = 10;

export function setActTimer(engine: Engine, e: Execution, a: ActivityState, which: ActivityTimer, due: number): void {
  engine.setTimer({ kind: 'act', runId: e.runId, scheduledEventId: a.scheduledEventId, which }, due);
}

function cancelActTimer(engine: Engine, e: Execution, a: ActivityState, which: ActivityTimer): void {
  engine.cancelTimer({ kind: 'act', runId: e.runId, scheduledEventId: a.scheduledEventId, which });
}

export function dispatchAttempt(engine: Engine, e: Execution, a: ActivityState, enqueue = true): void {
  a.status = 'scheduled';
  a.attemptScheduledTimeMs = engine.now();
  engine.clock.holdWork(lockKey(e, a));
  setActTimer(engine, e, a, 's2s', engine.now() + a.scheduleToStartMs);
  if (enqueue) engine.activityQueues.add(actQueueKey(e.namespace, a.taskQueue), { runId: e.runId, scheduledEventId: a.scheduledEventId, attempt: a.attempt });
}

/** Removes an activity for good: timers, lock and state. */
function finish(engine: Engine, e: Execution, a: ActivityState): void {
  for (const t of TIMERS) cancelActTimer(engine, e, a, t);
  engine.clock.releaseWork(lockKey(e, a));
  e.activities.delete(a.scheduledEventId);
}

export function dropAllActivities(engine: Engine, e: Execution): void {
  for (const a of [...e.activities.values()]) finish(engine, e, a);
}

export function materializeActivityTask(engine: Engine, ref: ActivityTaskRef, identity = ''): PollActivityTaskResponse | null {
  const e = engine.store.byRunId(ref.runId);
  const a = e?.activities.get(ref.scheduledEventId);
  if (!e || !a || !engine.isRunning(e) || a.status !== 'scheduled' || a.attempt !== ref.attempt) return null;
  const now = engine.now();
  a.status = 'started';
  a.identity = identity;
  a.startedTimeMs = now;
  a.lastHeartbeatMs = now;
  cancelActTimer(engine, e, a, 's2s');
  setActTimer(engine, e, a, 'stc', now + a.startToCloseMs);
  if (a.heartbeatMs > 0) setActTimer(engine, e, a, 'hb', now + a.heartbeatMs);
  engine.store.touch(e);
  engine.debug('activity task started', { workflowId: e.workflowId, activityId: a.activityId, activityType: a.activityType, attempt: a.attempt });
  return {
    taskToken: encodeToken({ k: 'act', r: e.runId, s: a.scheduledEventId, a: a.attempt }),
    workflowNamespace: e.namespace,
    workflowType: { name: e.workflowType },
    workflowExecution: { workflowId: e.workflowId, runId: e.runId },
    activityType: { name: a.activityType },
    activityId: a.activityId,
    header: a.header,
    input: a.input,
    heartbeatDetails: a.heartbeatDetails,
    scheduledTime: ts(a.scheduledTimeMs),
    currentAttemptScheduledTime: ts(a.attemptScheduledTimeMs),
    startedTime: ts(now),
    attempt: a.attempt,
    scheduleToCloseTimeout: dur(a.scheduleToCloseMs),
    startToCloseTimeout: dur(a.startToCloseMs),
    heartbeatTimeout: dur(a.heartbeatMs),
    retryPolicy: a.retryPolicy,
  };
}

// ---- worker responses ---------------------------------------------------------------------------------------------

export interface ActivityTarget {
  e: Execution;
  a: ActivityState;
}

export function activityByToken(engine: Engine, token: Uint8Array | null | undefined): ActivityTarget {
  const t = decodeToken(token);
  if (!t || t.k !== 'act') throw invalidArgument('invalid activity task token');
  const e = engine.store.byRunId(t.r);
  const a = e?.activities.get(t.s);
  if (!e || !a || !engine.isRunning(e) || a.attempt !== t.a || a.status !== 'started') throw notFound('activity task not found');
  return { e, a };
}

export function activityById(engine: Engine, namespace: string, workflowId: string, runId: string | null | undefined, activityId: string): ActivityTarget {
  const e = engine.store.find(namespace, workflowId, runId || undefined);
  const a = [...e.activities.values()].find((x) => x.activityId === activityId);
  if (!a || !engine.isRunning(e)) throw notFound('activity not found');
  return { e, a };
}

function startedEvent(a: ActivityState, identity: string): BufferedEvent {
  return {
    type: 'ACTIVITY_TASK_STARTED',
    attrs: { scheduledEventId: a.scheduledEventId, identity, requestId: '', attempt: a.attempt, lastFailure: a.lastFailure },
  };
}

export function completeActivity(engine: Engine, { e, a }: ActivityTarget, result: IPayloads | null, identity: string): void {
  finish(engine, e, a);
  engine.deliver(e, [
    startedEvent(a, a.identity || identity),
    { type: 'ACTIVITY_TASK_COMPLETED', attrs: { result, scheduledEventId: a.scheduledEventId, identity }, fix: { startedEventIdFromPrevious: true } },
  ]);
}

export function cancelActivityFromWorker(engine: Engine, { e, a }: ActivityTarget, details: IPayloads | null, identity: string): void {
  finish(engine, e, a);
  engine.deliver(e, [
    startedEvent(a, a.identity || identity),
    {
      type: 'ACTIVITY_TASK_CANCELED',
      attrs: { details, latestCancelRequestedEventId: a.cancelRequestedEventId, scheduledEventId: a.scheduledEventId, identity },
      fix: { startedEventIdFromPrevious: true },
    },
  ]);
}

function isNonRetryable(a: ActivityState, failure: IFailure | null): boolean {
  const info = failure?.applicationFailureInfo;
  if (!info) return false;
  if (info.nonRetryable) return true;
  return (a.retryPolicy.nonRetryableErrorTypes ?? []).includes(info.type ?? '');
}

/** Next retry delay in ms, or a retry state explaining why there is none. */
function retryDecision(engine: Engine, a: ActivityState, failure: IFailure | null, timeout: boolean): { delay: number } | { state: number } {
  if (!timeout && isNonRetryable(a, failure)) return { state: RS.RETRY_STATE_NON_RETRYABLE_FAILURE };
  const max = a.retryPolicy.maximumAttempts ?? 0;
  if (max > 0 && a.attempt >= max) return { state: RS.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
  const initial = durMs(a.retryPolicy.initialInterval);
  const maxInterval = durMs(a.retryPolicy.maximumInterval);
  const coefficient = a.retryPolicy.backoffCoefficient ?? 2;
  let delay = Math.min(initial * Math.pow(coefficient, a.attempt - 1), maxInterval);
  const next = durMs(failure?.applicationFailureInfo?.nextRetryDelay);
  if (next > 0) delay = next;
  if (engine.now() + delay >= a.scheduledTimeMs + a.scheduleToCloseMs) return { state: RS.RETRY_STATE_TIMEOUT };
  return { delay };
}

function retryLater(engine: Engine, e: Execution, a: ActivityState, failure: IFailure | null, delay: number): void {
  cancelActTimer(engine, e, a, 'stc');
  cancelActTimer(engine, e, a, 'hb');
  cancelActTimer(engine, e, a, 's2s');
  a.lastFailure = failure;
  a.attempt++;
  a.status = 'backoff';
  a.startedTimeMs = 0;
  engine.clock.releaseWork(lockKey(e, a));
  setActTimer(engine, e, a, 'retry', engine.now() + delay);
  engine.store.touch(e);
}

export function failActivity(
  engine: Engine,
  { e, a }: ActivityTarget,
  failure: IFailure | null,
  identity: string,
  lastHeartbeatDetails: IPayloads | null,
): void {
  if (lastHeartbeatDetails) a.heartbeatDetails = lastHeartbeatDetails;
  const d = retryDecision(engine, a, failure, false);
  if ('delay' in d) {
    retryLater(engine, e, a, failure, d.delay);
    return;
  }
  finish(engine, e, a);
  engine.deliver(e, [
    startedEvent(a, a.identity || identity),
    {
      type: 'ACTIVITY_TASK_FAILED',
      attrs: { failure, scheduledEventId: a.scheduledEventId, identity, retryState: d.state },
      fix: { startedEventIdFromPrevious: true },
    },
  ]);
}

export function heartbeat(engine: Engine, { e, a }: ActivityTarget, details: IPayloads | null): boolean {
  if (details) a.heartbeatDetails = details;
  a.lastHeartbeatMs = engine.now();
  if (a.heartbeatMs > 0 && a.status === 'started') setActTimer(engine, e, a, 'hb', engine.now() + a.heartbeatMs);
  engine.store.touch(e);
  return a.cancelRequested;
}

function timeoutFailure(a: ActivityState, type: number): IFailure {
  const name = { [TT.TIMEOUT_TYPE_START_TO_CLOSE]: 'StartToClose', [TT.TIMEOUT_TYPE_SCHEDULE_TO_START]: 'ScheduleToStart', [TT.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE]: 'ScheduleToClose', [TT.TIMEOUT_TYPE_HEARTBEAT]: 'Heartbeat' }[type] ?? 'unknown';
  return {
    message: `activity ${name} timeout`,
    source: '',
    timeoutFailureInfo: { timeoutType: type, lastHeartbeatDetails: a.heartbeatDetails },
  };
}

export function onActivityTimer(engine: Engine, e: Execution, scheduledEventId: number, which: ActivityTimer): void {
  const a = e.activities.get(scheduledEventId);
  if (!a || !engine.isRunning(e)) return;
  switch (which) {
    case 'retry':
      if (a.status === 'backoff') dispatchAttempt(engine, e, a);
      return;
    case 's2c':
      return timeOut(engine, e, a, TT.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, false);
    case 's2s':
      if (a.status === 'scheduled') timeOut(engine, e, a, TT.TIMEOUT_TYPE_SCHEDULE_TO_START, false);
      return;
    case 'stc':
      if (a.status === 'started') timeOut(engine, e, a, TT.TIMEOUT_TYPE_START_TO_CLOSE, true);
      return;
    case 'hb':
      if (a.status === 'started') timeOut(engine, e, a, TT.TIMEOUT_TYPE_HEARTBEAT, true);
      return;
  }
}

function timeOut(engine: Engine, e: Execution, a: ActivityState, type: number, retryable: boolean): void {
  const failure = timeoutFailure(a, type);
  const wasStarted = a.status === 'started';
  let state: number = RS.RETRY_STATE_TIMEOUT;
  if (retryable) {
    const d = retryDecision(engine, a, failure, true);
    if ('delay' in d) {
      retryLater(engine, e, a, failure, d.delay);
      return;
    }
    state = d.state;
  }
  finish(engine, e, a);
  // The last failure is carried on the started event (like the real server): wrap the timeout as the cause.
  const events: BufferedEvent[] = wasStarted ? [startedEvent(a, a.identity)] : [];
  events.push({
    type: 'ACTIVITY_TASK_TIMED_OUT',
    attrs: { failure, scheduledEventId: a.scheduledEventId, retryState: state, startedEventId: 0 },
    fix: wasStarted ? { startedEventIdFromPrevious: true } : undefined,
  });
  engine.deliver(e, events);
}

export function requestCancelActivity(engine: Engine, e: Execution, scheduledEventId: number, completedEventId: number): void {
  const cancelEventId = engine.append(e, 'ACTIVITY_TASK_CANCEL_REQUESTED', { scheduledEventId, workflowTaskCompletedEventId: completedEventId });
  const a = e.activities.get(scheduledEventId);
  if (!a) return;
  a.cancelRequested = true;
  a.cancelRequestedEventId = cancelEventId;
  if (a.status !== 'started') {
    // Not running: cancelled at once (the event reaches the workflow in a new task).
    finish(engine, e, a);
    engine.deliver(e, [
      {
        type: 'ACTIVITY_TASK_CANCELED',
        attrs: { details: null, latestCancelRequestedEventId: cancelEventId, scheduledEventId, startedEventId: 0, identity: '' },
      },
    ]);
  }
}

export function pendingActivityInfo(a: ActivityState): Record<string, unknown> {
  const PS = enums.PendingActivityState;
  return {
    activityId: a.activityId,
    activityType: { name: a.activityType },
    state: a.cancelRequested ? PS.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED : a.status === 'started' ? PS.PENDING_ACTIVITY_STATE_STARTED : PS.PENDING_ACTIVITY_STATE_SCHEDULED,
    heartbeatDetails: a.heartbeatDetails,
    lastHeartbeatTime: a.lastHeartbeatMs ? ts(a.lastHeartbeatMs) : null,
    lastStartedTime: a.startedTimeMs ? ts(a.startedTimeMs) : null,
    attempt: a.attempt,
    maximumAttempts: a.retryPolicy.maximumAttempts ?? 0,
    scheduledTime: ts(a.attemptScheduledTimeMs),
    expirationTime: ts(a.scheduledTimeMs + a.scheduleToCloseMs),
    lastFailure: a.lastFailure,
    lastWorkerIdentity: a.identity,
  };
}

export { num };
