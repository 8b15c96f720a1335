/**
 * The audit checkpoint loop: one long-lived workflow per namespace that, every interval, has an activity take a signed
 * checkpoint of every audit chain head and write it outside the database (libs/audit), then sleeps (a durable timer)
 * and continues as new every so often to keep its history short.
 */
export const AUDIT_CHECKPOINT_WORKFLOW_TYPE = 'auditCheckpointWorkflow';
export const AUDIT_CHECKPOINT_WORKFLOW_ID = 'audit-checkpoints';

/** Default interval between checkpoints (AUDIT_CHECKPOINT_INTERVAL_MINUTES overrides it in the worker). */
export const AUDIT_CHECKPOINT_DEFAULT_INTERVAL_MS = 15 * 60_000;

/** Checkpoints per workflow run before continue-as-new (~ 3 activities + 1 timer each: ~500 history events). */
export const AUDIT_CHECKPOINTS_PER_RUN = 100;

export interface AuditCheckpointWorkflowInput {
  /** Checkpoints taken by earlier runs (informational; survives continue-as-new). */
  taken?: number;
}

export interface WriteAuditCheckpointResult {
  /** Chains in the checkpoint. */
  chains: number;
  /** Chains whose heads could not be vouched for (previous entry carried forward). Ids only. */
  withheld: number;
  /**
   * Milliseconds until the next checkpoint, from the worker's configuration at the time of this one (so a changed
   * AUDIT_CHECKPOINT_INTERVAL_MINUTES applies from the next iteration, with no new workflow).
   */
  nextInMs: number;
}

export interface AuditCheckpointActivities {
  writeAuditCheckpoint(input: { workflowId: string; at: string }): Promise<WriteAuditCheckpointResult>;
}
