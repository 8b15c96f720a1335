/**
 * temporal.api.workflowservice.v1.WorkflowService handlers: decode the request, run the engine operation inside one
 * store transaction, answer. Long polls (task polls, close-event history, updates, queries) wait outside transactions.
 */
import { randomUUID } from 'node:crypto';
import type { Engine } from '../engine/engine';
import { actQueueKey, wfQueueKey } from '../engine/engine';
import type { CallContext, Handler } from '../grpc/server';
import { enums, numEnum, temporal } from '../proto/types';
import { deadlineExceeded, invalidArgument, notFound, RpcError } from '../grpc/errors';
import { completeWorkflowTask, failWorkflowTask, startEagerWorkflowTask } from '../engine/workflow-tasks';
import { deleteExecution, rememberSignalRequest, requestCancel, signal, startExecution, terminate } from '../engine/lifecycle';
import {
  activityById,
  activityByToken,
  cancelActivityFromWorker,
  completeActivity,
  failActivity,
  heartbeat,
  type ActivityTarget,
} from '../engine/activities';
import { admitUpdate, findUpdate, waitForStage } from '../engine/updates';
import { describe, executionInfo, list } from '../engine/visibility';
import { decodeToken } from '../engine/task-token';
import type { Execution } from '../engine/types';
import { status } from '@grpc/grpc-js';
import { LONG_POLL_MS, longPollMs, ns, startParams, updateResponse, type Req } from './requests';
import { executeMultiOperation } from './multi-operation';

type WS = typeof temporal.api.workflowservice.v1;

const POLL_TIMEOUT_MS = 60_000;
const S = numEnum(enums.WorkflowExecutionStatus);

function h<K extends keyof WS>(_type: K, fn: (req: Req<K>, ctx: CallContext) => Promise<object> | object): Handler {
  return (req, ctx) => fn(req as Req<K>, ctx);
}

