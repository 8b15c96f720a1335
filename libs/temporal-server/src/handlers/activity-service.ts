/**
 * WorkflowService RPCs of standalone activities (engine/standalone-activities.ts): Start / Describe / Poll /
 * RequestCancel / Terminate / List / Count ActivityExecution(s), and the worker-facing RespondActivityTask* and
 * RecordActivityTaskHeartbeat RPCs (by token and by id) routed to a standalone activity when the token or the request
 * names one, to the workflow-activity handlers otherwise.
 */
import type { Engine } from '../engine/engine';
import type { CallContext, Handler } from '../grpc/server';
import type { temporal } from '../proto/types';
import { decodeToken, isStandaloneToken } from '../engine/task-token';
import {
  cancelStandaloneFromWorker,
  completeStandalone,
  decodeLongPollToken,
  describeStandalone,
  failStandalone,
  findStandalone,
  heartbeatStandalone,
  isRunning,
  listInfo,
  listStandalone,
  outcomeOf,
  requestCancelStandalone,
  standaloneById,
  standaloneByToken,
  startStandalone,
  terminateStandalone,
  waitForChange,
  type StandaloneActivity,
} from '../engine/standalone-activities';
import { invalidArgument } from '../grpc/errors';
import { LONG_POLL_MS, longPollMs, ns, type Req } from './requests';

type WS = typeof temporal.api.workflowservice.v1;

function h<K extends keyof WS>(_type: K, fn: (req: Req<K>, ctx: CallContext) => Promise<object> | object): Handler {
  return (req, ctx) => fn(req as Req<K>, ctx);
}

interface ById {
  namespace?: string | null;
  workflowId?: string | null;
  runId?: string | null;
  activityId?: string | null;
}

