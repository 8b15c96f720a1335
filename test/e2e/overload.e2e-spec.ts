import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueLocalToken } from '@lib/auth';
import { DEMO_USER_IDS } from '@lib/persistence';
import { DEFAULT_OVERLOAD_CONFIG, type OverloadConfig } from '../../apps/api/src/overload/overload-config';
import { ApiHarness } from './support/api-harness';
import { key, openCaseInput } from './support/operations';

/**
 * Overload protection over real HTTP (apps/api/src/overload), with tiny limits so that every outcome is forced, not
 * timed: a request is held in flight by sending its body slowly (a slot is taken before the body is read), and the
 * in-flight and queued gauges of /metrics tell when the server has seen each request.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NO_LIMITS: OverloadConfig = {
  ...DEFAULT_OVERLOAD_CONFIG,
  maxEventLoopDelayMs: 0,
  maxHeapUsedBytes: 0,
  perStaffPerMinute: 0,
  perOrganisationPerMinute: 0,
  perAddressPerMinute: 0,
};
const INBOX = 'query { inbox(first: 5) { edges { node { id } } } }';
const OPEN_CASE = 'mutation Open($input: OpenCaseInput!) { openCase(input: $input) { id } }';

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] };
}

async function post(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Answer['body'],
  };
}

/** A request whose body is sent in two parts: the server admits it on its headers and holds the slot until finish(). */
function heldRequest(
  url: string,
  token: string,
  query: string,
): { finish(): void; abort(): void; answer: Promise<Answer> } {
  const target = new URL(url);
  const body = Buffer.from(JSON.stringify({ query }));
  const req = httpRequest({
    host: target.hostname,
    port: target.port,
    path: target.pathname,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': body.length,
      authorization: `Bearer ${token}`,
    },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const retryAfter = res.headers['retry-after'];
        resolve({
          status: res.statusCode ?? 0,
          retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
          body: JSON.parse(text) as Answer['body'],
        });
      });
    });
  });
  req.write(body.subarray(0, 10));
  return { finish: () => req.end(body.subarray(10)), abort: () => req.destroy(), answer };
}

async function metricsText(api: ApiHarness): Promise<string> {
  const res = await fetch(api.url.replace(/\/graphql$/, '/metrics'));
  return res.text();
}

