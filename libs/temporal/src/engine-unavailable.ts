import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

/** gRPC status codes of a workflow engine that did not answer: DEADLINE_EXCEEDED, UNAVAILABLE. */
const NOT_ANSWERING = new Set([4, 14]);

/**
 * True when a call failed because the workflow engine (Temporal) could not be reached or did not answer in time, as
 * opposed to a rejection of the request: the caller may retry later. An update that timed out may still be applied
 * by its workflow; a retry with the same update id is applied once, and the recipient transitions check the version.
 */
export function isWorkflowEngineUnavailable(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (!(error instanceof ServiceError)) return false;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' && NOT_ANSWERING.has(code);
}
