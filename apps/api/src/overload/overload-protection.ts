import { getHeapStatistics } from 'node:v8';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { BearerVerifier } from '@lib/auth';
import { StaffDirectory } from '@lib/organisations';
import { TOKEN_VERIFIER } from '../auth/token-verifier';
import { OVERLOADED_ERROR_CODE, RATE_LIMITED_ERROR_CODE } from '../graphql/errors/transport-errors';
import { apiOperations } from '../operations/api-operations';
import { AdmissionControl } from './admission-control';
import { type Caller, CallerIdentities } from './caller-identities';
import { type OverloadConfig, admissionLimits, readOverloadConfig } from './overload-config';

/** The GraphQL endpoint (graphql-options.ts): the only route shed and rate limited. */
const GRAPHQL_PATH = '/graphql';
const MINUTE_MS = 60_000;

export interface OverloadProtection {
  admission: AdmissionControl;
  callers: CallerIdentities;
}

type ShedReason = 'queue_full' | 'queue_timeout' | 'event_loop_delay' | 'heap_used' | 'other_pressure';
type Budget = 'staff' | 'organisation' | 'address';
type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * GraphQL requests only (POST and GET /graphql), not the subscription WebSocket (a long-lived connection, not a
 * request); /health, /ready, /metrics, GraphiQL and everything else are never shed nor limited.
 */
function guarded(request: FastifyRequest): boolean {
  return request.routeOptions.url === GRAPHQL_PATH && request.headers.upgrade === undefined;
}

function refusal(code: typeof OVERLOADED_ERROR_CODE | typeof RATE_LIMITED_ERROR_CODE): Error {
  // Answered by the /graphql error handler (transport-errors.ts): fixed message, the code and the request id.
  return Object.assign(new Error(code), { code });
}

function pressureReason(type: string): ShedReason {
  if (type === 'eventLoopDelay') return 'event_loop_delay';
  if (type === 'heapUsedBytes') return 'heap_used';
  return 'other_pressure';
}

const admissions = new WeakMap<Registry, AdmissionControl>();

/** In-flight and queued gauges reading the most recent app's admission control (one app per process; tests build several). */
function registerAdmissionGauges(registry: Registry, admission: AdmissionControl): void {
  admissions.set(registry, admission);
  if (registry.getSingleMetric('nrm_api_graphql_requests_in_flight')) return;
  new Gauge({
    name: 'nrm_api_graphql_requests_in_flight',
    help: 'GraphQL requests holding one of the API_MAX_CONCURRENT_REQUESTS slots.',
    registers: [registry],
    collect() {
      this.set(admissions.get(registry)?.inFlight ?? 0);
    },
  });
  new Gauge({
    name: 'nrm_api_graphql_requests_queued',
    help: 'GraphQL requests waiting for a slot (at most API_MAX_QUEUED_REQUESTS).',
    registers: [registry],
    collect() {
      this.set(admissions.get(registry)?.queued ?? 0);
    },
  });
}

/**
 * Overload protection of /graphql, in the order a request meets it (all in onRequest, before the body is read):
 *
 * 1. Process pressure (@fastify/under-pressure: event-loop delay, heap in use) → 503.
 * 2. A caller already known to be over budget (its token seen within the minute; no verification, no database) → 429,
 *    without queueing.
 * 3. Admission: one of `maxConcurrent` slots, or a place among `maxQueued` waiters for at most `queueTimeoutMs`;
 *    otherwise 503 at once. A shed request has done no work: no token verification, no database.
 * 4. Per-caller budgets (@fastify/rate-limit, fixed one-minute windows, in this process's memory): the caller is the
 *    VERIFIED principal (CallerIdentities): a staff member spends their own budget and their organisation's; a request
 *    without a valid token of an active member spends its client address's budget, so a forged token never spends
 *    a real member's. Over budget → 429.
 *
 * 503 and 429 carry Retry-After and the GraphQL-shaped transport error (SERVICE_UNAVAILABLE / RATE_LIMITED, request
 * id, fixed message); /metrics counts them by reason and budget (no ids in labels). Called by createApiApp once the
 * app is initialised (Mercurius registered) and the operational endpoints installed, before listen.
 */
