import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';

/** Metadata the SDK attaches to its log lines that are ids, names or counters (never payloads or messages). */
const ID_FIELDS = [
  'sdkComponent',
  'namespace',
  'taskQueue',
  'workflowType',
  'workflowId',
  'runId',
  'activityType',
  'activityId',
  'attempt',
  'isLocal',
] as const;

const LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/** TEMPORAL_SDK_LOG_LEVEL (TRACE…ERROR, default WARN). */
export function sdkLogLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const value = (env.TEMPORAL_SDK_LOG_LEVEL ?? 'WARN').toUpperCase();
  if (!(LEVELS as readonly string[]).includes(value)) {
    throw new Error('TEMPORAL_SDK_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR');
  }
  return value as LogLevel;
}

/** One log entry of the Temporal SDK (and its native core, when forwarded) as the worker's JSON line. */
export function sdkLogLine(entry: LogEntry): Record<string, unknown> {
  const meta = (entry.meta ?? {}) as Record<string, unknown>;
  const line: Record<string, unknown> = {
    time: new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString(),
    level: entry.level.toLowerCase(),
    component: 'temporal-sdk',
    msg: entry.message,
  };
  for (const field of ID_FIELDS) {
    const value = meta[field];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') line[field] = value;
  }
  // An activity's or workflow's failure can quote data (a database error names the duplicate value): its class only.
  const error = meta.error ?? meta.failure;
  if (error instanceof Error) line.errorClass = error.name;
  return line;
}

/**
 * The worker's Temporal SDK logger: one JSON object per line on stderr, like the worker's own lines, with workflow and
 * activity ids as fields and error classes only.
 */
export function jsonSdkLogger(level: LogLevel): DefaultLogger {
  return new DefaultLogger(level, (entry) => {
    process.stderr.write(`${JSON.stringify(sdkLogLine(entry))}\n`);
  });
}
