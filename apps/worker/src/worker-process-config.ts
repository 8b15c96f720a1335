/** What the standalone worker process reads besides the Temporal and database settings. */
export interface WorkerProcessConfig {
  /** WORKER_HEALTH_PORT (default 3001): GET /health, /ready, /metrics. */
  healthPort: number;
  /** WORKER_HEALTH_HOST (default 0.0.0.0). */
  healthHost: string;
  /** TEMPORAL_SDK_METRICS_ADDRESS (host:port): the Temporal SDK's own Prometheus exporter; unset: off. */
  sdkMetricsAddress: string | null;
}

export function workerProcessConfig(env: NodeJS.ProcessEnv = process.env): WorkerProcessConfig {
  const rawPort = env.WORKER_HEALTH_PORT ?? '3001';
  const healthPort = Number(rawPort);
  if (!Number.isInteger(healthPort) || healthPort < 0 || healthPort > 65535)
    throw new Error('WORKER_HEALTH_PORT must be a port number');
  const sdkMetricsAddress = env.TEMPORAL_SDK_METRICS_ADDRESS || null;
  if (sdkMetricsAddress !== null && !/^[\w.-]+:\d{1,5}$|^\[[\da-f:]+\]:\d{1,5}$/i.test(sdkMetricsAddress)) {
    throw new Error('TEMPORAL_SDK_METRICS_ADDRESS must be host:port');
  }
  return { healthPort, healthHost: env.WORKER_HEALTH_HOST || '0.0.0.0', sdkMetricsAddress };
}
