/** SHUTDOWN_GRACE_SECONDS: how long a SIGTERM'd process may take to finish in-flight work (default 25, below k8s' 30). */
export function shutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SHUTDOWN_GRACE_SECONDS;
  if (raw === undefined || raw === '') return 25_000;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600)
    throw new Error('SHUTDOWN_GRACE_SECONDS must be an integer between 1 and 3600');
  return seconds * 1000;
}

/** Resolves true when `work` finished within `graceMs`, false when the grace period ran out first. */
export async function withinGrace(work: Promise<unknown>, graceMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  try {
    return await Promise.race([work.then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}
