/** WorkflowService.ResetWorkflowExecution (engine/reset.ts). */
import type { Engine } from '../engine/engine';
import type { Handler } from '../grpc/server';
import { resetWorkflow } from '../engine/reset';
import { ns, type Req } from './requests';

export function resetHandlers(engine: Engine): Record<string, Handler> {
  return {
    ResetWorkflowExecution: (req) =>
      engine.tx('ResetWorkflowExecution', () => {
        const r = req as Req<'ResetWorkflowExecutionRequest'>;
        const base = engine.store.find(ns(r.namespace), r.workflowExecution?.workflowId ?? '', r.workflowExecution?.runId);
        return { runId: resetWorkflow(engine, base, r) };
      }),
  };
}