export async function installOverloadProtection(
  app: NestFastifyApplication,
  configured: OverloadConfig | undefined,
): Promise<OverloadProtection> {
  const config = configured ?? readOverloadConfig({});
  // @nestjs/platform-fastify carries its own copy of fastify 5: the same instance, typed by the root package (whose
  // types the plugins augment with createRateLimit).
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const retryAfter = String(config.retryAfterSeconds);
  const poolSize = (app.get(DataSource).options as { extra?: { max?: unknown } }).extra?.max;
  const admission = new AdmissionControl(
    admissionLimits(config, typeof poolSize === 'number' ? poolSize : 10),
  );
  const callers = new CallerIdentities(
    app.get<BearerVerifier>(TOKEN_VERIFIER, { strict: false }),
    app.get(StaffDirectory, { strict: false }),
  );

  const { metrics } = apiOperations(app);
  const shedCounter = metrics.counter(
    'nrm_api_graphql_requests_shed_total',
    'GraphQL requests refused with 503 before any work, by reason.',
    ['reason'],
  );
  const limitedCounter = metrics.counter(
    'nrm_api_graphql_requests_rate_limited_total',
    'GraphQL requests refused with 429, by the budget spent (staff member, organisation, client address).',
    ['budget'],
  );
  registerAdmissionGauges(metrics.registry, admission);
  const shed = (reply: FastifyReply, reason: ShedReason): Error => {
    shedCounter.inc({ reason });
    void reply.header('retry-after', retryAfter);
    return refusal(OVERLOADED_ERROR_CODE);
  };

  const maxHeapUsedBytes = config.maxHeapUsedBytes ?? Math.floor(0.9 * getHeapStatistics().heap_size_limit);
  // No status route of its own (exposeStatusRoute off): /health and /ready stay the operations' (api-operations.ts).
  // Both checks off: not registered at all (no sampling timer).
  if (config.maxEventLoopDelayMs > 0 || maxHeapUsedBytes > 0) {
    await fastify.register(underPressure, {
      maxEventLoopDelay: config.maxEventLoopDelayMs,
      maxHeapUsedBytes,
      pressureHandler: (request, reply, type) =>
        guarded(request) ? Promise.reject(shed(reply, pressureReason(type))) : undefined,
    });
  }

  // Limiters only, no hook of the plugin's own (global: false): they run in the hook below, in its order.
  await fastify.register(rateLimit, { global: false });
  const callerOf = new WeakMap<FastifyRequest, Caller>();
  const limiter = (max: number, key?: (c: Extract<Caller, { kind: 'staff' }>) => string): Limiter | null => {
    if (max <= 0) return null;
    const options = {
      max,
      timeWindow: MINUTE_MS,
      cache: 50_000, // keys per budget kept in memory (LRU)
      ...(key
        ? {
            keyGenerator: (request: FastifyRequest): string => {
              const caller = callerOf.get(request);
              return caller?.kind === 'staff' ? key(caller) : '';
            },
          }
        : {}), // the address: the plugin's own key (the client address, IPv6 by /64)
    };
    return fastify.createRateLimit(options);
  };
  const budgets: { budget: Budget; limiter: Limiter | null }[] = [
    { budget: 'staff', limiter: limiter(config.perStaffPerMinute, (c) => `s:${c.staffId}`) },
    {
      budget: 'organisation',
      limiter: limiter(config.perOrganisationPerMinute, (c) => `o:${c.organisationId}`),
    },
  ];
  const addressBudget = limiter(config.perAddressPerMinute);

  /** Spends (or, before admission, only checks) the caller's budgets; throws the 429 refusal when one is spent. */
  const spend = async (
    request: FastifyRequest,
    reply: FastifyReply,
    caller: Caller,
    increment: boolean,
  ): Promise<void> => {
    callerOf.set(request, caller);
    const applicable =
      caller.kind === 'staff' ? budgets : [{ budget: 'address' as const, limiter: addressBudget }];
    for (const { budget, limiter: limit } of applicable) {
      if (!limit) continue;
      const result = await limit(request, { increment });
      if (result.isAllowed) continue;
      const over = increment ? result.isExceeded : result.remaining <= 0;
      if (!over) continue;
      limitedCounter.inc({ budget });
      void reply.header('retry-after', String(Math.max(1, result.ttlInSeconds)));
      throw refusal(RATE_LIMITED_ERROR_CODE);
    }
  };

  /** A slot for this request, released when its response is over (sent, or the connection closed). */
  const admit = (request: FastifyRequest, reply: FastifyReply): Promise<void> | undefined => {
    const response = reply.raw;
    // Released on 'close': once the response is over, or when the client goes away (then the handler may still be
    // finishing: a burst of abandoned requests can briefly exceed the limit, never leak a slot).
    if (admission.tryEnter()) {
      response.once('close', () => admission.release());
      return undefined;
    }
    return new Promise<void>((resolve, reject) => {
      let state: 'waiting' | 'admitted' | 'closed' = 'waiting';
      const waiter = admission.wait(
        () => {
          state = 'admitted';
          resolve();
        },
        () => reject(shed(reply, 'queue_timeout')),
      );
      if (!waiter) {
        reject(shed(reply, 'queue_full'));
        return;
      }
      // 'close' comes once the response is over, or when the client goes away while the request waits: then it
      // leaves the queue and its hook ends (nobody reads the answer; not counted as shed).
      response.once('close', () => {
        if (state === 'admitted') admission.release();
        else if (state === 'waiting') {
          waiter.cancel();
          reject(refusal(OVERLOADED_ERROR_CODE));
        }
        state = 'closed';
      });
    });
  };

  fastify.addHook('onRequest', async (request, reply) => {
    if (!guarded(request)) return;
    const header = request.headers.authorization;
    const known = callers.peek(header);
    if (known) await spend(request, reply, known, false);
    await admit(request, reply);
    await spend(request, reply, known ?? (await callers.resolve(header)), true);
  });

  return { admission, callers };
}
