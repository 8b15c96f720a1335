/**
 * WorkflowService.ExecuteMultiOperation: update-with-start ([StartWorkflow, UpdateWorkflow], in that order, same
 * workflow id). Both operations are applied in one store transaction: a new run gets the update admitted before its
 * first workflow task is handed out (so the first task carries the update request); a running workflow kept by the
 * USE_EXISTING conflict policy gets the update only. Errors of one operation are reported as the reference servers
 * do: gRPC status of the failing operation, with a MultiOperationExecutionFailure detail listing each operation's
 * status (the other one "aborted").
 */
import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { google } from '@temporalio/proto';
import type { Engine } from '../engine/engine';
import type { CallContext } from '../grpc/server';
import { RpcError, invalidArgument } from '../grpc/errors';
import { enums, temporal } from '../proto/types';
import { startExecution } from '../engine/lifecycle';
import { admitUpdate, waitForStage } from '../engine/updates';
import { LONG_POLL_MS, longPollMs, startParams, updateResponse, type Req } from './requests';

type OperationStatus = temporal.api.errordetails.v1.MultiOperationExecutionFailure.IOperationStatus;

const ABORTED: OperationStatus = {
  code: status.ABORTED,
  message: 'Operation was aborted.',
  details: [
    {
      type_url: 'type.googleapis.com/temporal.api.failure.v1.MultiOperationExecutionAborted',
      value: temporal.api.failure.v1.MultiOperationExecutionAborted.encode({}).finish(),
    },
  ],
};

/** The failing operation's status as the call's status; every operation's status in the detail. */
function multiOperationFailure(statuses: [OperationStatus, OperationStatus]): RpcError {
  const failing = statuses.find((s) => s !== ABORTED) ?? ABORTED;
  const detail = temporal.api.errordetails.v1.MultiOperationExecutionFailure.encode({ statuses }).finish();
  const rpcStatus = google.rpc.Status.encode({
    code: failing.code ?? status.UNKNOWN,
    message: 'MultiOperation could not be executed.',
    details: [
      {
        type_url: 'type.googleapis.com/temporal.api.errordetails.v1.MultiOperationExecutionFailure',
        value: detail,
      },
    ],
  }).finish();
  return new RpcError(failing.code ?? status.UNKNOWN, 'MultiOperation could not be executed.', rpcStatus);
}

function statusOf(err: unknown): OperationStatus {
  if (err instanceof RpcError) return { code: err.code, message: err.message };
  throw err;
}

export async function executeMultiOperation(
  engine: Engine,
  r: Req<'ExecuteMultiOperationRequest'>,
  ctx: CallContext,
): Promise<object> {
  const ops = r.operations ?? [];
  const start = ops[0]?.startWorkflow;
  const update = ops[1]?.updateWorkflow;
  if (ops.length !== 2 || !start || !update)
    throw invalidArgument('Operations have to be exactly [Start, Update].');
  const startFails = (message: string): RpcError =>
    multiOperationFailure([{ code: status.INVALID_ARGUMENT, message }, ABORTED]);
  const updateFails = (message: string): RpcError =>
    multiOperationFailure([ABORTED, { code: status.INVALID_ARGUMENT, message }]);
  if (start.cronSchedule) throw startFails('CronSchedule is not allowed.');
  if (start.requestEagerExecution) throw startFails('RequestEagerExecution is not supported.');
  if (start.workflowStartDelay) throw startFails('WorkflowStartDelay is not supported.');
  if (update.workflowExecution?.runId) throw updateFails('RunId is not allowed.');
  if (update.firstExecutionRunId) throw updateFails('FirstExecutionRunId is not allowed.');
  if ((update.workflowExecution?.workflowId ?? '') !== (start.workflowId ?? '')) {
    throw updateFails("Update operation's WorkflowId is not consistent with Start operation's WorkflowId.");
  }
  const request = update.request ?? {};
  const updateId = request.meta?.updateId || randomUUID();
  request.meta = { ...(request.meta ?? {}), updateId };
  if (!request.input?.name) throw updateFails('Update name is not set on request.');

  const { execution, started, admitted } = engine.tx('ExecuteMultiOperation', () => {
    let result;
    try {
      result = startExecution(engine, {
        ...startParams({ ...start, namespace: start.namespace || r.namespace }),
        update: request,
      });
    } catch (err) {
      throw multiOperationFailure([statusOf(err), ABORTED]);
    }
    try {
      // A new run already holds the update (admitted with the start); an existing run (USE_EXISTING) gets it now.
      return { ...result, admitted: admitUpdate(engine, result.execution, request) };
    } catch (err) {
      throw multiOperationFailure([ABORTED, statusOf(err)]);
    }
  });
  const stage =
    update.waitPolicy?.lifecycleStage ||
    enums.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
  await waitForStage(engine, execution, admitted, stage, longPollMs(ctx, LONG_POLL_MS));
  return {
    responses: [
      { startWorkflow: { runId: execution.runId, started, status: execution.status } },
      { updateWorkflow: updateResponse(execution, updateId) },
    ],
  };
}
