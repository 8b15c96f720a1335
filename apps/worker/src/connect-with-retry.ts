/**
 * Connects to Temporal, retrying with backoff (250 ms doubling to 5 s) until `timeoutMs` has passed: a worker started
 * while its Temporal server is still coming up (or restarting) waits for it instead of exiting. After the timeout the
 * last error is thrown (the process supervisor restarts the worker). Errors are reported by class only.
 */
export async function connectWithRetry<T>(
  connect: () => Promise<T>,
  options: {
    timeoutMs: number;
    onRetry?: (attempt: number, errorName: string) => void;
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
  },
): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + options.timeoutMs;
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect();
    } catch (error) {
      if (now() + delay > deadline) throw error;
      options.onRetry?.(attempt, error instanceof Error ? error.name : 'unknown error');
      await sleep(delay);
      delay = Math.min(delay * 2, 5000);
    }
  }
}

/** TEMPORAL_CONNECT_TIMEOUT_SECONDS: how long a starting worker waits for Temporal (default 60 s). */
export function connectTimeoutMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TEMPORAL_CONNECT_TIMEOUT_SECONDS;
  if (raw === undefined || raw === '') return 60_000;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600) {
    throw new Error('TEMPORAL_CONNECT_TIMEOUT_SECONDS must be a whole number of seconds from 0 to 3600');
  }
  return seconds * 1000;
}