/** Waits (outside any transaction) until `done()` holds or the run changes, the call is cancelled, or the budget ends. */
async function waitUntil(engine: Engine, runId: string, ctx: CallContext, budgetMs: number, done: () => boolean): Promise<void> {
  const deadline = Date.now() + budgetMs;
  while (!done() && !ctx.isCancelled()) {
    const left = deadline - Date.now();
    if (left <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, left);
      const off = waitForChange(engine, runId, finish);
      ctx.onCancel(finish);
      function finish(): void {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  }
}

/**
 * The WorkflowService handlers with standalone activities added: `base` answers everything that concerns a workflow
 * (its activity RPCs are wrapped so that standalone tokens and by-id requests without a workflow id go here).
 */
export function withStandaloneActivities(engine: Engine, base: Record<string, Handler>): Record<string, Handler> {
  const tx = <T>(reason: string, fn: () => T): T => engine.tx(reason, fn);

  /** By token: the standalone attempt it names (NOT_FOUND once that attempt is over). */
  const byToken = (token: Uint8Array | null | undefined): StandaloneActivity => {
    const t = decodeToken(token);
    if (!t) throw invalidArgument('invalid activity task token');
    return standaloneByToken(engine, t);
  };
  /** By id: the running standalone activity (its run id is the activity's). */
  const byId = (r: ById): StandaloneActivity => standaloneById(engine, ns(r.namespace), r.activityId ?? '', r.runId);
  const isStandaloneById = (r: ById): boolean => !r.workflowId;

  /** Standalone requests are answered here (one transaction); everything else goes to the workflow handler as before. */
  const route = <R>(name: string, isStandalone: (r: R) => boolean, fn: (r: R) => object): Handler => {
    const fallback = base[name];
    return (req, ctx) => {
      const r = req as R;
      if (isStandalone(r)) return tx(name, () => fn(r));
      if (!fallback) throw invalidArgument('invalid activity task');
      return fallback(req, ctx);
    };
  };

  type Completed = Req<'RespondActivityTaskCompletedRequest'>;
  type Failed = Req<'RespondActivityTaskFailedRequest'>;
  type Canceled = Req<'RespondActivityTaskCanceledRequest'>;
  type Heartbeat = Req<'RecordActivityTaskHeartbeatRequest'>;
  type CompletedById = Req<'RespondActivityTaskCompletedByIdRequest'>;
  type FailedById = Req<'RespondActivityTaskFailedByIdRequest'>;
  type CanceledById = Req<'RespondActivityTaskCanceledByIdRequest'>;
  type HeartbeatById = Req<'RecordActivityTaskHeartbeatByIdRequest'>;

  return {
    ...base,

    RespondActivityTaskCompleted: route<Completed>('RespondActivityTaskCompleted', (r) => isStandaloneToken(r.taskToken), (r) => {
      completeStandalone(engine, byToken(r.taskToken), r.result ?? null, r.identity ?? '');
      return {};
    }),
    RespondActivityTaskCompletedById: route<CompletedById>('RespondActivityTaskCompletedById', isStandaloneById, (r) => {
      completeStandalone(engine, byId(r), r.result ?? null, r.identity ?? '');
      return {};
    }),
    RespondActivityTaskFailed: route<Failed>('RespondActivityTaskFailed', (r) => isStandaloneToken(r.taskToken), (r) => {
      failStandalone(engine, byToken(r.taskToken), r.failure ?? null, r.identity ?? '', r.lastHeartbeatDetails ?? null);
      return { failures: [] };
    }),
    RespondActivityTaskFailedById: route<FailedById>('RespondActivityTaskFailedById', isStandaloneById, (r) => {
      failStandalone(engine, byId(r), r.failure ?? null, r.identity ?? '', r.lastHeartbeatDetails ?? null);
      return { failures: [] };
    }),
    RespondActivityTaskCanceled: route<Canceled>('RespondActivityTaskCanceled', (r) => isStandaloneToken(r.taskToken), (r) => {
      cancelStandaloneFromWorker(engine, byToken(r.taskToken), r.details ?? null, r.identity ?? '');
      return {};
    }),
    RespondActivityTaskCanceledById: route<CanceledById>('RespondActivityTaskCanceledById', isStandaloneById, (r) => {
      cancelStandaloneFromWorker(engine, byId(r), r.details ?? null, r.identity ?? '');
      return {};
    }),
    RecordActivityTaskHeartbeat: route<Heartbeat>('RecordActivityTaskHeartbeat', (r) => isStandaloneToken(r.taskToken), (r) => ({
      cancelRequested: heartbeatStandalone(engine, byToken(r.taskToken), r.details ?? null),
    })),
    RecordActivityTaskHeartbeatById: route<HeartbeatById>('RecordActivityTaskHeartbeatById', isStandaloneById, (r) => ({
      cancelRequested: heartbeatStandalone(engine, byId(r), r.details ?? null),
    })),

    StartActivityExecution: h('StartActivityExecutionRequest', (r) =>
      tx('StartActivityExecution', () => {
        const namespace = ns(r.namespace);
        const { runId, started } = startStandalone(engine, namespace, r);
        return { runId, started, link: { activity: { namespace, activityId: r.activityId, runId } } };
      }),
    ),

    PollActivityExecution: h('PollActivityExecutionRequest', async (r, ctx) => {
      const a = tx('PollActivityExecution', () => findStandalone(engine, ns(r.namespace), r.activityId ?? '', r.runId));
      await waitUntil(engine, a.runId, ctx, longPollMs(ctx, LONG_POLL_MS), () => !isRunning(a));
      // Still running when the budget ends: an empty answer invites the caller to poll again.
      return isRunning(a) ? {} : { runId: a.runId, outcome: outcomeOf(a) };
    }),

    DescribeActivityExecution: h('DescribeActivityExecutionRequest', async (r, ctx) => {
      const a = tx('DescribeActivityExecution', () => findStandalone(engine, ns(r.namespace), r.activityId ?? '', r.runId));
      if (r.longPollToken && r.longPollToken.length > 0) {
        const token = decodeLongPollToken(r.longPollToken);
        if (token.r !== a.runId) throw invalidArgument('long poll token does not match execution');
        await waitUntil(engine, a.runId, ctx, longPollMs(ctx, LONG_POLL_MS), () => a.version !== token.v);
        if (a.version === token.v) return {};
      }
      return describeStandalone(engine, a, r);
    }),

    RequestCancelActivityExecution: h('RequestCancelActivityExecutionRequest', (r) =>
      tx('RequestCancelActivityExecution', () => {
        const a = findStandalone(engine, ns(r.namespace), r.activityId ?? '', r.runId);
        requestCancelStandalone(engine, a, { requestId: r.requestId ?? '', reason: r.reason ?? '', identity: r.identity ?? '' });
        return {};
      }),
    ),

    TerminateActivityExecution: h('TerminateActivityExecutionRequest', (r) =>
      tx('TerminateActivityExecution', () => {
        const a = findStandalone(engine, ns(r.namespace), r.activityId ?? '', r.runId);
        terminateStandalone(engine, a, { requestId: r.requestId ?? '', reason: r.reason ?? '', identity: r.identity ?? '' });
        return {};
      }),
    ),

    ListActivityExecutions: h('ListActivityExecutionsRequest', (r) =>
      tx('ListActivityExecutions', () => {
        const all = listStandalone(engine, ns(r.namespace), r.query ?? '');
        const offset = r.nextPageToken && r.nextPageToken.length > 0 ? Number(Buffer.from(r.nextPageToken).toString('utf8')) || 0 : 0;
        const size = r.pageSize && r.pageSize > 0 ? r.pageSize : 1000;
        const page = all.slice(offset, offset + size);
        const next = offset + page.length;
        return { executions: page.map(listInfo), nextPageToken: next < all.length ? Buffer.from(String(next), 'utf8') : Buffer.alloc(0) };
      }),
    ),

    CountActivityExecutions: h('CountActivityExecutionsRequest', (r) => tx('CountActivityExecutions', () => ({ count: listStandalone(engine, ns(r.namespace), r.query ?? '').length, groups: [] }))),
  };
}
