/**
 * ResetWorkflowExecution, as the reference server does it (history service `resetworkflow` + `ndc/workflow_resetter`):
 *
 * - the reset point `workflowTaskFinishEventId` must end a workflow task: the event before it is the task's
 *   WORKFLOW_TASK_STARTED (reset to its COMPLETED / FAILED / TIMED_OUT event) or WORKFLOW_TASK_SCHEDULED (reset to
 *   its STARTED event; the new run then starts that task itself);
 * - the new run's history is the base run's events before the reset point, then that workflow task failed with cause
 *   RESET_WORKFLOW (failure = the reason, base and new run ids: SDK Core reseeds the run's randomness from the new run
 *   id), then the base run's signals after the reset point (reapply type SIGNAL, the default; NONE or an exclusion of
 *   signals reapplies nothing), then a new workflow task;
 * - the state the kept events describe is rebuilt: pending activities are scheduled again (as if just scheduled),
 *   pending timers keep their due times, accepted and completed updates, memo and search attributes, cancel request;
 * - the workflow id's current run, if running, is terminated with the reset's reason (identity "history-resetter");
 *   the new run becomes the current run;
 * - the request id is the new run's create request id: a retried reset answers the run it created.
 *
 * Not supported (INVALID_ARGUMENT): a reset point with pending child workflows or pending external signal/cancel
 * requests. Updates after the reset point are not reapplied.
 */
import { randomUUID } from 'node:crypto';
import type { Engine } from './engine';
import type { ActivityState, Execution } from './types';
import { dispatchAttempt, normaliseRetryPolicy, setActTimer } from './activities';
import { terminate } from './lifecycle';
import { mergeMemo, mergeSearchAttributes } from './visibility';
import { durMs, enums, numEnum, temporal, tsToMs, type IFailure, type IHistoryEvent } from '../proto/types';
import { invalidArgument } from '../grpc/errors';

type ResetRequest = temporal.api.workflowservice.v1.IResetWorkflowExecutionRequest;

const E = numEnum(enums.EventType);
const S = numEnum(enums.WorkflowExecutionStatus);

export const RESETTER_IDENTITY = 'history-resetter';
const SERVICE_IDENTITY = 'history-service';

/** Resets `base` (any run of the workflow id) as the request asks; returns the new run's id. */
export function resetWorkflow(engine: Engine, base: Execution, r: ResetRequest): string {
  const current = engine.store.currentRun(base.namespace, base.workflowId);
  const requestId = r.requestId || randomUUID();
  // A retried reset (same request id) answers the run it created.
  if (current && r.requestId && current.requestId === r.requestId) return current.runId;

  const finishEventId = Number(r.workflowTaskFinishEventId ?? 0);
  if (!(finishEventId > 1 && finishEventId <= base.history.length)) {
    throw invalidArgument('Workflow task finish ID must be > 1 && <= workflow last event ID.');
  }
  const kept = base.history.slice(0, finishEventId - 1);
  const last = kept[kept.length - 1];
  const lastType = Number(last?.eventType ?? 0);
  if (lastType !== E.EVENT_TYPE_WORKFLOW_TASK_STARTED && lastType !== E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) {
    throw invalidArgument('Can only reset workflow to event ID in range [WorkflowTaskScheduled +1, WorkflowTaskStarted + 1].');
  }
  const rebuilt = rebuild(kept);
  if (rebuilt.pendingChildren > 0) throw invalidArgument('WorkflowResetter encountered pending child workflows.');
  if (rebuilt.pendingExternal > 0) throw invalidArgument('WorkflowResetter encountered pending external workflow requests.');

  const reason = r.reason ?? '';
  const signals = reapplySignals(r) ? base.history.slice(finishEventId - 1).filter((ev) => Number(ev.eventType) === E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) : [];

  // The current run (base or a later one) ends before the new run takes its place.
  if (current && engine.isRunning(current)) terminate(engine, current, reason, null, RESETTER_IDENTITY);

  const now = engine.now();
  const runId = engine.newRunId();
  const runDeadline = base.runTimeoutMs > 0 ? now + base.runTimeoutMs : 0;
  const expiration = base.expirationMs ?? 0;
  const e: Execution = {
    namespace: base.namespace,
    workflowId: base.workflowId,
    runId,
    firstRunId: base.firstRunId,
    workflowType: base.workflowType,
    taskQueue: base.taskQueue,
    status: S.WORKFLOW_EXECUTION_STATUS_RUNNING,
    history: kept.slice(),
    startTimeMs: now,
    closeTimeMs: 0,
    requestId,
    input: base.input,
    header: base.header,
    memo: rebuilt.memo,
    searchAttributes: rebuilt.searchAttributes,
    runTimeoutMs: base.runTimeoutMs,
    executionTimeoutMs: base.executionTimeoutMs,
    taskTimeoutMs: base.taskTimeoutMs,
    runDeadlineMs: expiration && runDeadline ? Math.min(expiration, runDeadline) : expiration || runDeadline,
    parent: base.parent,
    wft: null,
    previousStartedEventId: rebuilt.previousStartedEventId,
    buffered: [],
    activities: new Map(),
    timers: new Map(),
    children: new Map(),
    updates: new Map(),
    queries: new Map(),
    cancelRequested: rebuilt.cancelRequested,
    newExecutionRunId: '',
    nextTaskId: base.nextTaskId,
    workflowIdReusePolicy: base.workflowIdReusePolicy,
    retryPolicy: base.retryPolicy ?? null,
    attempt: base.attempt ?? 1,
    cronSchedule: base.cronSchedule ?? '',
    expirationMs: expiration,
    firstTaskAtMs: 0,
    lastCompletionResult: base.lastCompletionResult ?? null,
  };
  engine.store.insert(e);

  // The workflow task the reset point ends: started (if it was only scheduled), then failed by the reset.
  let scheduledEventId = Number(last?.eventId ?? 0);
  let startedEventId: number;
  if (lastType === E.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
    startedEventId = scheduledEventId;
    scheduledEventId = Number(last?.workflowTaskStartedEventAttributes?.scheduledEventId ?? 0);
  } else {
    startedEventId = engine.append(e, 'WORKFLOW_TASK_STARTED', { scheduledEventId, identity: SERVICE_IDENTITY, requestId: randomUUID(), historySizeBytes: 0 });
  }
  const failure: IFailure = { message: reason, source: '', resetWorkflowFailureInfo: { lastHeartbeatDetails: null } };
  engine.append(e, 'WORKFLOW_TASK_FAILED', {
    scheduledEventId,
    startedEventId,
    cause: enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
    failure,
    identity: SERVICE_IDENTITY,
    baseRunId: base.runId,
    newRunId: runId,
    forkEventVersion: 0,
  });
  for (const s of signals) {
    const a = s.workflowExecutionSignaledEventAttributes;
    engine.append(e, 'WORKFLOW_EXECUTION_SIGNALED', { signalName: a?.signalName ?? '', input: a?.input ?? null, header: a?.header ?? null, identity: a?.identity ?? '' });
  }

  restorePending(engine, e, rebuilt);
  if (e.runDeadlineMs) engine.setTimer({ kind: 'run', runId }, e.runDeadlineMs);
  engine.scheduleWorkflowTask(e);
  engine.debug('workflow reset', { workflowId: e.workflowId, runId, baseRunId: base.runId, finishEventId });
  return runId;
}

