/**
 * Standalone activities: activity executions the client starts without a workflow (StartActivityExecution and its
 * family, `client.activity.*` in the 1.24 client). As in the reference server they are their own executions, keyed by
 * (namespace, activity id) with a run id per execution, and share everything else with workflow activities: the
 * worker's ordinary activity poll receives them (the poll response carries `activityRunId` and no workflow), the usual
 * RespondActivityTask* / RecordActivityTaskHeartbeat RPCs answer them, retries follow the retry policy with backoff,
 * the four timeouts apply, cancellation reaches a running attempt through the heartbeat reply, and each scheduled or
 * running attempt holds a time-skipping lock (released while backing off, like a workflow activity).
 *
 * State is plain data held in memory by the engine (not persisted; see the README).
 */
import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { google } from '@temporalio/proto';
import type { Engine, PollActivityTaskResponse } from './engine';
import { actQueueKey } from './engine';
import type { ActivityTaskRef } from './types';
import { normaliseRetryPolicy, type NormalRetryPolicy } from './activities';
import { encodeToken, type TokenData } from './task-token';
import { dur, durMs, enums, numEnum, temporal, ts, type IFailure, type IHeader, type IPayloads, type ISearchAttributes } from '../proto/types';
import { failedPrecondition, invalidArgument, notFound, RpcError, unimplemented } from '../grpc/errors';
import { compareBy, parseVisibilityQuery, type FieldReader } from './visibility-query';
import { searchAttributeValue } from './visibility';

type StartRequest = temporal.api.workflowservice.v1.IStartActivityExecutionRequest;

import type { StandaloneTimer } from './timer-keys';
const TIMERS: StandaloneTimer[] = ['s2c', 's2s', 'stc', 'hb', 'retry', 'delay'];

const AS = numEnum(enums.ActivityExecutionStatus);
const PS = numEnum(enums.PendingActivityState);
const RS = numEnum(enums.RetryState);
const TT = numEnum(enums.TimeoutType);
const REUSE = numEnum(enums.ActivityIdReusePolicy);
const CONFLICT = numEnum(enums.ActivityIdConflictPolicy);

export interface ActivityOutcome {
  result?: IPayloads | null;
  failure?: IFailure | null;
  retryState: number;
}

export interface StandaloneActivity {
  namespace: string;
  activityId: string;
  runId: string;
  activityType: string;
  taskQueue: string;
  input: IPayloads | null;
  header: IHeader | null;
  searchAttributes: ISearchAttributes | null;
  userMetadata: temporal.api.sdk.v1.IUserMetadata | null;
  priority: temporal.api.common.v1.IPriority | null;
  retryPolicy: NormalRetryPolicy;
  /** 0 = unbounded (only start-to-close was given). */
  scheduleToCloseMs: number;
  /** 0 = unbounded. */
  scheduleToStartMs: number;
  startToCloseMs: number;
  heartbeatMs: number;
  startDelayMs: number;
  scheduleTimeMs: number;
  /** ActivityExecutionStatus (RUNNING until closed). */
  status: number;
  /** Where the current attempt is: waiting for its start delay or retry backoff, queued, running, or closed. */
  phase: 'delayed' | 'scheduled' | 'started' | 'backoff' | 'closed';
  attempt: number;
  attemptScheduledTimeMs: number;
  startedTimeMs: number;
  lastAttemptCompleteTimeMs: number;
  currentRetryIntervalMs: number;
  identity: string;
  heartbeatDetails: IPayloads | null;
  lastHeartbeatMs: number;
  heartbeatCount: number;
  lastFailure: IFailure | null;
  cancel: { requestId: string; reason: string; identity: string } | null;
  terminateRequestId: string;
  outcome: ActivityOutcome | null;
  closeTimeMs: number;
  /** Start request ids that created or were attached to this run (a retried start answers from them). */
  requestIds: string[];
  /** Bumped at every change: the long-poll token of DescribeActivityExecution. */
  version: number;
}

/** Runtime registry of standalone activities and their waiters, one per engine. */
class Registry {
  readonly byRun = new Map<string, StandaloneActivity>();
  /** (namespace, activity id) -> latest run id */
  readonly current = new Map<string, string>();
  readonly changeWaiters = new Map<string, Set<() => void>>();
}

