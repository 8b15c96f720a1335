import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import {
  ACTIVITY_RETRY,
  ACTIVITY_START_TO_CLOSE_MS,
  AUDIT_CHECKPOINTS_PER_RUN,
  type AuditCheckpointActivities,
  type AuditCheckpointWorkflowInput,
} from '@lib/contracts';

const checkpointActs = proxyActivities<AuditCheckpointActivities>({
  startToCloseTimeout: ACTIVITY_START_TO_CLOSE_MS,
  retry: ACTIVITY_RETRY,
});

/**
 * Takes a signed audit checkpoint, sleeps (durable timer) for the interval the activity returned, again; continues as
 * new after AUDIT_CHECKPOINTS_PER_RUN checkpoints. Started once by the worker (workflow id AUDIT_CHECKPOINT_WORKFLOW_ID,
 * an existing run is kept), so it survives restarts of every process; a failing checkpoint is retried with backoff
 * until it succeeds (a storage outage delays checkpoints, it never ends the loop).
 */
export async function auditCheckpointWorkflow(input: AuditCheckpointWorkflowInput = {}): Promise<never> {
  let taken = input.taken ?? 0;
  for (let i = 0; i < AUDIT_CHECKPOINTS_PER_RUN; i++) {
    const result = await checkpointActs.writeAuditCheckpoint({
      workflowId: workflowInfo().workflowId,
      at: new Date(Date.now()).toISOString(),
    });
    taken++;
    await sleep(Math.max(1_000, result.nextInMs));
  }
  return continueAsNew<typeof auditCheckpointWorkflow>({ taken });
}
