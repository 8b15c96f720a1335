/**
 * Workflow-task state machine: scheduled -> started (poll) -> completed | failed | timed out, with buffering of events
 * that arrive while a task is in flight, query delivery (attached to the task or as a legacy query task) and update
 * request messages.
 */
import { randomUUID } from 'node:crypto';
import type { Engine, PollWorkflowTaskResponse } from './engine';
import { wfQueueKey } from './engine';
import type { ActivityTaskRef, Execution, WorkflowTaskRef } from './types';
import { materializeActivityTask } from './activities';
import { encodeToken, decodeToken } from './task-token';
import { durMs, enums, temporal, ts } from '../proto/types';
import { notFound, invalidArgument, unhandledCommand } from '../grpc/errors';
import { processCommands, isClosingCommand } from './commands';
import { checkCommands } from './command-checks';
import { processLeftoverMessages } from './updates';

type CompletedRequest = temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest;
type FailedRequest = temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest;

const UPDATE_REQUEST_TYPE = 'type.googleapis.com/temporal.api.update.v1.Request';

export function materializeWorkflowTask(engine: Engine, ref: WorkflowTaskRef, identity = ''): PollWorkflowTaskResponse | null {
  const e = engine.store.byRunId(ref.runId);
  if (!e) return null;
  if (ref.kind === 'query') return materializeLegacyQuery(engine, e, ref.queryId);
  const w = e.wft;
  if (!engine.isRunning(e) || !w || w.status !== 'scheduled' || w.scheduledEventId !== ref.scheduledEventId || w.attempt !== ref.attempt) {
    return null;
  }
  const startedEventId = engine.append(e, 'WORKFLOW_TASK_STARTED', {
    scheduledEventId: w.scheduledEventId,
    identity,
    requestId: randomUUID(),
    historySizeBytes: 0,
  });
  w.status = 'started';
  w.startedEventId = startedEventId;
  engine.cancelTimer({ kind: 'sticky', runId: e.runId, scheduledEventId: w.scheduledEventId, attempt: w.attempt });
  w.startedTimeMs = engine.now();
  engine.setTimer({ kind: 'wft', runId: e.runId, scheduledEventId: w.scheduledEventId, attempt: w.attempt }, engine.now() + e.taskTimeoutMs);

  const queries: Record<string, temporal.api.query.v1.IWorkflowQuery> = {};
  for (const q of e.queries.values()) {
    if (q.mode === 'attached' && !w.queryIds.includes(q.queryId)) {
      queries[q.queryId] = q.query;
      w.queryIds.push(q.queryId);
    }
  }
  const messages: Record<string, unknown>[] = [];
  for (const u of e.updates.values()) {
    if (u.status !== 'requested') continue;
    u.status = 'delivered';
    w.updateIds.push(u.updateId);
    messages.push({
      id: `${u.updateId}/request`,
      protocolInstanceId: u.updateId,
      eventId: startedEventId - 1,
      body: { type_url: UPDATE_REQUEST_TYPE, value: temporal.api.update.v1.Request.encode(u.request).finish() },
    });
  }
  engine.debug('workflow task started', { workflowId: e.workflowId, runId: e.runId, startedEventId, attempt: w.attempt, sticky: ref.sticky && e.stickyQueue ? 1 : 0 });
  return {
    taskToken: encodeToken({ k: 'wft', r: e.runId, s: w.scheduledEventId, a: w.attempt }),
    workflowExecution: { workflowId: e.workflowId, runId: e.runId },
    workflowType: { name: e.workflowType },
    previousStartedEventId: e.previousStartedEventId,
    startedEventId,
    attempt: w.attempt,
    backlogCountHint: 0,
    // Sticky: the worker has the run cached, so only the new events (Core fetches the rest itself on a cache miss).
    history: { events: ref.sticky && e.stickyQueue ? e.history.slice(e.previousStartedEventId) : e.history.slice() },
    workflowExecutionTaskQueue: { name: e.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    scheduledTime: ts(w.scheduledTimeMs),
    startedTime: ts(w.startedTimeMs),
    queries,
    messages,
  };
}

/**
 * Eager workflow start: the first workflow task of a run just started, handed to the starting client's own worker in
 * the StartWorkflowExecution response instead of through the task queue. Null when there is nothing to hand over (an
 * existing run whose task was already started); a scheduled task that cannot be handed over is queued instead.
 */
export function startEagerWorkflowTask(engine: Engine, e: Execution, identity: string): PollWorkflowTaskResponse | null {
  const w = e.wft;
  if (!engine.isRunning(e) || !w || w.status !== 'scheduled') return null;
  const task = w.attempt === 1 ? materializeWorkflowTask(engine, { kind: 'wft', runId: e.runId, scheduledEventId: w.scheduledEventId, attempt: w.attempt }, identity) : null;
  // Not handed over (a retry of the task): it must reach a worker through the queue.
  if (!task) engine.dispatchWorkflowTask(e);
  return task;
}

function materializeLegacyQuery(engine: Engine, e: Execution, queryId: string): PollWorkflowTaskResponse | null {
  const q = e.queries.get(queryId);
  if (!q || q.mode !== 'legacy' || !engine.hasQueryWaiter(queryId)) return null;
  if (engine.isRunning(e) && e.wft) {
    // A workflow task is outstanding: the query rides on it (or on the next one) instead.
    q.mode = 'attached';
    return null;
  }
  return {
    taskToken: encodeToken({ k: 'q', r: e.runId, q: queryId }),
    workflowExecution: { workflowId: e.workflowId, runId: e.runId },
    workflowType: { name: e.workflowType },
    previousStartedEventId: e.previousStartedEventId,
    startedEventId: 0,
    attempt: 1,
    history: { events: e.history.slice() },
    workflowExecutionTaskQueue: { name: e.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    query: q.query,
    scheduledTime: ts(engine.now()),
    startedTime: ts(engine.now()),
  };
}

function taskFor(engine: Engine, token: Uint8Array | null | undefined): Execution {
  const t = decodeToken(token);
  if (!t || t.k !== 'wft') throw invalidArgument('invalid workflow task token');
  const e = engine.store.byRunId(t.r);
  const w = e?.wft;
  if (!e || !engine.isRunning(e) || !w || w.status !== 'started' || w.scheduledEventId !== t.s || w.attempt !== t.a) {
    throw notFound('Workflow task not found.');
  }
  return e;
}

/** Ends the current task: clears it, its timer and its time-skipping lock. */
function endTask(engine: Engine, e: Execution): void {
  const w = e.wft;
  if (!w) return;
  engine.cancelTimer({ kind: 'wft', runId: e.runId, scheduledEventId: w.scheduledEventId, attempt: w.attempt });
  e.wft = null;
  engine.clock.releaseWork(`wft|${e.runId}`);
}

/** Undelivered work goes back for the next attempt. */
function returnDeliveredWork(e: Execution): void {
  for (const u of e.updates.values()) if (u.status === 'delivered') u.status = 'requested';
}

export function completeWorkflowTask(engine: Engine, req: CompletedRequest): object {
  const e = taskFor(engine, req.taskToken);
  const w = e.wft!;
  const identity = req.identity ?? '';
  const commands = req.commands ?? [];

  for (const [queryId, result] of Object.entries(req.queryResults ?? {})) {
    e.queries.delete(queryId);
    if (result.resultType === enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED) engine.answerQuery(queryId, { result: result.answer ?? null });
    else engine.answerQuery(queryId, { error: result.errorMessage || result.failure?.message || 'query failed' });
  }

  const problem = checkCommands(e, commands);
  if (problem) {
    // As the reference server: a bad sequence (unknown command type, a command after the closing one) rejects the
    // completion and changes nothing; bad attributes fail the task with their cause (nothing of the completion is
    // applied) and the next attempt is scheduled. Past the first attempt the failure is not written again: the
    // completion is rejected and the task is left to time out. The worker is answered INVALID_ARGUMENT either way.
    if (problem.kind === 'attributes' && w.attempt <= 1) {
      engine.append(e, 'WORKFLOW_TASK_FAILED', {
        scheduledEventId: w.scheduledEventId,
        startedEventId: w.startedEventId,
        cause: problem.cause,
        failure: { message: problem.message, source: '', serverFailureInfo: { nonRetryable: false } },
        identity,
        binaryChecksum: req.binaryChecksum ?? '',
      });
      retryTask(engine, e, w.attempt + 1);
    }
    throw invalidArgument(problem.message);
  }

  if (e.buffered.length > 0 && commands.some(isClosingCommand)) {
    // New events arrived while the task ran: the workflow must see them before it may close.
    engine.append(e, 'WORKFLOW_TASK_FAILED', {
      scheduledEventId: w.scheduledEventId,
      startedEventId: w.startedEventId,
      cause: enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
      identity,
    });
    returnDeliveredWork(e);
    endTask(engine, e);
    engine.flushBuffered(e);
    engine.scheduleWorkflowTask(e);
    // As the reference server: the task is failed and the next one scheduled (the transaction still commits), and
    // the worker is told so with INVALID_ARGUMENT "UnhandledCommand", which SDK Core matches to evict the run from its
    // cache. An OK answer would tell the worker its closing command was accepted: a worker that still holds the run
    // then answers the next task from that stale state and sends the old closing command again, which no longer
    // conflicts with anything, so the run closes without ever having seen the events (a signal is lost).
    throw unhandledCommand();
  }

  const completedEventId = engine.append(e, 'WORKFLOW_TASK_COMPLETED', {
    scheduledEventId: w.scheduledEventId,
    startedEventId: w.startedEventId,
    identity,
    binaryChecksum: req.binaryChecksum ?? '',
    sdkMetadata: req.sdkMetadata ?? null,
    meteringMetadata: req.meteringMetadata ?? null,
  });
  e.previousStartedEventId = w.startedEventId;
  const stickyName = req.stickyAttributes?.workerTaskQueue?.name;
  if (stickyName) {
    e.stickyQueue = stickyName;
    e.stickyScheduleToStartMs = durMs(req.stickyAttributes?.scheduleToStartTimeout) || 10_000;
  }
  const messages = req.messages ?? [];
  const used = new Set<string>();
  const eager: ActivityTaskRef[] = [];
  processCommands(engine, e, completedEventId, commands, messages, used, identity, eager);
  if (engine.isRunning(e)) processLeftoverMessages(engine, e, messages, used);
  // Updates that were delivered but neither accepted nor rejected go back to be delivered again.
  returnDeliveredWork(e);
  endTask(engine, e);
  if (!engine.isRunning(e)) return {};
  afterTask(engine, e, req.forceCreateNewWorkflowTask === true);
  // Eagerly dispatched activities go back inline (the worker reserved slots for them when it asked).
  const activityTasks = eager.map((ref) => materializeActivityTask(engine, ref, identity)).filter((t) => t !== null);
  return { activityTasks };
}

/** After a task ends: write buffered events and schedule the next task if anything needs the workflow's attention. */
export function afterTask(engine: Engine, e: Execution, force: boolean): void {
  const wrote = engine.flushBuffered(e);
  const pendingUpdates = [...e.updates.values()].some((u) => u.status === 'requested');
  if (wrote || force || pendingUpdates || e.wft) {
    engine.scheduleWorkflowTask(e);
    return;
  }
  for (const q of e.queries.values()) {
    if (q.mode === 'attached') {
      q.mode = 'legacy';
      engine.workflowQueues.add(wfQueueKey(e.namespace, e.taskQueue), { kind: 'query', runId: e.runId, queryId: q.queryId });
    }
  }
}

export function failWorkflowTask(engine: Engine, req: FailedRequest): void {
  const e = taskFor(engine, req.taskToken);
  const w = e.wft!;
  engine.append(e, 'WORKFLOW_TASK_FAILED', {
    scheduledEventId: w.scheduledEventId,
    startedEventId: w.startedEventId,
    cause: req.cause ?? 0,
    failure: req.failure ?? null,
    identity: req.identity ?? '',
  });
  retryTask(engine, e, w.attempt + 1);
}

export function timeoutWorkflowTask(engine: Engine, e: Execution): void {
  const w = e.wft;
  if (!w || w.status !== 'started') return;
  engine.append(e, 'WORKFLOW_TASK_TIMED_OUT', {
    scheduledEventId: w.scheduledEventId,
    startedEventId: w.startedEventId,
    timeoutType: enums.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
  });
  retryTask(engine, e, w.attempt + 1);
}

function retryTask(engine: Engine, e: Execution, attempt: number): void {
  returnDeliveredWork(e);
  e.stickyQueue = undefined; // the worker's cache can no longer be trusted for this run
  const w = e.wft;
  if (w) for (const id of w.queryIds) {
    const q = e.queries.get(id);
    if (q) q.mode = 'attached';
  }
  endTask(engine, e);
  engine.flushBuffered(e);
  engine.scheduleWorkflowTask(e, attempt);
}