const registries = new WeakMap<Engine, Registry>();

function registry(engine: Engine): Registry {
  let r = registries.get(engine);
  if (!r) {
    r = new Registry();
    registries.set(engine, r);
  }
  return r;
}

function key(namespace: string, activityId: string): string {
  return `${namespace}\u0000${activityId}`;
}

function lockKey(a: StandaloneActivity): string {
  return `sa|${a.runId}`;
}

function setTimer(engine: Engine, a: StandaloneActivity, which: StandaloneTimer, due: number): void {
  engine.setTimer({ kind: 'sa', runId: a.runId, which }, due);
}

function cancelTimer(engine: Engine, a: StandaloneActivity, which: StandaloneTimer): void {
  engine.cancelTimer({ kind: 'sa', runId: a.runId, which });
}

function changed(engine: Engine, a: StandaloneActivity): void {
  a.version++;
  const reg = registry(engine);
  const set = reg.changeWaiters.get(a.runId);
  if (!set) return;
  reg.changeWaiters.delete(a.runId);
  for (const fn of set) fn();
}

/** Calls fn once, at the run's next change. Returns an unsubscribe function. */
export function waitForChange(engine: Engine, runId: string, fn: () => void): () => void {
  const reg = registry(engine);
  let set = reg.changeWaiters.get(runId);
  if (!set) {
    set = new Set();
    reg.changeWaiters.set(runId, set);
  }
  set.add(fn);
  return () => set.delete(fn);
}

export function isRunning(a: StandaloneActivity): boolean {
  return a.status === AS.ACTIVITY_EXECUTION_STATUS_RUNNING;
}

// ---- lookup -------------------------------------------------------------------------------------------------------

/** runId given: that run (of that activity id); otherwise the latest run. NOT_FOUND (naming no ids) if none. */
export function findStandalone(engine: Engine, namespace: string, activityId: string, runId?: string | null): StandaloneActivity {
  const reg = registry(engine);
  const id = runId || reg.current.get(key(namespace, activityId));
  const a = id ? reg.byRun.get(id) : undefined;
  if (!a || a.namespace !== namespace || a.activityId !== activityId) throw notFound('activity execution not found');
  return a;
}

// ---- start --------------------------------------------------------------------------------------------------------

function alreadyStarted(message: string, existing: StandaloneActivity): RpcError {
  const detail = temporal.api.errordetails.v1.ActivityExecutionAlreadyStartedFailure.encode({ startRequestId: existing.requestIds[0] ?? '', runId: existing.runId }).finish();
  const rpcStatus = google.rpc.Status.encode({
    code: status.ALREADY_EXISTS,
    message,
    details: [{ type_url: 'type.googleapis.com/temporal.api.errordetails.v1.ActivityExecutionAlreadyStartedFailure', value: detail }],
  }).finish();
  return new RpcError(status.ALREADY_EXISTS, message, rpcStatus);
}

const FAILED_STATUSES = new Set([AS.ACTIVITY_EXECUTION_STATUS_FAILED, AS.ACTIVITY_EXECUTION_STATUS_CANCELED, AS.ACTIVITY_EXECUTION_STATUS_TERMINATED, AS.ACTIVITY_EXECUTION_STATUS_TIMED_OUT]);

/** Timeouts as the reference server normalises a standalone activity's (no workflow run timeout to clamp to). */
function normaliseTimeouts(r: StartRequest): { s2c: number; s2s: number; stc: number; hb: number } {
  const values = [r.scheduleToCloseTimeout, r.scheduleToStartTimeout, r.startToCloseTimeout, r.heartbeatTimeout, r.startDelay].map(durMs);
  if (values.some((v) => v < 0)) throw invalidArgument('invalid activity timeout: durations must not be negative');
  const s2c = values[0] ?? 0;
  let [, s2s = 0, stc = 0, hb = 0] = values;
  if (s2c > 0) {
    s2s = s2s > 0 ? Math.min(s2s, s2c) : s2c;
    stc = stc > 0 ? Math.min(stc, s2c) : s2c;
  } else if (stc <= 0) {
    throw invalidArgument('a valid StartToCloseTimeout or ScheduleToCloseTimeout must be set on the activity');
  }
  hb = Math.min(hb, stc);
  return { s2c, s2s, stc, hb };
}

