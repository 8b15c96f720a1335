/** The slice of Temporal's WorkflowService that namespace registration uses (the client connection's). */
export interface NamespaceService {
  describeNamespace(request: {
    namespace: string;
  }): Promise<{ config?: { workflowExecutionRetentionTtl?: { seconds?: unknown } | null } | null }>;
  registerNamespace(request: {
    namespace: string;
    workflowExecutionRetentionPeriod: { seconds: number };
  }): Promise<unknown>;
  updateNamespace(request: {
    namespace: string;
    config: { workflowExecutionRetentionTtl: { seconds: number } };
  }): Promise<unknown>;
}

const GRPC_NOT_FOUND = 5;

/** TEMPORAL_NAMESPACE_RETENTION_DAYS: closed workflow histories kept this many days (default 30). */
export function namespaceRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TEMPORAL_NAMESPACE_RETENTION_DAYS;
  if (raw === undefined || raw === '') return 30;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new Error('TEMPORAL_NAMESPACE_RETENTION_DAYS must be an integer between 1 and 3650');
  return days;
}

/**
 * Registers the namespace with the retention, or brings an existing one's retention to it. Idempotent: a Job or a
 * Compose one-shot runs it at every rollout. Returns what it did.
 */
export async function ensureNamespace(
  service: NamespaceService,
  namespace: string,
  retentionDays: number,
): Promise<'registered' | 'updated' | 'unchanged'> {
  const seconds = retentionDays * 86_400;
  let current: Awaited<ReturnType<NamespaceService['describeNamespace']>>;
  try {
    current = await service.describeNamespace({ namespace });
  } catch (error) {
    if ((error as { code?: number }).code !== GRPC_NOT_FOUND) throw error;
    await service.registerNamespace({ namespace, workflowExecutionRetentionPeriod: { seconds } });
    return 'registered';
  }
  if (Number(current.config?.workflowExecutionRetentionTtl?.seconds ?? 0) === seconds) return 'unchanged';
  await service.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: { seconds } } });
  return 'updated';
}
