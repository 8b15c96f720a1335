/**
 * Workflow updates: requests ride on workflow tasks as protocol messages; the worker answers with Acceptance /
 * Rejection / Response messages (bodies are google.protobuf.Any with snake_case `type_url`).
 */
import type { Engine } from './engine';
import type { Execution, UpdateRequest, UpdateState } from './types';
import { enums, numEnum, temporal, type IMessage } from '../proto/types';
import { failedPrecondition, notFound } from '../grpc/errors';

const STAGE = numEnum(enums.UpdateWorkflowExecutionLifecycleStage);

function bodyOf(m: IMessage): { type: string; value: Uint8Array } | undefined {
  // google.protobuf.Any keeps snake_case type_url in protobufjs.
  const any = m.body;
  if (!any?.type_url) return undefined;
  return { type: any.type_url.slice(any.type_url.lastIndexOf('/') + 1), value: any.value ?? new Uint8Array() };
}

export function processProtocolMessage(engine: Engine, e: Execution, m: IMessage): void {
  const body = bodyOf(m);
  const u = e.updates.get(m.protocolInstanceId ?? '');
  if (!body || !u) return;
  switch (body.type) {
    case 'temporal.api.update.v1.Acceptance': {
      const acc = temporal.api.update.v1.Acceptance.decode(body.value);
      u.acceptedEventId = engine.append(e, 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED', {
        protocolInstanceId: u.updateId,
        acceptedRequestMessageId: acc.acceptedRequestMessageId,
        acceptedRequestSequencingEventId: acc.acceptedRequestSequencingEventId,
        acceptedRequest: acc.acceptedRequest ?? u.request,
      });
      u.status = 'accepted';
      break;
    }
    case 'temporal.api.update.v1.Response': {
      const res = temporal.api.update.v1.Response.decode(body.value);
      engine.append(e, 'WORKFLOW_EXECUTION_UPDATE_COMPLETED', {
        meta: res.meta ?? { updateId: u.updateId },
        acceptedEventId: u.acceptedEventId,
        outcome: res.outcome ?? null,
      });
      u.status = 'completed';
      u.outcome = res.outcome ?? null;
      break;
    }
    case 'temporal.api.update.v1.Rejection': {
      const rej = temporal.api.update.v1.Rejection.decode(body.value);
      u.status = 'rejected';
      u.outcome = { failure: rej.failure ?? { message: 'update rejected' } };
      break;
    }
    default:
      engine.debug('ignored protocol message', { workflowId: e.workflowId, type: body.type });
      return;
  }
  engine.store.touch(e);
  engine.notifyUpdate(e.runId, u.updateId);
}

/** Messages without a PROTOCOL_MESSAGE command (rejections; acceptance/response sent bare) are processed after the commands. */
export function processLeftoverMessages(engine: Engine, e: Execution, messages: IMessage[], used: Set<string>): void {
  for (const m of messages) {
    if (!engine.isRunning(e)) return;
    if (used.has(m.id ?? '')) continue;
    used.add(m.id ?? '');
    processProtocolMessage(engine, e, m);
  }
}

export function admitUpdate(engine: Engine, e: Execution, request: UpdateRequest): UpdateState {
  const existing = e.updates.get(request.meta?.updateId ?? '');
  if (existing) return existing;
  if (!engine.isRunning(e)) throw notFound('workflow execution already completed');
  const u = registerUpdate(e, request);
  engine.store.touch(e);
  engine.scheduleWorkflowTask(e); // no-op when a task is outstanding; completion schedules the next one
  return u;
}

/** Records a requested update; the next workflow task handed out carries it (update-with-start: the first one). */
export function registerUpdate(e: Execution, request: UpdateRequest): UpdateState {
  const updateId = request.meta?.updateId ?? '';
  const u: UpdateState = { updateId, request, status: 'requested', acceptedEventId: 0, outcome: null };
  e.updates.set(updateId, u);
  return u;
}

export function stageOf(u: UpdateState): number {
  switch (u.status) {
    case 'requested':
    case 'delivered':
      return STAGE.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED;
    case 'accepted':
      return STAGE.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
    case 'completed':
    case 'rejected':
      return STAGE.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
  }
}

export function findUpdate(e: Execution, updateId: string): UpdateState {
  const u = e.updates.get(updateId);
  if (!u) throw notFound(`update ${updateId} not found`);
  return u;
}

/** Waits until the update reaches `stage` (or the run closes, or timeoutMs passes). */
export function waitForStage(engine: Engine, e: Execution, u: UpdateState, stage: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      if (stageOf(u) >= stage) return true;
      if (!engine.isRunning(e)) {
        if (stageOf(u) < STAGE.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED) {
          reject(notFound('workflow execution already completed'));
          return true;
        }
        if (u.status === 'accepted') {
          reject(failedPrecondition('workflow execution closed before the update completed'));
          return true;
        }
      }
      return false;
    };
    if (check()) return resolve();
    const timer = setTimeout(() => {
      off();
      resolve();
    }, timeoutMs);
    timer.unref();
    const off = engine.waitForUpdate(e.runId, u.updateId, () => {
      if (check()) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}