function validateRetryPolicy(p: temporal.api.common.v1.IRetryPolicy | null | undefined): void {
  if (!p) return;
  if ((p.maximumAttempts ?? 0) < 0) throw invalidArgument('MaximumAttempts cannot be negative on retry policy.');
  if (p.backoffCoefficient !== undefined && p.backoffCoefficient !== null && p.backoffCoefficient !== 0 && p.backoffCoefficient < 1) {
    throw invalidArgument('BackoffCoefficient cannot be less than 1 on retry policy.');
  }
  if (durMs(p.initialInterval) < 0 || durMs(p.maximumInterval) < 0) throw invalidArgument('Retry intervals cannot be negative on retry policy.');
  const max = durMs(p.maximumInterval);
  if (max > 0 && max < durMs(p.initialInterval)) throw invalidArgument('MaximumInterval cannot be less than InitialInterval on retry policy.');
}

export function startStandalone(engine: Engine, namespace: string, r: StartRequest): { runId: string; started: boolean } {
  const activityId = r.activityId ?? '';
  if (!activityId) throw invalidArgument('activityId is not set');
  if (!r.activityType?.name) throw invalidArgument('activityType is not set');
  if (!r.taskQueue?.name) throw invalidArgument('TaskQueue is not set on request.');
  if ((r.completionCallbacks ?? []).length > 0) throw unimplemented('completion callbacks on standalone activities are not supported by this server');
  const timeouts = normaliseTimeouts(r);
  validateRetryPolicy(r.retryPolicy);
  const reuse = r.idReusePolicy || REUSE.ACTIVITY_ID_REUSE_POLICY_ALLOW_DUPLICATE;
  const conflict = r.idConflictPolicy || CONFLICT.ACTIVITY_ID_CONFLICT_POLICY_FAIL;
  const requestId = r.requestId || randomUUID();
  const reg = registry(engine);
  const existingRunId = reg.current.get(key(namespace, activityId));
  const existing = existingRunId ? reg.byRun.get(existingRunId) : undefined;
  if (existing) {
    // A retried start (same request id) is answered from the run it created.
    if (existing.requestIds.includes(requestId)) return { runId: existing.runId, started: false };
    if (isRunning(existing)) {
      if (conflict === CONFLICT.ACTIVITY_ID_CONFLICT_POLICY_USE_EXISTING) return { runId: existing.runId, started: false };
      throw alreadyStarted('activity execution already started', existing);
    }
    if (reuse === REUSE.ACTIVITY_ID_REUSE_POLICY_REJECT_DUPLICATE) throw alreadyStarted('activity execution already finished and the id reuse policy is REJECT_DUPLICATE', existing);
    if (reuse === REUSE.ACTIVITY_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY && !FAILED_STATUSES.has(existing.status)) {
      throw alreadyStarted('activity execution already completed successfully and the id reuse policy is ALLOW_DUPLICATE_FAILED_ONLY', existing);
    }
  }
  const now = engine.now();
  const a: StandaloneActivity = {
    namespace,
    activityId,
    runId: engine.newRunId(),
    activityType: r.activityType.name,
    taskQueue: r.taskQueue.name,
    input: r.input ?? null,
    header: r.header ?? null,
    searchAttributes: r.searchAttributes ?? null,
    userMetadata: r.userMetadata ?? null,
    priority: r.priority ?? null,
    retryPolicy: normaliseRetryPolicy(r.retryPolicy),
    scheduleToCloseMs: timeouts.s2c,
    scheduleToStartMs: timeouts.s2s,
    startToCloseMs: timeouts.stc,
    heartbeatMs: timeouts.hb,
    startDelayMs: durMs(r.startDelay),
    scheduleTimeMs: now,
    status: AS.ACTIVITY_EXECUTION_STATUS_RUNNING,
    phase: 'delayed',
    attempt: 1,
    attemptScheduledTimeMs: now,
    startedTimeMs: 0,
    lastAttemptCompleteTimeMs: 0,
    currentRetryIntervalMs: 0,
    identity: '',
    heartbeatDetails: null,
    lastHeartbeatMs: 0,
    heartbeatCount: 0,
    lastFailure: null,
    cancel: null,
    terminateRequestId: '',
    outcome: null,
    closeTimeMs: 0,
    requestIds: [requestId],
    version: 0,
  };
  reg.byRun.set(a.runId, a);
  reg.current.set(key(namespace, activityId), a.runId);
  if (a.scheduleToCloseMs > 0) setTimer(engine, a, 's2c', now + a.startDelayMs + a.scheduleToCloseMs);
  if (a.startDelayMs > 0) setTimer(engine, a, 'delay', now + a.startDelayMs);
  else dispatch(engine, a);
  engine.debug('standalone activity started', { activityId, activityType: a.activityType, taskQueue: a.taskQueue });
  return { runId: a.runId, started: true };
}