function reapplySignals(r: ResetRequest): boolean {
  if (r.resetReapplyType === enums.ResetReapplyType.RESET_REAPPLY_TYPE_NONE) return false;
  return !(r.resetReapplyExcludeTypes ?? []).includes(enums.ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL);
}

interface Rebuilt {
  activities: Map<number, { event: IHistoryEvent; cancelRequestedEventId: number }>;
  timers: Map<string, { startedEventId: number; dueMs: number }>;
  updates: Map<string, { request: temporal.api.update.v1.IRequest; acceptedEventId: number; outcome: temporal.api.update.v1.IOutcome | null }>;
  pendingChildren: number;
  pendingExternal: number;
  memo: Execution['memo'];
  searchAttributes: Execution['searchAttributes'];
  cancelRequested: boolean;
  previousStartedEventId: number;
}

/** The state the kept events describe (what the reference server rebuilds by replaying them into mutable state). */
function rebuild(events: IHistoryEvent[]): Rebuilt {
  const out: Rebuilt = {
    activities: new Map(),
    timers: new Map(),
    updates: new Map(),
    pendingChildren: 0,
    pendingExternal: 0,
    memo: null,
    searchAttributes: null,
    cancelRequested: false,
    previousStartedEventId: 0,
  };
  const children = new Set<number>();
  const external = new Set<number>();
  const closeActivity = (id: unknown): void => void out.activities.delete(Number(id ?? 0));
  for (const ev of events) {
    const id = Number(ev.eventId ?? 0);
    switch (Number(ev.eventType ?? 0)) {
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        out.memo = ev.workflowExecutionStartedEventAttributes?.memo ?? null;
        out.searchAttributes = ev.workflowExecutionStartedEventAttributes?.searchAttributes ?? null;
        break;
      case E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        out.previousStartedEventId = Number(ev.workflowTaskCompletedEventAttributes?.startedEventId ?? 0);
        break;
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
        out.cancelRequested = true;
        break;
      case E.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        out.searchAttributes = mergeSearchAttributes(out.searchAttributes, ev.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes ?? null);
        break;
      case E.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED:
        out.memo = mergeMemo(out.memo, ev.workflowPropertiesModifiedEventAttributes?.upsertedMemo ?? null);
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        out.activities.set(id, { event: ev, cancelRequestedEventId: 0 });
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED: {
        const a = out.activities.get(Number(ev.activityTaskCancelRequestedEventAttributes?.scheduledEventId ?? 0));
        if (a) a.cancelRequestedEventId = id;
        break;
      }
      case E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        closeActivity(ev.activityTaskCompletedEventAttributes?.scheduledEventId);
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_FAILED:
        closeActivity(ev.activityTaskFailedEventAttributes?.scheduledEventId);
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
        closeActivity(ev.activityTaskTimedOutEventAttributes?.scheduledEventId);
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
        closeActivity(ev.activityTaskCanceledEventAttributes?.scheduledEventId);
        break;
      case E.EVENT_TYPE_TIMER_STARTED: {
        const a = ev.timerStartedEventAttributes;
        out.timers.set(a?.timerId ?? '', { startedEventId: id, dueMs: tsToMs(ev.eventTime) + durMs(a?.startToFireTimeout) });
        break;
      }
      case E.EVENT_TYPE_TIMER_FIRED:
        out.timers.delete(ev.timerFiredEventAttributes?.timerId ?? '');
        break;
      case E.EVENT_TYPE_TIMER_CANCELED:
        out.timers.delete(ev.timerCanceledEventAttributes?.timerId ?? '');
        break;
      case E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
        children.add(id);
        break;
      case E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED:
        children.delete(Number(ev.startChildWorkflowExecutionFailedEventAttributes?.initiatedEventId ?? 0));
        break;
      case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
      case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED:
      case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED:
      case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT:
      case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED:
        children.delete(Number(childInitiatedId(ev)));
        break;
      case E.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
      case E.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
        external.add(id);
        break;
      case E.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED:
        external.delete(Number(ev.externalWorkflowExecutionSignaledEventAttributes?.initiatedEventId ?? 0));
        break;
      case E.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
        external.delete(Number(ev.signalExternalWorkflowExecutionFailedEventAttributes?.initiatedEventId ?? 0));
        break;
      case E.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
        external.delete(Number(ev.externalWorkflowExecutionCancelRequestedEventAttributes?.initiatedEventId ?? 0));
        break;
      case E.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
        external.delete(Number(ev.requestCancelExternalWorkflowExecutionFailedEventAttributes?.initiatedEventId ?? 0));
        break;
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const a = ev.workflowExecutionUpdateAcceptedEventAttributes;
        const updateId = a?.protocolInstanceId ?? '';
        out.updates.set(updateId, { request: a?.acceptedRequest ?? { meta: { updateId } }, acceptedEventId: id, outcome: null });
        break;
      }
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const a = ev.workflowExecutionUpdateCompletedEventAttributes;
        const u = out.updates.get(a?.meta?.updateId ?? '');
        if (u) u.outcome = a?.outcome ?? null;
        break;
      }
      default:
        break;
    }
  }
  out.pendingChildren = children.size;
  out.pendingExternal = external.size;
  return out;
}

