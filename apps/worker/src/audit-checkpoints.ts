import { Client } from '@temporalio/client';
import { type DataConverter } from '@temporalio/common';
import { type NativeConnection } from '@temporalio/worker';
import { type DataSource } from 'typeorm';
import {
  auditCheckpointActivities,
  auditCheckpointIntervalMs,
  checkpointStoreFromEnv,
  loadAuditSigningKey,
} from '@lib/audit';
import {
  AUDIT_CHECKPOINT_WORKFLOW_ID,
  AUDIT_CHECKPOINT_WORKFLOW_TYPE,
  type AuditCheckpointActivities,
} from '@lib/contracts';

/**
 * The checkpoint activity of this worker, configured from the environment and validated before the worker starts:
 * AUDIT_SIGNING_KEY / AUDIT_SIGNING_KEY_FILE (a private key: the worker signs), AUDIT_CHECKPOINT_DIR,
 * AUDIT_CHECKPOINT_INTERVAL_MINUTES. Errors name the variable.
 */
export function auditCheckpointActivitiesFromEnv(dataSource: DataSource): AuditCheckpointActivities {
  const key = loadAuditSigningKey();
  if (!key.canSign)
    throw new Error('AUDIT_SIGNING_KEY: the worker needs the private key (it signs checkpoints)');
  const store = checkpointStoreFromEnv();
  return auditCheckpointActivities({
    dataSource,
    key,
    store,
    intervalMs: auditCheckpointIntervalMs(),
    onWithheld: (withheld) =>
      process.stderr.write(
        `audit checkpoint: ${withheld.length} chain head(s) not vouched for, previous entry kept; run audit:verify (${withheld
          .map((w) => `${w.chainId}@${w.seq}`)
          .join(', ')})\n`,
      ),
  });
}

/**
 * Starts the audit checkpoint loop workflow unless it already runs (USE_EXISTING: every worker replica may call
 * this at start; one loop exists per namespace).
 */
export async function ensureAuditCheckpointLoop(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataConverter: DataConverter;
}): Promise<void> {
  const client = new Client({
    connection: options.connection,
    namespace: options.namespace,
    dataConverter: options.dataConverter,
  });
  await client.workflow.start(AUDIT_CHECKPOINT_WORKFLOW_TYPE, {
    workflowId: AUDIT_CHECKPOINT_WORKFLOW_ID,
    taskQueue: options.taskQueue,
    args: [{}],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