function dispatch(engine: Engine, a: StandaloneActivity): void {
  const now = engine.now();
  a.phase = 'scheduled';
  a.attemptScheduledTimeMs = now;
  engine.clock.holdWork(lockKey(a));
  if (a.scheduleToStartMs > 0) setTimer(engine, a, 's2s', now + a.scheduleToStartMs);
  const ref: ActivityTaskRef = { runId: a.runId, scheduledEventId: 0, attempt: a.attempt, standalone: true };
  engine.activityQueues.add(actQueueKey(a.namespace, a.taskQueue), ref);
  changed(engine, a);
}

/** Hands a queued attempt to a polling worker (null when it is stale: cancelled, terminated, timed out, retried). */
export function materializeStandaloneTask(engine: Engine, ref: ActivityTaskRef, identity: string): PollActivityTaskResponse | null {
  const a = registry(engine).byRun.get(ref.runId);
  if (!a || !isRunning(a) || a.phase !== 'scheduled' || a.attempt !== ref.attempt) return null;
  const now = engine.now();
  a.phase = 'started';
  a.identity = identity;
  a.startedTimeMs = now;
  cancelTimer(engine, a, 's2s');
  setTimer(engine, a, 'stc', now + a.startToCloseMs);
  if (a.heartbeatMs > 0) setTimer(engine, a, 'hb', now + a.heartbeatMs);
  changed(engine, a);
  engine.debug('standalone activity task started', { activityId: a.activityId, activityType: a.activityType, attempt: a.attempt });
  const token: TokenData = { k: 'sa', r: a.runId, a: a.attempt };
  return {
    taskToken: encodeToken(token),
    workflowNamespace: a.namespace,
    activityType: { name: a.activityType },
    activityId: a.activityId,
    activityRunId: a.runId,
    header: a.header,
    input: a.input,
    heartbeatDetails: a.heartbeatDetails,
    scheduledTime: ts(a.scheduleTimeMs),
    currentAttemptScheduledTime: ts(a.attemptScheduledTimeMs),
    startedTime: ts(now),
    attempt: a.attempt,
    scheduleToCloseTimeout: dur(a.scheduleToCloseMs),
    startToCloseTimeout: dur(a.startToCloseMs),
    heartbeatTimeout: dur(a.heartbeatMs),
    retryPolicy: a.retryPolicy,
    priority: a.priority,
  };
}

// ---- closing ------------------------------------------------------------------------------------------------------

function close(engine: Engine, a: StandaloneActivity, statusCode: number, outcome: ActivityOutcome): void {
  for (const t of TIMERS) cancelTimer(engine, a, t);
  engine.clock.releaseWork(lockKey(a));
  a.status = statusCode;
  a.phase = 'closed';
  a.outcome = outcome;
  a.closeTimeMs = engine.now();
  a.currentRetryIntervalMs = 0;
  changed(engine, a);
  engine.debug('standalone activity closed', { activityId: a.activityId, activityType: a.activityType, attempt: a.attempt });
}

function endAttempt(engine: Engine, a: StandaloneActivity): void {
  cancelTimer(engine, a, 'stc');
  cancelTimer(engine, a, 'hb');
  cancelTimer(engine, a, 's2s');
  a.lastAttemptCompleteTimeMs = engine.now();
}