function childInitiatedId(ev: IHistoryEvent): unknown {
  return (
    ev.childWorkflowExecutionCompletedEventAttributes?.initiatedEventId ??
    ev.childWorkflowExecutionFailedEventAttributes?.initiatedEventId ??
    ev.childWorkflowExecutionCanceledEventAttributes?.initiatedEventId ??
    ev.childWorkflowExecutionTimedOutEventAttributes?.initiatedEventId ??
    ev.childWorkflowExecutionTerminatedEventAttributes?.initiatedEventId ??
    0
  );
}

/** Arms what the kept events left pending: activities (scheduled again from now), timers (their original due times), updates. */
function restorePending(engine: Engine, e: Execution, rebuilt: Rebuilt): void {
  const now = engine.now();
  for (const [timerId, t] of rebuilt.timers) {
    e.timers.set(timerId, t.startedEventId);
    engine.setTimer({ kind: 'user', runId: e.runId, timerId }, Math.max(t.dueMs, now));
  }
  for (const [updateId, u] of rebuilt.updates) {
    e.updates.set(updateId, { updateId, request: u.request, status: u.outcome ? 'completed' : 'accepted', acceptedEventId: u.acceptedEventId, outcome: u.outcome });
  }
  for (const [scheduledEventId, { event, cancelRequestedEventId }] of rebuilt.activities) {
    const a = event.activityTaskScheduledEventAttributes;
    const act: ActivityState = {
      scheduledEventId,
      activityId: a?.activityId ?? '',
      activityType: a?.activityType?.name ?? '',
      taskQueue: a?.taskQueue?.name || e.taskQueue,
      input: a?.input ?? null,
      header: a?.header ?? null,
      retryPolicy: normaliseRetryPolicy(a?.retryPolicy),
      scheduleToCloseMs: durMs(a?.scheduleToCloseTimeout),
      scheduleToStartMs: durMs(a?.scheduleToStartTimeout),
      startToCloseMs: durMs(a?.startToCloseTimeout),
      heartbeatMs: durMs(a?.heartbeatTimeout),
      scheduledTimeMs: now,
      attempt: 1,
      attemptScheduledTimeMs: now,
      status: 'scheduled',
      startedTimeMs: 0,
      identity: '',
      heartbeatDetails: null,
      lastHeartbeatMs: 0,
      lastFailure: null,
      cancelRequested: cancelRequestedEventId > 0,
      cancelRequestedEventId,
    };
    e.activities.set(scheduledEventId, act);
    setActTimer(engine, e, act, 's2c', now + act.scheduleToCloseMs);
    dispatchAttempt(engine, e, act);
  }
  engine.store.touch(e);
}
