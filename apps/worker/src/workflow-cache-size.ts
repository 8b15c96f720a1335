/**
 * How many workflows the worker keeps in memory between their events (`maxCachedWorkflows`). A workflow outside the
 * cache is replayed from its history at its next event: CPU on every referral once the open cases and referrals
 * outnumber the cache (bench/referral-throughput.ts with BENCH_COUNT=1500: p99 4.6 s evicting, 0.2 s not).
 *
 * TEMPORAL_WORKER_MAX_CACHED_WORKFLOWS sets it; unset, the SDK's default applies (600 per GiB of heap above 200 MiB,
 * about 2,300 with a 4 GiB heap). Returns undefined when unset; throws, naming the variable, on anything but a
 * positive integer.
 */
export const WORKFLOW_CACHE_ENV = 'TEMPORAL_WORKER_MAX_CACHED_WORKFLOWS';

export function workflowCacheSizeFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[WORKFLOW_CACHE_ENV]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^[1-9][0-9]{0,6}$/.test(raw)) {
    throw new Error(`${WORKFLOW_CACHE_ENV} must be a whole number of workflows from 1 to 9999999`);
  }
  return Number(raw);
}