function isNonRetryable(a: StandaloneActivity, failure: IFailure | null): boolean {
  const info = failure?.applicationFailureInfo;
  if (!info) return false;
  return info.nonRetryable === true || a.retryPolicy.nonRetryableErrorTypes.includes(info.type ?? '');
}

/** The next attempt's delay, or the retry state that ends the activity. */
function retryDecision(engine: Engine, a: StandaloneActivity, failure: IFailure | null, timeout: boolean): { delay: number } | { state: number } {
  if (a.cancel) return { state: RS.RETRY_STATE_CANCEL_REQUESTED };
  if (!timeout && isNonRetryable(a, failure)) return { state: RS.RETRY_STATE_NON_RETRYABLE_FAILURE };
  const max = a.retryPolicy.maximumAttempts;
  if (max > 0 && a.attempt >= max) return { state: RS.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
  let delay = Math.min(durMs(a.retryPolicy.initialInterval) * Math.pow(a.retryPolicy.backoffCoefficient, a.attempt - 1), durMs(a.retryPolicy.maximumInterval));
  const next = durMs(failure?.applicationFailureInfo?.nextRetryDelay);
  if (next > 0) delay = next;
  if (a.scheduleToCloseMs > 0 && engine.now() + delay >= a.scheduleTimeMs + a.startDelayMs + a.scheduleToCloseMs) return { state: RS.RETRY_STATE_TIMEOUT };
  return { delay };
}

function retryLater(engine: Engine, a: StandaloneActivity, failure: IFailure | null, delay: number): void {
  a.lastFailure = failure;
  a.attempt++;
  a.phase = 'backoff';
  a.startedTimeMs = 0;
  a.currentRetryIntervalMs = delay;
  engine.clock.releaseWork(lockKey(a));
  setTimer(engine, a, 'retry', engine.now() + delay);
  changed(engine, a);
}

function timeoutFailure(a: StandaloneActivity, type: number, cause: IFailure | null): IFailure {
  const name = TIMEOUT_NAMES.get(type) ?? 'Unspecified';
  return { message: `activity ${name} timeout`, source: '', cause, timeoutFailureInfo: { timeoutType: type, lastHeartbeatDetails: a.heartbeatDetails } };
}

const TIMEOUT_NAMES = new Map<number, string>([
  [TT.TIMEOUT_TYPE_START_TO_CLOSE, 'StartToClose'],
  [TT.TIMEOUT_TYPE_SCHEDULE_TO_START, 'ScheduleToStart'],
  [TT.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, 'ScheduleToClose'],
  [TT.TIMEOUT_TYPE_HEARTBEAT, 'Heartbeat'],
]);

function timeOut(engine: Engine, a: StandaloneActivity, type: number): void {
  const prior = a.lastFailure;
  if (type === TT.TIMEOUT_TYPE_START_TO_CLOSE || type === TT.TIMEOUT_TYPE_HEARTBEAT) {
    // The attempt timed out: retried like a failure (timeouts are always retryable).
    endAttempt(engine, a);
    const failure = timeoutFailure(a, type, null);
    const d = retryDecision(engine, a, failure, true);
    if ('delay' in d) return retryLater(engine, a, failure, d.delay);
    // No time left for another attempt: the activity timed out schedule-to-close, as the reference server reports it.
    const final = d.state === RS.RETRY_STATE_TIMEOUT ? timeoutFailure(a, TT.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, prior) : timeoutFailure(a, type, prior);
    return close(engine, a, AS.ACTIVITY_EXECUTION_STATUS_TIMED_OUT, { failure: final, retryState: d.state });
  }
  if (a.phase === 'started') endAttempt(engine, a);
  close(engine, a, AS.ACTIVITY_EXECUTION_STATUS_TIMED_OUT, { failure: timeoutFailure(a, type, prior), retryState: RS.RETRY_STATE_TIMEOUT });
}

export function onStandaloneTimer(engine: Engine, runId: string, which: StandaloneTimer): void {
  const a = registry(engine).byRun.get(runId);
  if (!a || !isRunning(a)) return;
  switch (which) {
    case 'delay':
    case 'retry':
      if (a.phase === 'delayed' || a.phase === 'backoff') dispatch(engine, a);
      return;
    case 's2c':
      return timeOut(engine, a, TT.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE);
    case 's2s':
      if (a.phase === 'scheduled') timeOut(engine, a, TT.TIMEOUT_TYPE_SCHEDULE_TO_START);
      return;
    case 'stc':
      if (a.phase === 'started') timeOut(engine, a, TT.TIMEOUT_TYPE_START_TO_CLOSE);
      return;
    case 'hb':
      if (a.phase === 'started') timeOut(engine, a, TT.TIMEOUT_TYPE_HEARTBEAT);
      return;
  }
}

// ---- worker responses ---------------------------------------------------------------------------------------------

/** The running attempt a task token names (NOT_FOUND once that attempt is over). */
export function standaloneByToken(engine: Engine, t: TokenData): StandaloneActivity {
  if (t.k !== 'sa') throw invalidArgument('invalid activity task token');
  const a = registry(engine).byRun.get(t.r);
  if (!a || !isRunning(a) || a.phase !== 'started' || a.attempt !== t.a) throw notFound('activity task not found');
  return a;
}

/** By id (async completion): the running standalone activity (latest run unless a run id is given). */
export function standaloneById(engine: Engine, namespace: string, activityId: string, runId: string | null | undefined): StandaloneActivity {
  const a = findStandalone(engine, namespace, activityId, runId);
  if (!isRunning(a)) throw notFound('activity not found');
  return a;
}

export function completeStandalone(engine: Engine, a: StandaloneActivity, result: IPayloads | null, identity: string): void {
  endAttempt(engine, a);
  if (identity) a.identity = identity;
  close(engine, a, AS.ACTIVITY_EXECUTION_STATUS_COMPLETED, { result: result ?? { payloads: [] }, retryState: RS.RETRY_STATE_UNSPECIFIED });
}

export function failStandalone(engine: Engine, a: StandaloneActivity, failure: IFailure | null, identity: string, lastHeartbeatDetails: IPayloads | null): void {
  endAttempt(engine, a);
  if (identity) a.identity = identity;
  if (lastHeartbeatDetails) a.heartbeatDetails = lastHeartbeatDetails;
  const f = failure ?? { message: 'activity task failed without failure details' };
  const d = retryDecision(engine, a, f, false);
  if ('delay' in d) return retryLater(engine, a, f, d.delay);
  a.lastFailure = f;
  close(engine, a, AS.ACTIVITY_EXECUTION_STATUS_FAILED, { failure: f, retryState: d.state });
}

export function cancelStandaloneFromWorker(engine: Engine, a: StandaloneActivity, details: IPayloads | null, identity: string): void {
  if (!a.cancel) throw failedPrecondition('activity task was not requested to cancel');
  endAttempt(engine, a);
  if (identity) a.identity = identity;
  close(engine, a, AS.ACTIVITY_EXECUTION_STATUS_CANCELED, { failure: canceledFailure(a, details), retryState: RS.RETRY_STATE_CANCEL_REQUESTED });
}

export function heartbeatStandalone(engine: Engine, a: StandaloneActivity, details: IPayloads | null): boolean {
  if (details) a.heartbeatDetails = details;
  a.lastHeartbeatMs = engine.now();
  a.heartbeatCount++;
  if (a.heartbeatMs > 0 && a.phase === 'started') setTimer(engine, a, 'hb', engine.now() + a.heartbeatMs);
  changed(engine, a);
  return a.cancel !== null;
}

function canceledFailure(a: StandaloneActivity, details: IPayloads | null): IFailure {
  return { message: 'Activity canceled', source: '', canceledFailureInfo: { details, identity: a.cancel?.identity ?? '' } };
}

// ---- client operations --------------------------------------------------------------------------------------------

/**
 * Cancellation as the reference server does it: an attempt in progress learns of it through its heartbeat reply and
 * the activity closes when the worker reports it cancelled; with no attempt in progress it closes at once, the
 * reason as details. A retried request (same request id) is a no-op; another request after the first is refused.
 */
export function requestCancelStandalone(engine: Engine, a: StandaloneActivity, req: { requestId: string; reason: string; identity: string }): void {
  if (req.requestId && a.cancel?.requestId === req.requestId) return;
  if (!isRunning(a)) throw failedPrecondition('activity is already closed');
  if (a.cancel) throw failedPrecondition('cancellation already requested');
  a.cancel = req;
  if (a.phase === 'started') {
    changed(engine, a);
    return;
  }
  const details: IPayloads = { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(req.reason)) }] };
  close(engine, a, AS.ACTIVITY_EXECUTION_STATUS_CANCELED, { failure: canceledFailure(a, details), retryState: RS.RETRY_STATE_CANCEL_REQUESTED });
}

