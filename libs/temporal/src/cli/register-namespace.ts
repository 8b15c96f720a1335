/**
 * `node dist/libs/temporal/src/cli/register-namespace.js`: registers TEMPORAL_NAMESPACE on the cluster at
 * TEMPORAL_ADDRESS (TLS / mTLS / API key from the same settings as the API and worker) with
 * TEMPORAL_NAMESPACE_RETENTION_DAYS, or updates an existing namespace's retention. Run by the Kubernetes Job
 * deploy/kubernetes/temporal-namespace-job.yaml and the Compose one-shot `temporal-namespace`.
 */
import { Connection } from '@temporalio/client';
import { ensureNamespace, namespaceRetentionDays, type NamespaceService } from '../namespace-registration';
import { temporalConfigFromEnv } from '../temporal-config';

async function main(): Promise<void> {
  const config = temporalConfigFromEnv();
  const retentionDays = namespaceRetentionDays();
  const connection = await Connection.connect({ address: config.address, ...(config.security ?? {}) });
  try {
    const outcome = await ensureNamespace(
      connection.workflowService as unknown as NamespaceService,
      config.namespace,
      retentionDays,
    );
    process.stdout.write(`namespace ${config.namespace}: ${outcome} (retention ${retentionDays} days)\n`);
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `register-namespace failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'error'}\n`,
  );
  process.exit(1);
});
