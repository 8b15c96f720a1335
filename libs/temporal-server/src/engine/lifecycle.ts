/**
 * Run lifecycle: start (with workflow-id reuse / conflict policies), signal, cancel request, terminate, run timeouts,
 * continue-as-new and closing a run (which releases its work, applies parent-close policies and notifies the parent).
 */
import type { Engine } from './engine';
import type { Execution, ParentInfo, UpdateRequest } from './types';
import { registerUpdate } from './updates';
import { dur, durMs, enums, numEnum, temporal, ts, type EventTypeName, type IHeader, type IMemo, type IPayloads, type ISearchAttributes, type IFailure, type IRetryPolicy } from '../proto/types';
import { alreadyExists, invalidArgument, notFound } from '../grpc/errors';
import { dropAllActivities, normaliseRetryPolicy, type NormalRetryPolicy } from './activities';
import { cronBackoffMs, parseCron, type CronSchedule } from './cron';
import { applyParentClosePolicies, notifyParent } from './children';
import { wfQueueKey } from './engine';

const S = numEnum(enums.WorkflowExecutionStatus);
const CONFLICT = numEnum(enums.WorkflowIdConflictPolicy);
const REUSE = numEnum(enums.WorkflowIdReusePolicy);
const DEFAULT_TASK_TIMEOUT_MS = 10_000;
const MAX_TASK_TIMEOUT_MS = 120_000;

export interface StartParams {
  namespace: string;
  workflowId: string;
  workflowType: string;
  taskQueue: string;
  input: IPayloads | null;
  header: IHeader | null;
  memo: IMemo | null;
  searchAttributes: ISearchAttributes | null;
  runTimeoutMs: number;
  executionTimeoutMs: number;
  taskTimeoutMs: number;
  identity: string;
  requestId: string;
  parent?: ParentInfo | null;
  reusePolicy?: number;
  conflictPolicy?: number;
  runId?: string;
  /** continue-as-new */
  continuedFrom?: Execution;
  initiator?: number;
  lastCompletionResult?: IPayloads | null;
  continuedFailure?: IFailure | null;
  /** signal-with-start: written after STARTED, before the first task */
  signal?: { signalName: string; input: IPayloads | null; header: IHeader | null; identity: string };
  /** Eager start: the first workflow task is handed to the caller's worker in the response, not queued. */
  eager?: boolean;
  /** update-with-start: admitted before the first task is handed out, so that task carries it */
  update?: UpdateRequest;
  /** Workflow retry policy as requested (validated and normalised at start) or as carried by the chain. */
  retryPolicy?: IRetryPolicy | NormalRetryPolicy | null;
  cronSchedule?: string;
  /** Retry attempt of the new run (default 1). */
  attempt?: number;
  /** Delay before the first workflow task (retry backoff); a cron chain's first run waits for its first scheduled time. */
  backoffMs?: number;
}

export interface StartResult {
  execution: Execution;
  started: boolean;
}

