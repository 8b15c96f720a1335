/** Request helpers shared by the WorkflowService handlers: request types, namespaces, long-poll budgets, start and update answers. */
import type { CallContext } from '../grpc/server';
import { durMs, temporal } from '../proto/types';
import { invalidArgument } from '../grpc/errors';
import type { StartParams } from '../engine/lifecycle';
import { findUpdate, stageOf } from '../engine/updates';
import type { Execution } from '../engine/types';

type WS = typeof temporal.api.workflowservice.v1;
export type Req<K extends keyof WS> = WS[K] extends { create(p?: infer P): unknown } ? NonNullable<P> : never;

export const LONG_POLL_MS = 55_000;

/**
 * How long a long poll may wait: up to `cap`, ending at least a second before the caller's deadline. Long waits are
 * whole seconds: Node keeps one timer list per distinct duration, so polls with equal durations share one instead of
 * each creating (and tearing down) its own.
 */
export function longPollMs(ctx: CallContext, cap: number): number {
  const ms = Math.max(0, Math.min(cap, ctx.remainingMs() - 1000));
  return ms >= 10_000 ? ms - (ms % 1000) : ms;
}

export function ns(v: string | null | undefined): string {
  return v || 'default';
}

export function startParams(r: Req<'StartWorkflowExecutionRequest'>): StartParams {
  if (!r.workflowId) throw invalidArgument('WorkflowId is not set on request.');
  if (!r.workflowType?.name) throw invalidArgument('WorkflowType is not set on request.');
  if (!r.taskQueue?.name) throw invalidArgument('TaskQueue is not set on request.');
  return {
    namespace: ns(r.namespace),
    workflowId: r.workflowId,
    workflowType: r.workflowType.name,
    taskQueue: r.taskQueue.name,
    input: r.input ?? null,
    header: r.header ?? null,
    memo: r.memo ?? null,
    searchAttributes: r.searchAttributes ?? null,
    runTimeoutMs: durMs(r.workflowRunTimeout),
    executionTimeoutMs: durMs(r.workflowExecutionTimeout),
    taskTimeoutMs: durMs(r.workflowTaskTimeout),
    identity: r.identity ?? '',
    requestId: r.requestId ?? '',
    reusePolicy: r.workflowIdReusePolicy ?? 0,
    conflictPolicy: r.workflowIdConflictPolicy ?? 0,
    retryPolicy: r.retryPolicy ?? null,
    cronSchedule: r.cronSchedule ?? '',
  };
}

export function updateResponse(e: Execution, updateId: string): object {
  const u = findUpdate(e, updateId);
  return {
    updateRef: { workflowExecution: { workflowId: e.workflowId, runId: e.runId }, updateId },
    outcome: u.status === 'completed' || u.status === 'rejected' ? u.outcome : null,
    stage: stageOf(u),
  };
}