function metricValue(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/** Waits until a gauge of /metrics reads `value` (the server has seen the requests sent so far). */
async function gaugeReaches(api: ApiHarness, name: string, value: number): Promise<void> {
  const until = Date.now() + 20_000;
  while (metricValue(await metricsText(api), name) !== value) {
    if (Date.now() > until) throw new Error(`${name} never reached ${value}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function expectShed(answer: Answer, retryAfter: string): void {
  expect(answer.status).toBe(503);
  expect(answer.retryAfter).toBe(retryAfter);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  const [error] = answer.body.errors!;
  expect(error!.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', requestId: expect.stringMatching(UUID) });
  expect(error!.message).not.toMatch(/inbox|openCase|Aysel/);
}

function expectRateLimited(answer: Answer): void {
  expect(answer.status).toBe(429);
  expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
  expect(answer.body.errors).toHaveLength(1);
  const [error] = answer.body.errors!;
  expect(error!.extensions).toEqual({ code: 'RATE_LIMITED', requestId: expect.stringMatching(UUID) });
  expect(error!.message).not.toMatch(/inbox|Bearer|eyJ/);
}

function expectServed(answer: Answer): void {
  expect(answer.status).toBe(200);
  expect(answer.body.errors).toBeUndefined();
}

describe('load shedding: one request in flight, one queued, the rest 503 at once', () => {
  let api: ApiHarness;
  let base: string;

  beforeAll(async () => {
    api = await ApiHarness.start({
      overload: {
        ...NO_LIMITS,
        maxConcurrent: 1,
        maxQueued: 1,
        queueTimeoutMs: 120_000,
        retryAfterSeconds: 2,
      },
    });
    base = api.url.replace(/\/graphql$/, '');
  });
  afterAll(() => api.stop());

  it('a burst beyond capacity: the excess gets 503 + Retry-After + SERVICE_UNAVAILABLE with no work done; accepted requests succeed; probes are never shed', async () => {
    const police = await api.token('police.officer');
    const manager = await api.token('dost.manager');
    const held = heldRequest(api.url, police, INBOX);
    await gaugeReaches(api, 'nrm_api_graphql_requests_in_flight', 1);
    const queued = post(api.url, police, INBOX);
    await gaugeReaches(api, 'nrm_api_graphql_requests_queued', 1);

    // The burst: reads, and mutations whose keys must leave no trace (a shed request does no work).
    const keys = Array.from({ length: 4 }, () => key('shed'));
    const burst = await Promise.all([
      ...Array.from({ length: 4 }, () => post(api.url, police, INBOX)),
      ...keys.map((k) => post(api.url, manager, OPEN_CASE, { input: openCaseInput({ idempotencyKey: k }) })),
    ]);
    for (const answer of burst) expectShed(answer, '2');
    expect(new Set(burst.map((a) => a.body.errors![0]!.extensions.requestId)).size).toBe(burst.length);

    // Health, readiness and metrics answer while the GraphQL endpoint is saturated.
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const metrics = await metricsText(api);
    expect(
      metricValue(metrics, 'nrm_api_graphql_requests_shed_total', 'reason="queue_full"'),
    ).toBeGreaterThanOrEqual(8);
    expect(
      metricValue(metrics, 'nrm_http_requests_total', 'route="/graphql",method="POST",status="503"'),
    ).toBeGreaterThanOrEqual(8);

    held.finish();
    const [first, second] = await Promise.all([held.answer, queued]);
    expectServed(first);
    expectServed(second);
    expect(first.body.data.inbox.edges).toBeDefined();
    expect(await api.count('idempotency_records', 'key = ANY($1)', [keys])).toBe(0);
    await gaugeReaches(api, 'nrm_api_graphql_requests_in_flight', 0);
  });

  it('a client that goes away while queued or in flight frees its place: nothing leaks', async () => {
    const police = await api.token('police.officer');
    const held = heldRequest(api.url, police, INBOX);
    await gaugeReaches(api, 'nrm_api_graphql_requests_in_flight', 1);
    const abandoned = heldRequest(api.url, police, INBOX); // its headers arrive: it waits in the queue
    void abandoned.answer.catch(() => undefined);
    await gaugeReaches(api, 'nrm_api_graphql_requests_queued', 1);
    abandoned.abort();
    await gaugeReaches(api, 'nrm_api_graphql_requests_queued', 0);
    held.abort(); // the slot's holder goes away too
    void held.answer.catch(() => undefined);
    await gaugeReaches(api, 'nrm_api_graphql_requests_in_flight', 0);
    expectServed(await post(api.url, police, INBOX));
  });

  it('mutations under a flood: clients retrying the same idempotency key after 503 get one case each, none lost, none duplicated', async () => {
    const manager = await api.token('dost.manager');
    const police = await api.token('police.officer');
    const casesBefore = await api.count('cases');
    const keys = Array.from({ length: 10 }, () => key('flood'));
    const inputs = keys.map((k) => openCaseInput({ idempotencyKey: k }));

    // The first wave arrives while the only slot is held: one waits in the queue, the others are shed.
    const held = heldRequest(api.url, police, INBOX);
    await gaugeReaches(api, 'nrm_api_graphql_requests_in_flight', 1);
    const firstWave = inputs.map((input) => post(api.url, manager, OPEN_CASE, { input }));
    const shed = { n: 0 };
    // Every client sends its mutation twice at once and retries each until acknowledged: the idempotency key makes
    // the copies one case.
    const client = async (
      input: Record<string, unknown>,
      first: Promise<Answer> | null,
    ): Promise<string[]> => {
      const ids: string[] = [];
      for (let attempt = first; ; attempt = null) {
        const answer = await (attempt ?? post(api.url, manager, OPEN_CASE, { input }));
        if (answer.status === 503) {
          expectShed(answer, '2');
          shed.n += 1;
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        expectServed(answer);
        ids.push(answer.body.data.openCase.id as string);
        return ids;
      }
    };
    const clients = inputs.flatMap((input, i) => [client(input, firstWave[i]!), client(input, null)]);
    // Released once the flood has met a full queue (a client has had its 503).
    const until = Date.now() + 20_000;
    while (shed.n === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    held.finish();
    expectServed(await held.answer);
    const answered = await Promise.all(clients);

    expect(shed.n).toBeGreaterThan(0);
    for (let i = 0; i < keys.length; i++) expect(answered[2 * i]).toEqual(answered[2 * i + 1]);
    const ids = answered.filter((_, i) => i % 2 === 0).map((a) => a[0]!);
    expect(new Set(ids).size).toBe(keys.length);
    expect(await api.count('cases')).toBe(casesBefore + keys.length);
    expect(await api.count('cases', 'id = ANY($1::uuid[])', [ids])).toBe(keys.length);
    expect(await api.count('idempotency_records', 'key = ANY($1)', [keys])).toBe(keys.length);
    for (const id of ids) await api.caseWorkflowSettled(id);
  });
});

describe('per-caller rate limits keyed by the verified principal', () => {
  let api: ApiHarness;
  let forgeDir: string;

  beforeAll(async () => {
    api = await ApiHarness.start({
      overload: { ...NO_LIMITS, perStaffPerMinute: 3, perOrganisationPerMinute: 5, perAddressPerMinute: 3 },
    });
    forgeDir = mkdtempSync(join(tmpdir(), 'nrm-forge-'));
  });
  afterAll(async () => {
    await api.stop();
    rmSync(forgeDir, { recursive: true, force: true });
  });

  it('a staff member over budget gets 429 + Retry-After + RATE_LIMITED; a member of another organisation is unaffected', async () => {
    const police = await api.token('police.officer');
    for (let i = 0; i < 3; i++) expectServed(await post(api.url, police, INBOX));
    expectRateLimited(await post(api.url, police, INBOX));
    expectRateLimited(await post(api.url, police, INBOX));
    const ssa = await api.token('ssa.officer');
    for (let i = 0; i < 3; i++) expectServed(await post(api.url, ssa, INBOX));
  });

  it("an organisation's budget is shared by its staff: each under their own budget, the organisation over its", async () => {
    for (const user of ['dost.intake', 'dost.intake', 'dost.lawyer', 'dost.lawyer', 'dost.psychologist'])
      expectServed(await post(api.url, await api.token(user), INBOX));
    expectRateLimited(await post(api.url, await api.token('dost.supervisor'), INBOX));
    expectRateLimited(await post(api.url, await api.token('dost.manager'), INBOX));
  });

  it("a forged token naming a real member spends the address's budget, not the member's", async () => {
    // Signed by another key, with the real member's id as subject: the API refuses it and bills the client address.
    const forged = await issueLocalToken(DEMO_USER_IDS['wsl.operator'], 3600, { keyDir: forgeDir });
    for (let i = 0; i < 3; i++) {
      const answer = await post(api.url, forged, INBOX);
      expect(answer.status).toBe(200);
      expect(answer.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
    expectRateLimited(await post(api.url, forged, INBOX));
    expectRateLimited(await post(api.url, null, INBOX));
    // The member's own budget is untouched.
    const real = await api.token('wsl.operator');
    for (let i = 0; i < 3; i++) expectServed(await post(api.url, real, INBOX));
    expectRateLimited(await post(api.url, real, INBOX));

    const metrics = await metricsText(api);
    for (const budget of ['staff', 'organisation', 'address'])
      expect(
        metricValue(metrics, 'nrm_api_graphql_requests_rate_limited_total', `budget="${budget}"`),
      ).toBeGreaterThanOrEqual(1);
    expect(metrics).not.toContain(DEMO_USER_IDS['wsl.operator']);
    expect(metrics).not.toContain(DEMO_USER_IDS['police.officer']);
  });
});

describe('process pressure (@fastify/under-pressure)', () => {
  let api: ApiHarness;
  let base: string;

  beforeAll(async () => {
    // Any heap in use is "too much": the first pressure sample (one second after start) sheds every GraphQL request.
    api = await ApiHarness.start({ overload: { ...NO_LIMITS, maxHeapUsedBytes: 1, retryAfterSeconds: 5 } });
    base = api.url.replace(/\/graphql$/, '');
  });
  afterAll(() => api.stop());

  it('sheds GraphQL with 503 + Retry-After + SERVICE_UNAVAILABLE while /health, /ready and /metrics answer', async () => {
    const police = await api.token('police.officer');
    const until = Date.now() + 20_000;
    let answer = await post(api.url, police, INBOX);
    while (answer.status !== 503 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await post(api.url, police, INBOX);
    }
    expectShed(answer, '5');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(
      metricValue(await metrics.text(), 'nrm_api_graphql_requests_shed_total', 'reason="heap_used"'),
    ).toBeGreaterThanOrEqual(1);
  });
});