/** Closes the activity at once; a running attempt is not told (its later answers find nothing). */
export function terminateStandalone(engine: Engine, a: StandaloneActivity, req: { requestId: string; reason: string; identity: string }): void {
  if (a.status === AS.ACTIVITY_EXECUTION_STATUS_TERMINATED && req.requestId && a.terminateRequestId === req.requestId) return;
  if (!isRunning(a)) throw failedPrecondition('activity is already closed');
  a.terminateRequestId = req.requestId;
  if (a.phase === 'started') endAttempt(engine, a);
  const failure: IFailure = { message: req.reason, source: '', terminatedFailureInfo: { identity: req.identity } };
  close(engine, a, AS.ACTIVITY_EXECUTION_STATUS_TERMINATED, { failure, retryState: RS.RETRY_STATE_UNSPECIFIED });
}

export function outcomeOf(a: StandaloneActivity): Record<string, unknown> | null {
  if (isRunning(a) || !a.outcome) return null;
  return a.outcome.result !== undefined ? { result: a.outcome.result } : { failure: a.outcome.failure ?? null, retryState: a.outcome.retryState };
}

function runState(a: StandaloneActivity): number {
  if (!isRunning(a)) return PS.PENDING_ACTIVITY_STATE_UNSPECIFIED;
  if (a.cancel) return PS.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED;
  return a.phase === 'started' ? PS.PENDING_ACTIVITY_STATE_STARTED : PS.PENDING_ACTIVITY_STATE_SCHEDULED;
}

