import { grpcCompressionFromEnv } from '@lib/temporal';

/** What the all-in-one process reads from the environment. Every setting has an embedded default. */
export interface StackConfig {
  /** Unset: embedded PostgreSQL under .data/postgres. */
  databaseUrl: string | null;
  /** Unset: the embedded Temporal-compatible server, durable in the same PostgreSQL. */
  temporalAddress: string | null;
  temporalPort: number;
  temporalNamespace: string;
  /** The worker's transport compression to a cluster (TEMPORAL_GRPC_COMPRESSION); none to the loopback embedded server. */
  temporalCompression: 'gzip' | 'none';
  /** Closed workflow executions kept this many days by the embedded server. */
  temporalRetentionDays: number;
}

function intSetting(raw: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer between ${min} and ${max}`);
  return n;
}

export function readStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const temporalAddress = env.TEMPORAL_ADDRESS ? env.TEMPORAL_ADDRESS : null;
  return {
    databaseUrl: env.DATABASE_URL ? env.DATABASE_URL : null,
    temporalAddress,
    temporalCompression: temporalAddress ? grpcCompressionFromEnv(env) : 'none',
    temporalPort: intSetting(env.TEMPORAL_PORT, 7233, 'TEMPORAL_PORT', 0, 65535),
    temporalNamespace: env.TEMPORAL_NAMESPACE || 'default',
    temporalRetentionDays: intSetting(env.TEMPORAL_RETENTION_DAYS, 30, 'TEMPORAL_RETENTION_DAYS', 1, 3650),
  };
}
