/**
 * Structured JSON logging to stderr. Level from env TEMPORAL_SERVER_LOG_LEVEL (debug|info|warn|error, default warn).
 * Callers pass ids, types and RPC names only: payload contents may hold personal data and are never logged.
 */
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

function parseLevel(v: string | undefined): LogLevel {
  const l = (v ?? '').toLowerCase();
  return l in LEVELS ? (l as LogLevel) : 'warn';
}

let threshold = LEVELS[parseLevel(process.env.TEMPORAL_SERVER_LOG_LEVEL)];

export function setLogLevel(level: LogLevel): void {
  threshold = LEVELS[level];
}

export function isLogEnabled(level: LogLevel): boolean {
  return LEVELS[level] >= threshold;
}

export type LogFields = Record<string, string | number | boolean | undefined | null>;

export function log(level: LogLevel, msg: string, fields: LogFields = {}): void {
  if (LEVELS[level] < threshold) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, component: 'temporal-server', msg, ...fields });
  process.stderr.write(line + '\n');
}