export function workflowServiceHandlers(engine: Engine): Record<string, Handler> {
  const tx = <T>(reason: string, fn: () => T): T => engine.tx(reason, fn);

  const activityTarget = (token: Uint8Array | null | undefined, byId?: { namespace?: string | null; workflowId?: string | null; runId?: string | null; activityId?: string | null }): ActivityTarget =>
    byId ? activityById(engine, ns(byId.namespace), byId.workflowId ?? '', byId.runId, byId.activityId ?? '') : activityByToken(engine, token);

  return {
    GetSystemInfo: h('GetSystemInfoRequest', () => ({
      serverVersion: '1.24.0-nrm-embedded',
      capabilities: {
        signalAndQueryHeader: true,
        internalErrorDifferentiation: true,
        activityFailureIncludeHeartbeat: true,
        encodedFailureAttributes: true,
        upsertMemo: true,
        sdkMetadata: true,
      },
    })),

    DescribeNamespace: h('DescribeNamespaceRequest', (r) => {
      const name = ns(r.namespace);
      return {
        namespaceInfo: { name, state: enums.NamespaceState.NAMESPACE_STATE_REGISTERED, id: engine.namespaceId(name), description: 'embedded' },
        config: { workflowExecutionRetentionTtl: { seconds: Math.floor(engine.retentionMs / 1000), nanos: (engine.retentionMs % 1000) * 1e6 } },
        isGlobalNamespace: false,
      };
    }),

    StartWorkflowExecution: h('StartWorkflowExecutionRequest', (r) =>
      tx('StartWorkflowExecution', () => {
        // Eager start: the client's connection hosts a worker for this queue that reserved a slot for the first task.
        const eager = r.requestEagerExecution === true;
        const { execution, started } = startExecution(engine, { ...startParams(r), eager });
        const eagerWorkflowTask = eager && started ? startEagerWorkflowTask(engine, execution, r.identity ?? '') : null;
        return { runId: execution.runId, started, ...(eagerWorkflowTask ? { eagerWorkflowTask } : {}) };
      }),
    ),

    ExecuteMultiOperation: h('ExecuteMultiOperationRequest', (r, ctx) => executeMultiOperation(engine, r, ctx)),

    SignalWorkflowExecution: h('SignalWorkflowExecutionRequest', (r) =>
      tx('SignalWorkflowExecution', () => {
        const e = engine.store.find(ns(r.namespace), r.workflowExecution?.workflowId ?? '', r.workflowExecution?.runId);
        signal(engine, e, r.signalName ?? '', r.input ?? null, r.header ?? null, r.identity ?? '', r.requestId ?? '');
        return {};
      }),
    ),

    SignalWithStartWorkflowExecution: h('SignalWithStartWorkflowExecutionRequest', (r) =>
      tx('SignalWithStartWorkflowExecution', () => {
        const namespace = ns(r.namespace);
        const existing = engine.store.currentRun(namespace, r.workflowId ?? '');
        if (existing && engine.isRunning(existing)) {
          signal(engine, existing, r.signalName ?? '', r.signalInput ?? null, r.header ?? null, r.identity ?? '', r.requestId ?? '');
          return { runId: existing.runId, started: false };
        }
        const p = startParams(r);
        p.signal = { signalName: r.signalName ?? '', input: r.signalInput ?? null, header: r.header ?? null, identity: r.identity ?? '' };
        const { execution } = startExecution(engine, p);
        if (r.requestId) rememberSignalRequest(execution, r.requestId);
        return { runId: execution.runId, started: true };
      }),
    ),

    RequestCancelWorkflowExecution: h('RequestCancelWorkflowExecutionRequest', (r) =>
      tx('RequestCancelWorkflowExecution', () => {
        const e = engine.store.find(ns(r.namespace), r.workflowExecution?.workflowId ?? '', r.workflowExecution?.runId);
        requestCancel(engine, e, r.reason ?? '', r.identity ?? '');
        return {};
      }),
    ),

    TerminateWorkflowExecution: h('TerminateWorkflowExecutionRequest', (r) =>
      tx('TerminateWorkflowExecution', () => {
        const e = engine.store.find(ns(r.namespace), r.workflowExecution?.workflowId ?? '', r.workflowExecution?.runId);
        terminate(engine, e, r.reason ?? '', r.details ?? null, r.identity ?? '');
        return {};
      }),
    ),

    DeleteWorkflowExecution: h('DeleteWorkflowExecutionRequest', (r) =>
      tx('DeleteWorkflowExecution', () => {
        const e = engine.store.find(ns(r.namespace), r.workflowExecution?.workflowId ?? '', r.workflowExecution?.runId);
        deleteExecution(engine, e, '');
        return {};
      }),
    ),

    DescribeWorkflowExecution: h('DescribeWorkflowExecutionRequest', (r) =>
      tx('DescribeWorkflowExecution', () => describe(engine, engine.store.find(ns(r.namespace), r.execution?.workflowId ?? '', r.execution?.runId))),
    ),

    GetWorkflowExecutionHistory: h('GetWorkflowExecutionHistoryRequest', async (r, ctx) => {
      const e = engine.store.find(ns(r.namespace), r.execution?.workflowId ?? '', r.execution?.runId);
      const closeOnly = r.historyEventFilterType === enums.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;
      if (closeOnly) {
        if (engine.isRunning(e) && r.waitNewEvent) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(finish, longPollMs(ctx, LONG_POLL_MS));
            const off = engine.waitForClose(e.runId, finish);
            ctx.onCancel(finish);
            function finish(): void {
              clearTimeout(timer);
              off();
              resolve();
            }
          });
        }
        const last = e.history[e.history.length - 1];
        return { history: { events: !engine.isRunning(e) && last ? [last] : [] } };
      }
      const offset = r.nextPageToken && r.nextPageToken.length > 0 ? Number(Buffer.from(r.nextPageToken).toString('utf8')) : 0;
      if (r.waitNewEvent && offset >= e.history.length && engine.isRunning(e)) {
        // Long poll for the next event of the run.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(finish, longPollMs(ctx, LONG_POLL_MS));
          const off = engine.waitForEvent(e.runId, finish);
          ctx.onCancel(finish);
          function finish(): void {
            clearTimeout(timer);
            off();
            resolve();
          }
        });
      }
      const size = r.maximumPageSize && r.maximumPageSize > 0 ? r.maximumPageSize : e.history.length;
      const events = e.history.slice(offset, offset + size);
      const next = offset + events.length;
      const more = next < e.history.length || (r.waitNewEvent === true && engine.isRunning(e));
      return { history: { events }, nextPageToken: more ? Buffer.from(String(next), 'utf8') : Buffer.alloc(0) };
    }),

    PollWorkflowTaskQueue: h('PollWorkflowTaskQueueRequest', (r, ctx) => {
      const name = r.taskQueue?.name ?? '';
      // Sticky queue names are just other queue names (a worker polls its own sticky queue for cached runs).
      const res = engine.workflowQueues.poll(wfQueueKey(ns(r.namespace), name), ctx, longPollMs(ctx, POLL_TIMEOUT_MS), { identity: r.identity ?? '' });
      return res instanceof Promise ? res.then((t) => t ?? {}) : res;
    }),

    RespondWorkflowTaskCompleted: h('RespondWorkflowTaskCompletedRequest', (r) => tx('RespondWorkflowTaskCompleted', () => completeWorkflowTask(engine, r))),

    RespondWorkflowTaskFailed: h('RespondWorkflowTaskFailedRequest', (r) =>
      tx('RespondWorkflowTaskFailed', () => {
        failWorkflowTask(engine, r);
        return {};
      }),
    ),

    RespondQueryTaskCompleted: h('RespondQueryTaskCompletedRequest', (r) => {
      const t = decodeToken(r.taskToken);
      if (!t || t.k !== 'q') throw invalidArgument('invalid query task token');
      tx('RespondQueryTaskCompleted', () => {
        const e = engine.store.byRunId(t.r);
        e?.queries.delete(t.q);
        if (e) engine.store.touch(e);
      });
      if (r.completedType === enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED) engine.answerQuery(t.q, { result: r.queryResult ?? null });
      else engine.answerQuery(t.q, { error: r.errorMessage || r.failure?.message || 'query failed' });
      return {};
    }),

    QueryWorkflow: h('QueryWorkflowRequest', async (r, ctx) => {
      const queryId = randomUUID();
      const answer = new Promise<{ result?: temporal.api.common.v1.IPayloads | null; error?: string }>((resolve) => engine.waitForQuery(queryId, resolve));
      tx('QueryWorkflow', () => {
        const e = engine.store.find(ns(r.namespace), r.execution?.workflowId ?? '', r.execution?.runId);
        const attached = engine.isRunning(e) && e.wft !== null;
        e.queries.set(queryId, { queryId, query: r.query ?? {}, mode: attached ? 'attached' : 'legacy' });
        engine.clock.holdWork(`q|${queryId}`);
        engine.store.touch(e);
        if (!attached) engine.workflowQueues.add(wfQueueKey(e.namespace, e.taskQueue), { kind: 'query', runId: e.runId, queryId });
      });
      const timeoutMs = longPollMs(ctx, LONG_POLL_MS);
      const timer = setTimeout(() => engine.answerQuery(queryId, { error: '\u0000timeout' }), timeoutMs);
      ctx.onCancel(() => engine.answerQuery(queryId, { error: '\u0000timeout' }));
      const a = await answer;
      clearTimeout(timer);
      if (a.error === '\u0000timeout') throw deadlineExceeded('query timed out: no worker answered');
      if (a.error !== undefined) throw new RpcError(status.INVALID_ARGUMENT, a.error);
      return { queryResult: a.result ?? null };
    }),

    UpdateWorkflowExecution: h('UpdateWorkflowExecutionRequest', async (r, ctx) => {
      const request = r.request ?? {};
      const updateId = request.meta?.updateId || randomUUID();
      request.meta = { ...(request.meta ?? {}), updateId };
      const { e, u } = tx('UpdateWorkflowExecution', () => {
        const ex = engine.store.find(ns(r.namespace), r.workflowExecution?.workflowId ?? '', r.workflowExecution?.runId);
        return { e: ex, u: admitUpdate(engine, ex, request) };
      });
      const stage = r.waitPolicy?.lifecycleStage || enums.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
      await waitForStage(engine, e, u, stage, longPollMs(ctx, LONG_POLL_MS));
      return updateResponse(e, updateId);
    }),

    PollWorkflowExecutionUpdate: h('PollWorkflowExecutionUpdateRequest', async (r, ctx) => {
      const ref = r.updateRef ?? {};
      const e = engine.store.find(ns(r.namespace), ref.workflowExecution?.workflowId ?? '', ref.workflowExecution?.runId);
      const u = findUpdate(e, ref.updateId ?? '');
      const stage = r.waitPolicy?.lifecycleStage || enums.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
      await waitForStage(engine, e, u, stage, longPollMs(ctx, LONG_POLL_MS));
      return updateResponse(e, ref.updateId ?? '');
    }),

    PollActivityTaskQueue: h('PollActivityTaskQueueRequest', (r, ctx) => {
      const res = engine.activityQueues.poll(actQueueKey(ns(r.namespace), r.taskQueue?.name ?? ''), ctx, longPollMs(ctx, POLL_TIMEOUT_MS), { identity: r.identity ?? '' });
      return res instanceof Promise ? res.then((t) => t ?? {}) : res;
    }),

    RespondActivityTaskCompleted: h('RespondActivityTaskCompletedRequest', (r) =>
      tx('RespondActivityTaskCompleted', () => {
        completeActivity(engine, activityTarget(r.taskToken), r.result ?? null, r.identity ?? '');
        return {};
      }),
    ),
    RespondActivityTaskCompletedById: h('RespondActivityTaskCompletedByIdRequest', (r) =>
      tx('RespondActivityTaskCompletedById', () => {
        completeActivity(engine, activityTarget(null, r), r.result ?? null, r.identity ?? '');
        return {};
      }),
    ),
    RespondActivityTaskFailed: h('RespondActivityTaskFailedRequest', (r) =>
      tx('RespondActivityTaskFailed', () => {
        failActivity(engine, activityTarget(r.taskToken), r.failure ?? null, r.identity ?? '', r.lastHeartbeatDetails ?? null);
        return { failures: [] };
      }),
    ),
    RespondActivityTaskFailedById: h('RespondActivityTaskFailedByIdRequest', (r) =>
      tx('RespondActivityTaskFailedById', () => {
        failActivity(engine, activityTarget(null, r), r.failure ?? null, r.identity ?? '', r.lastHeartbeatDetails ?? null);
        return { failures: [] };
      }),
    ),
    RespondActivityTaskCanceled: h('RespondActivityTaskCanceledRequest', (r) =>
      tx('RespondActivityTaskCanceled', () => {
        cancelActivityFromWorker(engine, activityTarget(r.taskToken), r.details ?? null, r.identity ?? '');
        return {};
      }),
    ),
    RespondActivityTaskCanceledById: h('RespondActivityTaskCanceledByIdRequest', (r) =>
      tx('RespondActivityTaskCanceledById', () => {
        cancelActivityFromWorker(engine, activityTarget(null, r), r.details ?? null, r.identity ?? '');
        return {};
      }),
    ),
    RecordActivityTaskHeartbeat: h('RecordActivityTaskHeartbeatRequest', (r) =>
      tx('RecordActivityTaskHeartbeat', () => ({ cancelRequested: heartbeat(engine, activityTarget(r.taskToken), r.details ?? null) })),
    ),
    RecordActivityTaskHeartbeatById: h('RecordActivityTaskHeartbeatByIdRequest', (r) =>
      tx('RecordActivityTaskHeartbeatById', () => ({ cancelRequested: heartbeat(engine, activityTarget(null, r), r.details ?? null) })),
    ),

    ShutdownWorker: h('ShutdownWorkerRequest', (r) =>
      tx('ShutdownWorker', () => {
        if (r.stickyTaskQueue) engine.dropStickyQueue(ns(r.namespace), r.stickyTaskQueue);
        return {};
      }),
    ),
    ResetStickyTaskQueue: h('ResetStickyTaskQueueRequest', (r) =>
      tx('ResetStickyTaskQueue', () => {
        const e = engine.store.find(ns(r.namespace), r.execution?.workflowId ?? '', r.execution?.runId);
        e.stickyQueue = undefined;
        engine.store.touch(e);
        return {};
      }),
    ),

    ListWorkflowExecutions: h('ListWorkflowExecutionsRequest', (r) =>
      tx('ListWorkflowExecutions', () => ({
        executions: list(engine, ns(r.namespace), r.query ?? '').map((e) => executionInfo(engine, e)),
        nextPageToken: Buffer.alloc(0),
      })),
    ),
    CountWorkflowExecutions: h('CountWorkflowExecutionsRequest', (r) => tx('CountWorkflowExecutions', () => ({ count: list(engine, ns(r.namespace), r.query ?? '').length }))),
  };
}

export function isClosed(e: Execution): boolean {
  return e.status !== S.WORKFLOW_EXECUTION_STATUS_RUNNING;
}

export { notFound };
