/**
 * Overload protection of the API process (apps/api/src/overload): bounded concurrency and queueing on /graphql,
 * process-pressure shedding (@fastify/under-pressure) and per-caller rate limits (@fastify/rate-limit). Read once from
 * the environment by readApiConfig; every value has a default, 0 switches a budget or a pressure check off.
 */
export interface OverloadConfig {
  /**
   * API_MAX_CONCURRENT_REQUESTS: GraphQL requests executed at once; null = the database pool size (a request beyond it
   * would only wait for a connection).
   */
  maxConcurrent: number | null;
  /** API_MAX_QUEUED_REQUESTS: requests waiting for a slot; null = 2 × the concurrency. Beyond: 503 at once. */
  maxQueued: number | null;
  /** API_QUEUE_TIMEOUT_MS: longest wait for a slot before a 503. */
  queueTimeoutMs: number;
  /** API_RETRY_AFTER_SECONDS: the Retry-After of a shed (503) request. */
  retryAfterSeconds: number;
  /** API_MAX_EVENT_LOOP_DELAY_MS: mean event-loop delay (per second) above which /graphql is shed; 0 = off. */
  maxEventLoopDelayMs: number;
  /** API_MAX_HEAP_USED_BYTES: V8 heap in use above which /graphql is shed; null = 90 % of the heap limit; 0 = off. */
  maxHeapUsedBytes: number | null;
  /** Requests per minute per staff member (API_RATE_LIMIT_PER_STAFF), 0 = no budget. */
  perStaffPerMinute: number;
  /** Requests per minute per organisation, all its staff together (API_RATE_LIMIT_PER_ORG), 0 = no budget. */
  perOrganisationPerMinute: number;
  /**
   * Requests per minute per client address for requests without a valid token of an active staff member
   * (API_RATE_LIMIT_PER_IP), 0 = no budget. The address is the TCP peer (a proxy's, behind one).
   */
  perAddressPerMinute: number;
}

export const DEFAULT_OVERLOAD_CONFIG: Readonly<OverloadConfig> = Object.freeze({
  maxConcurrent: null,
  maxQueued: null,
  queueTimeoutMs: 1000,
  retryAfterSeconds: 1,
  maxEventLoopDelayMs: 1000,
  maxHeapUsedBytes: null,
  perStaffPerMinute: 1200,
  perOrganisationPerMinute: 12_000,
  perAddressPerMinute: 600,
});

function integer(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw.trim());
  // The message names the variable and the accepted range, never the value given.
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer between ${min} and ${max}`);
  return n;
}

/** The overload settings from the environment; unset variables take DEFAULT_OVERLOAD_CONFIG. Throws on a bad value. */
export function readOverloadConfig(env: NodeJS.ProcessEnv = process.env): OverloadConfig {
  const d = DEFAULT_OVERLOAD_CONFIG;
  const budget = (name: string, fallback: number): number => integer(env, name, 0, 10_000_000) ?? fallback;
  return {
    maxConcurrent: integer(env, 'API_MAX_CONCURRENT_REQUESTS', 1, 100_000) ?? d.maxConcurrent,
    maxQueued: integer(env, 'API_MAX_QUEUED_REQUESTS', 0, 1_000_000) ?? d.maxQueued,
    queueTimeoutMs: integer(env, 'API_QUEUE_TIMEOUT_MS', 1, 600_000) ?? d.queueTimeoutMs,
    retryAfterSeconds: integer(env, 'API_RETRY_AFTER_SECONDS', 1, 3600) ?? d.retryAfterSeconds,
    maxEventLoopDelayMs: integer(env, 'API_MAX_EVENT_LOOP_DELAY_MS', 0, 600_000) ?? d.maxEventLoopDelayMs,
    maxHeapUsedBytes:
      integer(env, 'API_MAX_HEAP_USED_BYTES', 0, Number.MAX_SAFE_INTEGER) ?? d.maxHeapUsedBytes,
    perStaffPerMinute: budget('API_RATE_LIMIT_PER_STAFF', d.perStaffPerMinute),
    perOrganisationPerMinute: budget('API_RATE_LIMIT_PER_ORG', d.perOrganisationPerMinute),
    perAddressPerMinute: budget('API_RATE_LIMIT_PER_IP', d.perAddressPerMinute),
  };
}

/** The limits in force once the database pool size is known. */
export interface AdmissionLimits {
  maxConcurrent: number;
  maxQueued: number;
  queueTimeoutMs: number;
}

export function admissionLimits(config: OverloadConfig, poolSize: number): AdmissionLimits {
  const maxConcurrent = config.maxConcurrent ?? Math.max(1, poolSize);
  return {
    maxConcurrent,
    maxQueued: config.maxQueued ?? 2 * maxConcurrent,
    queueTimeoutMs: config.queueTimeoutMs,
  };
}