export function describeStandalone(
  engine: Engine,
  a: StandaloneActivity,
  opts: { includeInput?: boolean | null; includeOutcome?: boolean | null; includeHeartbeatDetails?: boolean | null; includeLastFailure?: boolean | null },
): Record<string, unknown> {
  const closed = !isRunning(a);
  const info = {
    activityId: a.activityId,
    runId: a.runId,
    activityType: { name: a.activityType },
    status: a.status,
    runState: runState(a),
    taskQueue: a.taskQueue,
    scheduleToCloseTimeout: dur(a.scheduleToCloseMs),
    scheduleToStartTimeout: dur(a.scheduleToStartMs),
    startToCloseTimeout: dur(a.startToCloseMs),
    heartbeatTimeout: dur(a.heartbeatMs),
    retryPolicy: a.retryPolicy,
    heartbeatDetails: opts.includeHeartbeatDetails ? a.heartbeatDetails : null,
    lastHeartbeatTime: a.lastHeartbeatMs ? ts(a.lastHeartbeatMs) : null,
    lastStartedTime: a.startedTimeMs ? ts(a.startedTimeMs) : null,
    attempt: a.attempt,
    executionDuration: closed ? dur(a.closeTimeMs - a.scheduleTimeMs) : null,
    scheduleTime: ts(a.scheduleTimeMs),
    expirationTime: a.scheduleToCloseMs > 0 ? ts(a.scheduleTimeMs + a.startDelayMs + a.scheduleToCloseMs) : null,
    closeTime: closed ? ts(a.closeTimeMs) : null,
    lastFailure: opts.includeLastFailure ? (a.outcome?.failure ?? a.lastFailure) : null,
    lastWorkerIdentity: a.identity,
    currentRetryInterval: a.phase === 'backoff' ? dur(a.currentRetryIntervalMs) : null,
    lastAttemptCompleteTime: a.lastAttemptCompleteTimeMs ? ts(a.lastAttemptCompleteTimeMs) : null,
    nextAttemptScheduleTime: a.phase === 'backoff' ? ts(a.lastAttemptCompleteTimeMs + a.currentRetryIntervalMs) : null,
    priority: a.priority,
    stateTransitionCount: a.version,
    searchAttributes: a.searchAttributes ?? { indexedFields: {} },
    header: a.header,
    userMetadata: a.userMetadata,
    canceledReason: a.cancel?.reason ?? '',
    totalHeartbeatCount: a.heartbeatCount,
    startDelay: a.startDelayMs ? dur(a.startDelayMs) : null,
    executionTime: ts(a.scheduleTimeMs + a.startDelayMs),
  };
  return {
    runId: a.runId,
    info,
    input: opts.includeInput ? a.input : null,
    outcome: opts.includeOutcome ? outcomeOf(a) : null,
    longPollToken: closed ? Buffer.alloc(0) : encodeLongPollToken(a),
  };
}

