/**
 * What may be logged about an unexpected error: its class, driver codes and code locations. NOT its message or
 * driver "detail" (a PostgreSQL unique violation, for one, echoes the offending values).
 */
export function safeErrorSummary(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { errorType: typeof error };
  const e = error as Error & { code?: unknown; constraint?: unknown; table?: unknown; routine?: unknown };
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 12)
    .map((line) => line.trim());
  return {
    errorName: e.name,
    errorClass: e.constructor.name,
    ...(typeof e.code === 'string' ? { driverCode: e.code } : {}),
    ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
    ...(typeof e.table === 'string' ? { table: e.table } : {}),
    frames,
  };
}