export function startExecution(engine: Engine, p: StartParams): StartResult {
  if (!p.continuedFrom) {
    const existing = engine.store.currentRun(p.namespace, p.workflowId);
    if (existing && engine.isRunning(existing)) {
      if (p.requestId && existing.requestId === p.requestId) return { execution: existing, started: true };
      const conflict = p.conflictPolicy ?? 0;
      if (conflict === CONFLICT.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING) return { execution: existing, started: false };
      if (conflict === CONFLICT.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING) {
        terminate(engine, existing, 'terminated by start with TERMINATE_EXISTING', null, p.identity);
      } else {
        throw alreadyExists(`Workflow execution is already running. WorkflowId: ${p.workflowId}, RunId: ${existing.runId}.`);
      }
    } else if (existing) {
      const reuse = p.reusePolicy ?? 0;
      if (reuse === REUSE.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE) {
        throw alreadyExists(`Workflow execution already finished and reuse policy is REJECT_DUPLICATE. WorkflowId: ${p.workflowId}.`);
      }
      if (
        reuse === REUSE.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY &&
        (existing.status === S.WORKFLOW_EXECUTION_STATUS_COMPLETED || existing.status === S.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW)
      ) {
        throw alreadyExists(`Workflow execution already completed successfully. WorkflowId: ${p.workflowId}.`);
      }
    }
  }
  const retryPolicy = p.retryPolicy ? validRetryPolicy(p.retryPolicy) : null;
  const cronSchedule = p.cronSchedule ?? '';
  // One reading of the clock: the started event's time, the cron backoff and the first task's time all derive from it,
  // so the first task is never scheduled earlier than the start time plus its backoff.
  const now = engine.now();
  let backoffMs = p.backoffMs ?? 0;
  if (cronSchedule && p.backoffMs === undefined) {
    let schedule: CronSchedule;
    try {
      schedule = parseCron(cronSchedule);
    } catch {
      throw invalidArgument('Invalid CronSchedule.');
    }
    backoffMs = cronBackoffMs(schedule, now);
  }
  const runId = p.runId ?? engine.newRunId();
  const firstRunId = p.continuedFrom?.firstRunId ?? runId;
  let taskTimeoutMs = p.taskTimeoutMs > 0 ? p.taskTimeoutMs : DEFAULT_TASK_TIMEOUT_MS;
  taskTimeoutMs = Math.min(taskTimeoutMs, MAX_TASK_TIMEOUT_MS);
  const e: Execution = {
    namespace: p.namespace,
    workflowId: p.workflowId,
    runId,
    firstRunId,
    workflowType: p.workflowType,
    taskQueue: p.taskQueue,
    status: S.WORKFLOW_EXECUTION_STATUS_RUNNING,
    history: [],
    startTimeMs: now,
    closeTimeMs: 0,
    requestId: p.requestId,
    input: p.input,
    header: p.header,
    memo: p.memo,
    searchAttributes: p.searchAttributes,
    runTimeoutMs: p.runTimeoutMs,
    executionTimeoutMs: p.executionTimeoutMs,
    taskTimeoutMs,
    runDeadlineMs: 0,
    parent: p.parent ?? null,
    wft: null,
    previousStartedEventId: 0,
    buffered: [],
    activities: new Map(),
    timers: new Map(),
    children: new Map(),
    updates: new Map(),
    queries: new Map(),
    cancelRequested: false,
    newExecutionRunId: '',
    nextTaskId: 1,
    workflowIdReusePolicy: p.reusePolicy ?? 0,
    retryPolicy,
    attempt: p.attempt ?? 1,
    cronSchedule,
    firstTaskAtMs: backoffMs > 0 ? now + backoffMs : 0,
    lastCompletionResult: p.lastCompletionResult ?? null,
  };
  const firstStartMs = p.continuedFrom ? executionStartOf(engine, p.continuedFrom) : now;
  const expiration = p.continuedFrom?.expirationMs ?? (p.executionTimeoutMs > 0 ? firstStartMs + p.executionTimeoutMs : 0);
  e.expirationMs = expiration;
  // The run timeout starts when the run may first execute (after its backoff).
  const runDeadline = p.runTimeoutMs > 0 ? now + backoffMs + p.runTimeoutMs : 0;
  e.runDeadlineMs = expiration && runDeadline ? Math.min(expiration, runDeadline) : expiration || runDeadline;
  engine.store.insert(e);
  // Stamped with the start time the backoff, run deadline and expiration count from: a second clock read could be a
  // millisecond later and put the first task (start + backoff) before event time + firstWorkflowTaskBackoff.
  engine.append(e, 'WORKFLOW_EXECUTION_STARTED', {
    workflowType: { name: p.workflowType },
    taskQueue: { name: p.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    input: p.input,
    workflowExecutionTimeout: p.executionTimeoutMs > 0 ? dur(p.executionTimeoutMs) : null,
    workflowRunTimeout: p.runTimeoutMs > 0 ? dur(p.runTimeoutMs) : null,
    workflowTaskTimeout: dur(taskTimeoutMs),
    identity: p.identity,
    originalExecutionRunId: runId,
    firstExecutionRunId: firstRunId,
    continuedExecutionRunId: p.continuedFrom?.runId ?? '',
    initiator: p.initiator ?? 0,
    lastCompletionResult: p.lastCompletionResult ?? null,
    continuedFailure: p.continuedFailure ?? null,
    attempt: e.attempt,
    retryPolicy: retryPolicy ? { ...retryPolicy } : null,
    cronSchedule,
    firstWorkflowTaskBackoff: backoffMs > 0 ? dur(backoffMs) : null,
    header: p.header,
    memo: p.memo,
    searchAttributes: p.searchAttributes,
    workflowId: p.workflowId,
    parentWorkflowNamespace: p.parent?.namespace ?? '',
    parentWorkflowNamespaceId: p.parent ? engine.namespaceId(p.parent.namespace) : '',
    parentWorkflowExecution: p.parent ? { workflowId: p.parent.workflowId, runId: p.parent.runId } : null,
    parentInitiatedEventId: p.parent?.initiatedEventId ?? 0,
    workflowExecutionExpirationTime: expiration ? ts(expiration) : null,
  }, now);
  if (p.signal) {
    engine.append(e, 'WORKFLOW_EXECUTION_SIGNALED', {
      signalName: p.signal.signalName,
      input: p.signal.input,
      header: p.signal.header,
      identity: p.signal.identity,
    });
  }
  if (p.update) registerUpdate(e, p.update);
  if (e.runDeadlineMs) engine.setTimer({ kind: 'run', runId }, e.runDeadlineMs);
  if (e.firstTaskAtMs) engine.setTimer({ kind: 'backoff', runId }, e.firstTaskAtMs);
  engine.scheduleWorkflowTask(e, 1, { enqueue: p.eager !== true });
  engine.debug('workflow started', { workflowId: e.workflowId, runId, workflowType: e.workflowType, taskQueue: e.taskQueue });
  return { execution: e, started: true };
}

function executionStartOf(engine: Engine, e: Execution): number {
  const first = engine.store.byRunId(e.firstRunId);
  return first ? first.startTimeMs : e.startTimeMs;
}

/** Writes the close event and tears the run down. */
export function closeRun(engine: Engine, e: Execution, status: number, type: EventTypeName, attrs: Record<string, unknown>): void {
  if (!engine.isRunning(e)) return;
  engine.append(e, type, attrs);
  e.status = status;
  e.closeTimeMs = engine.now();
  e.buffered = [];
  if (e.wft) {
    engine.cancelTimer({ kind: 'wft', runId: e.runId, scheduledEventId: e.wft.scheduledEventId, attempt: e.wft.attempt });
    e.wft = null;
  }
  engine.clock.releaseWork(`wft|${e.runId}`);
  dropAllActivities(engine, e);
  for (const timerId of e.timers.keys()) engine.cancelTimer({ kind: 'user', runId: e.runId, timerId });
  e.timers.clear();
  engine.cancelTimer({ kind: 'run', runId: e.runId });
  engine.cancelTimer({ kind: 'backoff', runId: e.runId });
  // Queries waiting for a task are now answered from the closed history by a legacy query task.
  for (const q of e.queries.values()) {
    if (q.mode === 'attached') {
      q.mode = 'legacy';
      engine.workflowQueues.add(wfQueueKey(e.namespace, e.taskQueue), { kind: 'query', runId: e.runId, queryId: q.queryId });
    }
  }
  applyParentClosePolicies(engine, e);
  // A run that continues into a new one (continue-as-new, retry, cron) is not the end of the child for its parent.
  if (status !== S.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW && !attrs.newExecutionRunId) notifyParent(engine, e, status, attrs);
  engine.store.touch(e);
  engine.debug('workflow closed', { workflowId: e.workflowId, runId: e.runId, status: enums.WorkflowExecutionStatus[status] });
  engine.notifyClosed(e.runId);
  for (const u of e.updates.values()) engine.notifyUpdate(e.runId, u.updateId);
}

export function continueAsNew(engine: Engine, e: Execution, a: temporal.api.command.v1.IContinueAsNewWorkflowExecutionCommandAttributes, completedEventId: number): void {
  const newRunId = engine.newRunId();
  const workflowType = a.workflowType?.name || e.workflowType;
  const taskQueue = a.taskQueue?.name || e.taskQueue;
  const runTimeoutMs = durMs(a.workflowRunTimeout) || e.runTimeoutMs;
  const taskTimeoutMs = durMs(a.workflowTaskTimeout) || e.taskTimeoutMs;
  // Close the old run first (its close event names the new run), then start the new run under the same id.
  const attrs = {
    newExecutionRunId: newRunId,
    workflowType: { name: workflowType },
    taskQueue: { name: taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    input: a.input ?? null,
    workflowRunTimeout: runTimeoutMs ? dur(runTimeoutMs) : null,
    workflowTaskTimeout: dur(taskTimeoutMs),
    workflowTaskCompletedEventId: completedEventId,
    backoffStartInterval: a.backoffStartInterval ?? null,
    initiator: enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
    header: a.header ?? null,
    memo: a.memo ?? null,
    searchAttributes: a.searchAttributes ?? null,
  };
  e.newExecutionRunId = newRunId;
  closeRun(engine, e, S.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW, 'WORKFLOW_EXECUTION_CONTINUED_AS_NEW', attrs);
  startExecution(engine, {
      runId: newRunId,
      namespace: e.namespace,
      workflowId: e.workflowId,
      workflowType,
      taskQueue,
      input: a.input ?? null,
      header: a.header ?? null,
      memo: a.memo ?? e.memo,
      searchAttributes: a.searchAttributes ?? e.searchAttributes,
      runTimeoutMs,
      executionTimeoutMs: e.executionTimeoutMs,
      taskTimeoutMs,
      identity: '',
      requestId: '',
      parent: e.parent,
      continuedFrom: e,
      initiator: enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
      lastCompletionResult: a.lastCompletionResult ?? null,
      continuedFailure: a.failure ?? null,
      reusePolicy: e.workflowIdReusePolicy,
      // Continue-as-new keeps the chain's retry policy and cron schedule and starts counting attempts anew.
      retryPolicy: a.retryPolicy ?? e.retryPolicy ?? null,
      cronSchedule: e.cronSchedule ?? '',
      backoffMs: durMs(a.backoffStartInterval),
    });
}

const REMEMBERED_SIGNAL_REQUESTS = 1000;

/** Delivers a signal once per request id (as the real server does, a client retry after a lost answer is a no-op). */
export function signal(
  engine: Engine,
  e: Execution,
  signalName: string,
  input: IPayloads | null,
  header: IHeader | null,
  identity: string,
  requestId = '',
): void {
  if (!engine.isRunning(e)) throw notFound('workflow execution already completed');
  if (requestId && e.signalRequestIds?.includes(requestId)) return;
  engine.deliver(e, [{ type: 'WORKFLOW_EXECUTION_SIGNALED', attrs: { signalName, input, header, identity } }]);
  if (requestId) rememberSignalRequest(e, requestId);
}

export function rememberSignalRequest(e: Execution, requestId: string): void {
  const ids = (e.signalRequestIds ??= []);
  ids.push(requestId);
  if (ids.length > REMEMBERED_SIGNAL_REQUESTS) ids.splice(0, ids.length - REMEMBERED_SIGNAL_REQUESTS);
}

export function requestCancel(
  engine: Engine,
  e: Execution,
  cause: string,
  identity: string,
  external?: { initiatedEventId: number; execution: { workflowId: string; runId: string } },
): void {
  if (!engine.isRunning(e)) throw notFound('workflow execution already completed');
  if (e.cancelRequested) return;
  e.cancelRequested = true;
  engine.deliver(e, [
    {
      type: 'WORKFLOW_EXECUTION_CANCEL_REQUESTED',
      attrs: {
        cause,
        identity,
        externalInitiatedEventId: external?.initiatedEventId ?? 0,
        externalWorkflowExecution: external?.execution ?? null,
      },
    },
  ]);
}

export function terminate(engine: Engine, e: Execution, reason: string, details: IPayloads | null, identity: string): void {
  if (!engine.isRunning(e)) throw notFound('workflow execution already completed');
  closeRun(engine, e, S.WORKFLOW_EXECUTION_STATUS_TERMINATED, 'WORKFLOW_EXECUTION_TERMINATED', { reason, details, identity });
}

/**
 * DeleteWorkflowExecution: the run (the latest one when no run id is given) is terminated first if it is running, then
 * its history, visibility record and stored rows are removed. Other runs of the same workflow id stay.
 */
export function deleteExecution(engine: Engine, e: Execution, identity: string): void {
  if (engine.isRunning(e)) terminate(engine, e, 'Delete workflow execution', null, identity);
  engine.store.remove(e);
  engine.debug('workflow deleted', { workflowId: e.workflowId, runId: e.runId });
}

export function timeoutRun(engine: Engine, e: Execution): void {
  // The execution timeout ends the whole chain; a run timeout alone may be retried or continue on the cron schedule.
  if (e.expirationMs && engine.now() >= e.expirationMs) {
    closeRun(engine, e, S.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, 'WORKFLOW_EXECUTION_TIMED_OUT', { retryState: RS.RETRY_STATE_TIMEOUT, newExecutionRunId: '' });
    return;
  }
  const failure: IFailure = { message: 'workflow run timed out', timeoutFailureInfo: { timeoutType: enums.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE } };
  const next = nextRunAfterFailure(engine, e, failure);
  closeRun(engine, e, S.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, 'WORKFLOW_EXECUTION_TIMED_OUT', { retryState: next.retryState, newExecutionRunId: next.runId });
  next.start();
}

/** A FAIL_WORKFLOW_EXECUTION command: retried under the retry policy, else the cron chain goes on, else the run fails. */
export function failRun(engine: Engine, e: Execution, failure: IFailure | null, completedEventId: number): void {
  const next = nextRunAfterFailure(engine, e, failure);
  closeRun(engine, e, S.WORKFLOW_EXECUTION_STATUS_FAILED, 'WORKFLOW_EXECUTION_FAILED', {
    failure,
    retryState: next.retryState,
    workflowTaskCompletedEventId: completedEventId,
    newExecutionRunId: next.runId,
  });
  next.start();
}

/** A COMPLETE_WORKFLOW_EXECUTION command: a cron chain starts its next run at the next scheduled time. */
export function completeRun(engine: Engine, e: Execution, result: IPayloads | null, completedEventId: number): void {
  const backoff = cronBackoff(engine, e);
  const runId = backoff === null ? '' : engine.newRunId();
  closeRun(engine, e, S.WORKFLOW_EXECUTION_STATUS_COMPLETED, 'WORKFLOW_EXECUTION_COMPLETED', {
    result,
    workflowTaskCompletedEventId: completedEventId,
    newExecutionRunId: runId,
  });
  if (backoff !== null) startNextRun(engine, e, runId, { initiator: INITIATOR.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE, attempt: 1, backoffMs: backoff, failure: null, lastCompletionResult: result });
}

const RS = numEnum(enums.RetryState);
const INITIATOR = numEnum(enums.ContinueAsNewInitiator);

interface NextRun {
  retryState: number;
  runId: string;
  start(): void;
}

/** Decides what follows a failed (or run-timed-out) run; `start` starts it once the old run's close event is written. */
function nextRunAfterFailure(engine: Engine, e: Execution, failure: IFailure | null): NextRun {
  const retry = workflowRetryDecision(engine, e, failure);
  if ('delay' in retry) {
    const runId = engine.newRunId();
    return {
      retryState: RS.RETRY_STATE_IN_PROGRESS,
      runId,
      start: () =>
        startNextRun(engine, e, runId, {
          initiator: INITIATOR.CONTINUE_AS_NEW_INITIATOR_RETRY,
          attempt: (e.attempt ?? 1) + 1,
          backoffMs: retry.delay,
          failure,
          lastCompletionResult: e.lastCompletionResult ?? null,
        }),
    };
  }
  const backoff = cronBackoff(engine, e);
  if (backoff === null) return { retryState: retry.state, runId: '', start: () => undefined };
  const runId = engine.newRunId();
  return {
    retryState: retry.state,
    runId,
    start: () =>
      startNextRun(engine, e, runId, {
        initiator: INITIATOR.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE,
        attempt: 1,
        backoffMs: backoff,
        failure,
        lastCompletionResult: e.lastCompletionResult ?? null,
      }),
  };
}

function isRetryableFailure(policy: NormalRetryPolicy, failure: IFailure | null): boolean {
  if (!failure) return true;
  if (failure.terminatedFailureInfo || failure.canceledFailureInfo) return false;
  if (failure.serverFailureInfo?.nonRetryable) return false;
  const t = failure.timeoutFailureInfo?.timeoutType;
  if (t !== undefined && t !== null && t !== enums.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE && t !== enums.TimeoutType.TIMEOUT_TYPE_HEARTBEAT) return false;
  const info = failure.applicationFailureInfo;
  if (info?.nonRetryable) return false;
  if (info && policy.nonRetryableErrorTypes.includes(info.type ?? '')) return false;
  return true;
}

/** The reference server's workflow retry decision: a delay for the next attempt, or why there is none. */
function workflowRetryDecision(engine: Engine, e: Execution, failure: IFailure | null): { delay: number } | { state: number } {
  const policy = e.retryPolicy;
  if (!policy) return { state: RS.RETRY_STATE_RETRY_POLICY_NOT_SET };
  if (!isRetryableFailure(policy, failure)) return { state: RS.RETRY_STATE_NON_RETRYABLE_FAILURE };
  const attempt = e.attempt ?? 1;
  if (policy.maximumAttempts > 0 && attempt >= policy.maximumAttempts) return { state: RS.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
  const initial = durMs(policy.initialInterval);
  const maxInterval = durMs(policy.maximumInterval);
  let delay = initial * Math.pow(policy.backoffCoefficient, attempt - 1);
  if (maxInterval > 0) delay = Math.min(delay, maxInterval);
  const next = durMs(failure?.applicationFailureInfo?.nextRetryDelay);
  if (next > 0) delay = next;
  delay = Math.round(delay);
  if (e.expirationMs && engine.now() + delay >= e.expirationMs) return { state: RS.RETRY_STATE_TIMEOUT };
  return { delay };
}

/** Backoff to the chain's next cron time, or null when the run is not on a schedule or the next time is past the execution timeout. */
function cronBackoff(engine: Engine, e: Execution): number | null {
  if (!e.cronSchedule) return null;
  let backoff: number;
  try {
    backoff = cronBackoffMs(parseCron(e.cronSchedule), engine.now());
  } catch {
    return null;
  }
  if (backoff <= 0) return null;
  if (e.expirationMs && engine.now() + backoff >= e.expirationMs) return null;
  return backoff;
}

function startNextRun(
  engine: Engine,
  e: Execution,
  runId: string,
  n: { initiator: number; attempt: number; backoffMs: number; failure: IFailure | null; lastCompletionResult: IPayloads | null },
): void {
  startExecution(engine, {
    runId,
    namespace: e.namespace,
    workflowId: e.workflowId,
    workflowType: e.workflowType,
    taskQueue: e.taskQueue,
    input: e.input,
    header: e.header,
    memo: e.memo,
    searchAttributes: e.searchAttributes,
    runTimeoutMs: e.runTimeoutMs,
    executionTimeoutMs: e.executionTimeoutMs,
    taskTimeoutMs: e.taskTimeoutMs,
    identity: '',
    requestId: '',
    parent: e.parent,
    continuedFrom: e,
    initiator: n.initiator,
    lastCompletionResult: n.lastCompletionResult,
    continuedFailure: n.failure,
    reusePolicy: e.workflowIdReusePolicy,
    retryPolicy: e.retryPolicy ?? null,
    cronSchedule: e.cronSchedule ?? '',
    attempt: n.attempt,
    backoffMs: n.backoffMs,
  });
}

/** Validates a workflow retry policy as the server does and fills its defaults (a normalised policy stays as it is). */
function validRetryPolicy(policy: IRetryPolicy | NormalRetryPolicy): NormalRetryPolicy {
  // Both shapes read the same: durations with numeric or Long seconds (durMs takes either).
  const p = policy as IRetryPolicy;
  if ((p.maximumAttempts ?? 0) < 0) throw invalidArgument('MaximumAttempts cannot be negative on retry policy.');
  if (p.backoffCoefficient && p.backoffCoefficient < 1) throw invalidArgument('BackoffCoefficient cannot be less than 1 on retry policy.');
  if (durMs(p.initialInterval) < 0) throw invalidArgument('InitialInterval cannot be negative on retry policy.');
  if (durMs(p.maximumInterval) < 0) throw invalidArgument('MaximumInterval cannot be negative on retry policy.');
  if (durMs(p.maximumInterval) > 0 && durMs(p.maximumInterval) < durMs(p.initialInterval)) {
    throw invalidArgument('MaximumInterval cannot be less than InitialInterval on retry policy.');
  }
  return normaliseRetryPolicy(p);
}