export function encodeLongPollToken(a: StandaloneActivity): Buffer {
  return Buffer.from(JSON.stringify({ r: a.runId, v: a.version }), 'utf8');
}

export function decodeLongPollToken(b: Uint8Array): { r: string; v: number } {
  try {
    const t = JSON.parse(Buffer.from(b).toString('utf8')) as { r?: unknown; v?: unknown };
    if (typeof t.r === 'string' && typeof t.v === 'number') return { r: t.r, v: t.v };
  } catch {
    // fall through
  }
  throw invalidArgument('invalid long poll token');
}

// ---- visibility ---------------------------------------------------------------------------------------------------

const STATUS_NAMES = new Map<number, string>(
  Object.entries(enums.ActivityExecutionStatus)
    .filter(([, v]) => typeof v === 'number' && Number(v) !== 0)
    .map(([k, v]) => [v as number, k.replace('ACTIVITY_EXECUTION_STATUS_', '')]),
);

function fieldReader(a: StandaloneActivity): FieldReader {
  return (field) => {
    switch (field.toLowerCase()) {
      case 'activityid':
        return a.activityId;
      case 'runid':
        return a.runId;
      case 'activitytype':
        return a.activityType;
      case 'executionstatus':
        return STATUS_NAMES.get(a.status) ?? null;
      case 'starttime':
        return a.scheduleTimeMs;
      case 'executiontime':
        return a.scheduleTimeMs + a.startDelayMs;
      case 'closetime':
        return a.closeTimeMs || null;
      case 'executionduration':
        return a.closeTimeMs ? (a.closeTimeMs - a.scheduleTimeMs) * 1e6 : null;
      case 'taskqueue':
        return a.taskQueue;
      default:
        return searchAttributeValue(a.searchAttributes?.indexedFields?.[field] ?? undefined);
    }
  };
}

export function listStandalone(engine: Engine, namespace: string, query: string): StandaloneActivity[] {
  const q = parseVisibilityQuery(query);
  const order = compareBy(q.orderBy.length > 0 ? q.orderBy : [{ field: 'StartTime', descending: true }]);
  return [...registry(engine).byRun.values()]
    .filter((a) => a.namespace === namespace)
    .map((a) => ({ a, read: fieldReader(a) }))
    .filter(({ read }) => q.matches(read))
    .sort((x, y) => order(x.read, y.read))
    .map(({ a }) => a);
}

export function listInfo(a: StandaloneActivity): Record<string, unknown> {
  return {
    activityId: a.activityId,
    runId: a.runId,
    activityType: { name: a.activityType },
    scheduleTime: ts(a.scheduleTimeMs),
    closeTime: a.closeTimeMs ? ts(a.closeTimeMs) : null,
    status: a.status,
    searchAttributes: a.searchAttributes ?? { indexedFields: {} },
    taskQueue: a.taskQueue,
    stateTransitionCount: a.version,
    executionDuration: a.closeTimeMs ? dur(a.closeTimeMs - a.scheduleTimeMs) : null,
    executionTime: ts(a.scheduleTimeMs + a.startDelayMs),
  };
}
