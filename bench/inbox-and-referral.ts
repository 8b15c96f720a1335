/**
 * Benchmark (a script, not a test): `npm run build && node dist/bench/inbox-and-referral.js`
 *
 * 1. Starts a throw-away embedded PostgreSQL (durable defaults), migrates, seeds the demo organisations and staff,
 *    then bulk-seeds 100,000 cases (one survivor row each, person fields NULL: nothing to encrypt), one consent per
 *    case to the police, and 100,000 tasks spread over the organisations' inboxes (half of them the police's).
 * 2. Starts the embedded Temporal server and the worker (from dist/, as separate processes, durable in the same
 *    PostgreSQL), then forks the API (Fastify + Mercurius, jit: 1) into its own process, so the load generator does
 *    not share its event loop. The API has no mode without Temporal: createReferral records the referral and starts
 *    its workflow (the seeded cases have no case workflow yet, so each first referral also starts one).
 * 3. Measures the police inbox (first page, 20 items) one request at a time with autocannon (service time), then
 *    at a FIXED 200 req/s, then createReferral (each on a different case, unique idempotency key) at a fixed
 *    50 req/s, both with an open-loop generator (see openLoop: autocannon's rate limit sends bursts); prints
 *    throughput and p50/p90/p99 measured from each request's scheduled send time.
 *
 * Env: BENCH_CASES (default 100000), BENCH_SECONDS (default 20), BENCH_INBOX_RPS (200), BENCH_REFERRAL_RPS (50) (each
 * also a comma-separated list of rates, run in turn: the summary names the highest rate whose p99 stays under the
 * issue's bound with nothing failed or shed, as a ratio of the goal: inbox p99 < 20 ms of 2,000 req/s, createReferral
 * p99 < 100 ms of 1,000/s),
 * BENCH_CPU_PROF (directory for a CPU profile of each API process), BENCH_VARIANTS and BENCH_ROUNDS (interleaved
 * before/after runs of API processes that differ by operational settings, see parseVariants), BENCH_CLOSED_CONCURRENCY
 * (closed-loop runs measuring CPU per request, default 2 in flight), BENCH_OPEN_LOOP=0 (skip the fixed-rate runs),
 * BENCH_STATEMENTS=1 (PostgreSQL's pg_stat_statements on: each run's statements per request, most frequent first).
 */
import 'reflect-metadata';
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { type DataSource } from 'typeorm';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, issueLocalToken } from '@lib/auth';
import { postmasterPid, processCpuSeconds, treeCpuSeconds } from './support/process-usage';
import { generateFieldKeys, loadOrCreateLocalKeys } from '@lib/crypto';
import { loadPayloadKeys, temporalConfigFromEnv } from '@lib/temporal';
import {
  DEMO_ORG_IDS,
  DEMO_USER_IDS,
  createDataSource,
  runMigrations,
  seedDemoData,
  startEmbeddedPostgres,
} from '@lib/persistence';
import { freePort } from './support/free-port';
import { type StatementsPerUnit, enableStatements, resetStatements, statementSettings, statementsPerUnit } from './support/pg-statements';
import { type Actor } from '@lib/authz';
import { OrganisationType, StaffRole } from '@lib/domain';
import { InboxService } from '@lib/tasks';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const rates = (raw: string | undefined, fallback: number): number[] =>
  (raw ?? String(fallback)).split(',').map((x) => Number(x.trim())).filter((x) => Number.isFinite(x) && x > 0);
const INBOX_RATES = rates(process.env.BENCH_INBOX_RPS, 200);
const REFERRAL_RATES = rates(process.env.BENCH_REFERRAL_RPS, 50);
/** Referral bodies of one run use cases of their own slot: wide enough for the highest rate. */
const REFERRAL_SLOT = Math.max(...REFERRAL_RATES) * SECONDS;
/** The issue's goals: a rate is met when p99 stays under the bound with no failure, shed request or GraphQL error. */
const GOALS = { inbox: { p99Ms: 20, rate: 2000 }, createReferral: { p99Ms: 100, rate: 1000 } };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const CLOSED_CONCURRENCY = Number(process.env.BENCH_CLOSED_CONCURRENCY ?? 2);
/** BENCH_OPEN_LOOP=0 skips the fixed-rate runs (on a machine too busy for latencies to mean anything). */
const OPEN_LOOP = process.env.BENCH_OPEN_LOOP !== '0';
/** BENCH_STATEMENTS=1: the connection that reads pg_stat_statements around each measured run. */
let statementsDs: DataSource | null = null;

/**
 * BENCH_VARIANTS: `label:NAME=value,NAME=value;label2:...` runs one API process per variant, with those environment
 * variables (real operational settings, e.g. AUTH_PRINCIPAL_CACHE_TTL_MS=0), and alternates the measured runs between
 * them (BENCH_ROUNDS times), so a before/after comparison shares the machine's state of the moment.
 */
function parseVariants(raw: string | undefined): { label: string; env: Record<string, string> }[] {
  if (!raw || raw.trim() === '') return [{ label: '', env: {} }];
  return raw.split(';').map((part) => {
    const [label, settings = ''] = part.split(':');
    const env: Record<string, string> = {};
    for (const kv of settings.split(',').filter((x) => x.trim() !== '')) {
      const [k, v = ''] = kv.split('=');
      env[k!.trim()] = v.trim();
    }
    return { label: `[${label!.trim()}]`, env };
  });
}
const VARIANTS = parseVariants(process.env.BENCH_VARIANTS);


function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** Bulk SQL seed: generate_series inserts, no per-row round trips. */
async function seed(url: string): Promise<string[]> {
  const ds = await createDataSource(url, { poolSize: 2 });
  try {
    await runMigrations(ds);
    await seedDemoData(ds);
    const started = Date.now();
    const dost = DEMO_ORG_IDS.DOST_BAKU;
    const manager = DEMO_USER_IDS['dost.manager'];
    await ds.query(
      `INSERT INTO cases (id, case_code, owning_organisation_id, case_manager_id, region, category, risk_level, is_child, status, opened_at)
       SELECT gen_random_uuid(), 'NRM-' || upper(lpad(to_hex(i), 8, '0')), $1, $2, 'Baku',
              (ARRAY['DOMESTIC_VIOLENCE','LEGAL_AID','DIVORCE_PROBLEMS','LOW_WELFARE','SHELTER'])[1 + i % 5],
              (ARRAY['LOW','MEDIUM','HIGH'])[1 + i % 3], i % 7 = 0, 'OPEN', now() - (i % 365) * interval '1 day'
         FROM generate_series(1, $3::int) AS i`,
      [dost, manager, CASES],
    );
    await ds.query(`INSERT INTO persons (case_id, role, key_version) SELECT id, 'SURVIVOR', 1 FROM cases`);
    // Access inside an organisation follows assignment: the case manager works on each case, as openCase records it.
    await ds.query(
      `INSERT INTO case_assignments (case_id, organisation_id, staff_id, assigned_by, assigned_at)
       SELECT id, owning_organisation_id, case_manager_id, case_manager_id, opened_at FROM cases`,
    );
    await ds.query(
      `INSERT INTO consents (case_id, grantor, recipient_organisation_id, data_categories, purposes, method, granted_at, recorded_by)
       SELECT id, 'SELF', $1, '{IDENTITY,CONTACT,INCIDENT_NARRATIVE}', '{LAW_ENFORCEMENT}', 'WRITTEN', now() - interval '1 day', $2 FROM cases`,
      [DEMO_ORG_IDS.POLICE_BAKU, manager],
    );
    // Inbox tasks: half for the police, the rest spread over four other organisations; 80 % open; due from
    // 3 days ago (overdue) to 10 days ahead.
    const orgs = [DEMO_ORG_IDS.POLICE_BAKU, DEMO_ORG_IDS.POLICE_BAKU, DEMO_ORG_IDS.SSA, DEMO_ORG_IDS.SHELTER, DEMO_ORG_IDS.NGO_LEGAL_CLINIC, DEMO_ORG_IDS.DOST_BAKU];
    await ds.query(
      `INSERT INTO tasks (organisation_id, type, status, case_id, due_at, created_at)
       SELECT ($1::uuid[])[1 + (n % array_length($1::uuid[], 1))],
              (ARRAY['REFERRAL_RESPONSE','REFERRAL_SERVICE','FOLLOW_UP'])[1 + n % 3],
              CASE WHEN n % 5 = 0 THEN 'DONE' ELSE 'OPEN' END,
              c.id,
              now() - interval '3 days' + (n % 1000) * interval '18 minutes' + (n % 997) * interval '1 second',
              now() - interval '4 days'
         FROM (SELECT id, row_number() OVER () AS n FROM cases) c`,
      [orgs],
    );
    // Settle the bulk load before measuring: no autovacuum or checkpoint of the seed during the runs.
    await ds.query('VACUUM (ANALYZE)');
    await ds.query('CHECKPOINT');
    const counts: { cases: number; tasks: number; police_open: number }[] = await ds.query(
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM tasks)::int AS tasks,
              (SELECT count(*) FROM tasks WHERE organisation_id = $1 AND status = 'OPEN')::int AS police_open`,
      [DEMO_ORG_IDS.POLICE_BAKU],
    );
    log(`seeded ${counts[0]!.cases} cases, ${counts[0]!.tasks} tasks (${counts[0]!.police_open} open in the police inbox) in ${Date.now() - started} ms`);
    // The inbox page exactly as the API runs it (InboxService: the authorization scope and the case-code reach rule
    // included, a named prepared statement, so PostgreSQL switches to its generic plan after five runs): its time at
    // this data size shows whether its cost is flat in the number of cases.
    const inbox = new InboxService(ds);
    const officer: Actor = {
      staffId: DEMO_USER_IDS['police.officer'],
      organisationId: DEMO_ORG_IDS.POLICE_BAKU,
      organisationType: OrganisationType.POLICE,
      region: 'Baku',
      roles: [StaffRole.AGENCY_OFFICER],
    };
    const sqlTimes: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = process.hrtime.bigint();
      const page = await inbox.page(officer, {}, 20, null);
      if (page.items.length !== 20) throw new Error('the police inbox page is not full: the seed is wrong');
      sqlTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    sqlTimes.sort((a, b) => a - b);
    log(`inbox page through InboxService (300 sequential runs, generic plan after 5): p50 ${sqlTimes[150]!.toFixed(2)} ms, p99 ${sqlTimes[297]!.toFixed(2)} ms`);
    const rows: { id: string }[] = await ds.query(`SELECT id FROM cases ORDER BY case_code LIMIT 20000`);
    return rows.map((r) => r.id);
  } finally {
    await ds.destroy();
  }
}

interface RunResult {
  name: string;
  rps: number;
  result: autocannon.Result;
  graphqlErrors: number;
}

function run(name: string, opts: autocannon.Options, countErrors: { n: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => {
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve({ name, rps: opts.overallRate ?? 0, result, graphqlErrors: countErrors.n });
    });
  });
}

function report(r: RunResult): void {
  const l = r.result.latency;
  log(
    `${r.name.padEnd(16)} target ${r.rps} req/s → ${r.result.requests.average.toFixed(1)} req/s, ` +
      `latency p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms; ` +
      `${r.result.requests.total} requests, non-2xx ${r.result.non2xx}, errors ${r.result.errors}, timeouts ${r.result.timeouts}, GraphQL errors ${r.graphqlErrors}`,
  );
}

/** GraphQL error codes seen (codes only: never a message), printed at the end. */
const errorCodes = new Map<string, number>();
function noteErrorCode(body: string): void {
  const code = /"code":"([A-Z_]+)"/.exec(body)?.[1] ?? 'UNKNOWN';
  errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
}

/**
 * A true fixed-rate (open-loop) load: request i is sent at start + i/rps whatever happened to earlier ones, and its
 * latency is measured from that SCHEDULED instant (no coordinated omission). autocannon's `overallRate` is not this:
 * each connection fires its per-second quota back to back at the start of every second (bursts), then pauses.
 */
interface OpenLoopResult {
  name: string;
  rps: number;
  sent: number;
  achieved: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  failures: number;
  graphqlErrors: number;
  /** Seconds into the run in which requests took > 50 ms, with their count: shows whether slowness is a stall. */
  slowBySecond: Record<number, number>;
  /** Open loop: refused requests by HTTP status (503 shed, 429 rate limited, …). */
  failuresByStatus?: Record<number, number>;
  /**
   * Open loop: this generator's own event-loop delay during the run (p99 / max, ms). A request is sent late, and its
   * latency counted from its scheduled instant, when the generator itself stalls: a stall seen here is the bench's.
   */
  generatorDelayMs?: { p99: number; max: number };
  /** CPU milliseconds per request sent, by process (see withCpu). */
  cpuMsPerRequest?: { api: number; postgres: number };
  /** SQL statements the API sent to PostgreSQL per request (every query, BEGIN and COMMIT counted). */
  statementsPerRequest?: number;
  /** BENCH_STATEMENTS=1: what PostgreSQL executed per request (every process's statements). */
  statements?: StatementsPerUnit;
}

async function openLoop(name: string, url: string, rps: number, seconds: number, headers: Record<string, string>, body: (i: number) => string): Promise<OpenLoopResult> {
  const interval = 1000 / rps;
  const total = Math.round(rps * seconds);
  const latencies: number[] = [];
  const slowBySecond: Record<number, number> = {};
  let failures = 0;
  let graphqlErrors = 0;
  const failuresByStatus: Record<number, number> = {};
  const inFlight: Promise<void>[] = [];
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const send = async (i: number, scheduled: number): Promise<void> => {
    try {
      const res = await fetch(url, { method: 'POST', headers, body: body(i) });
      const text = await res.text();
      if (res.status !== 200) {
        failures += 1;
        failuresByStatus[res.status] = (failuresByStatus[res.status] ?? 0) + 1;
      }
      else if (text.includes('"errors"')) {
        graphqlErrors += 1;
        noteErrorCode(text);
      }
    } catch {
      failures += 1;
    }
    const latency = performance.now() - scheduled;
    latencies.push(latency);
    if (latency > 50) {
      const second = Math.floor((i * interval) / 1000);
      slowBySecond[second] = (slowBySecond[second] ?? 0) + 1;
    }
  };
  const start = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      while (next < due) {
        inFlight.push(send(next, start + next * interval));
        next += 1;
      }
      if (next >= total) resolve();
      else setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  loopDelay.disable();
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (q: number): number => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  const generatorDelayMs = { p99: Math.round(loopDelay.percentile(99) / 1e5) / 10, max: Math.round(loopDelay.max / 1e5) / 10 };
  return { name, rps, sent: total, achieved: total / elapsed, p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: pct(1), failures, graphqlErrors, slowBySecond, failuresByStatus, generatorDelayMs };
}

/**
 * A closed loop: `concurrency` requests in flight, each sent as the previous one of its lane is answered, for `seconds`.
 * Low concurrency measures the CPU each request costs without queueing or load shedding (an oversubscribed machine
 * distorts open-loop latencies, not the CPU a request takes).
 */
async function closedLoop(name: string, url: string, concurrency: number, seconds: number, headers: Record<string, string>, body: (i: number) => string): Promise<OpenLoopResult> {
  const latencies: number[] = [];
  let failures = 0;
  let graphqlErrors = 0;
  let next = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const lane = async (): Promise<void> => {
    while (performance.now() < end) {
      const i = next++;
      const t0 = performance.now();
      try {
        const res = await fetch(url, { method: 'POST', headers, body: body(i) });
        const text = await res.text();
        if (res.status !== 200) failures += 1;
        else if (text.includes('"errors"')) {
        graphqlErrors += 1;
        noteErrorCode(text);
      }
      } catch {
        failures += 1;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (q: number): number => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  return { name, rps: 0, sent: latencies.length, achieved: latencies.length / elapsed, p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: pct(1), failures, graphqlErrors, slowBySecond: {} };
}

/**
 * CPU per request (ms) over one run of the API process and of this bench's PostgreSQL (its postmaster and backends;
 * not the other clusters that may share the machine).
 */
async function withCpu(apiPid: number, pgPid: number, requests: number | null, run: () => Promise<OpenLoopResult>): Promise<OpenLoopResult> {
  const statementsBefore = await statementsSent(apiPid);
  if (statementsDs) await resetStatements(statementsDs);
  const before = { api: processCpuSeconds(apiPid), pg: treeCpuSeconds(pgPid) };
  const from = process.hrtime.bigint() / 1000n;
  const result = await run();
  // The monotonic clock is the one V8 stamps CPU profiles with: bench/cpu-profile-top.ts --from-us/--to-us folds
  // only this run's samples.
  if (process.env.BENCH_CPU_PROF) log(`${result.name}: CPU profile window --from-us ${from} --to-us ${process.hrtime.bigint() / 1000n}`);
  const n = requests ?? result.sent;
  const per = (after: number, start: number): number => Math.round(((after - start) * 1e5) / Math.max(1, n)) / 100;
  const cpuMsPerRequest = { api: per(processCpuSeconds(apiPid), before.api), postgres: per(treeCpuSeconds(pgPid), before.pg) };
  const statementsPerRequest = Math.round(((await statementsSent(apiPid)) - statementsBefore) * 100 / Math.max(1, n)) / 100;
  const statements = statementsDs ? await statementsPerUnit(statementsDs, n) : undefined;
  return { ...result, cpuMsPerRequest, statementsPerRequest, ...(statements ? { statements } : {}) };
}

/** API processes by pid (their IPC channel answers how many SQL statements they have sent). */
const apiProcesses = new Map<number, ChildProcess>();

function statementsSent(pid: number): Promise<number> {
  const child = apiProcesses.get(pid);
  if (!child) return Promise.resolve(0);
  return new Promise((resolve) => {
    const onMessage = (m: { statements?: number }): void => {
      if (typeof m.statements !== 'number') return;
      child.off('message', onMessage);
      resolve(m.statements);
    };
    child.on('message', onMessage);
    child.send('statements');
  });
}

function reportOpenLoop(r: OpenLoopResult): void {
  log(
    `${r.name.padEnd(16)} ${r.rps > 0 ? `fixed ${r.rps} req/s (open loop)` : 'closed loop'} → ${r.achieved.toFixed(1)} req/s, latency p50 ${r.p50} ms, p90 ${r.p90} ms, ` +
      `p99 ${r.p99} ms, max ${r.max} ms; ${r.sent} requests, failures ${r.failures}, GraphQL errors ${r.graphqlErrors}` +
      (r.cpuMsPerRequest ? `; CPU per request: API ${r.cpuMsPerRequest.api} ms, PostgreSQL ${r.cpuMsPerRequest.postgres} ms` : '') +
      (r.statementsPerRequest !== undefined ? `; SQL statements per request ${r.statementsPerRequest}` : ''),
  );
  if (r.statements) {
    log(`${''.padEnd(16)} PostgreSQL per request: ${r.statements.total} statements, ${r.statements.execMs} ms execution + ${r.statements.planMs} ms planning`);
    for (const line of r.statements.top.slice(0, 15)) log(`${''.padEnd(18)}${line}`);
  }
  const refused = Object.entries(r.failuresByStatus ?? {});
  if (refused.length > 0) log(`${''.padEnd(16)} refused by HTTP status: ${refused.map(([status, n]) => `${status} ×${n}`).join(', ')}`);
  if (r.generatorDelayMs) log(`${''.padEnd(16)} the generator's own event-loop delay: p99 ${r.generatorDelayMs.p99} ms, max ${r.generatorDelayMs.max} ms`);
  const slow = Object.entries(r.slowBySecond);
  if (slow.length > 0) log(`${''.padEnd(16)} requests > 50 ms by second of the run: ${slow.map(([sec, n]) => `${sec}s:${n}`).join(' ')}`);
}

/**
 * The highest offered rate whose every run (all variants and rounds at that rate) kept p99 under the bound with no
 * failure (a shed 503 is one) and no GraphQL error, as a ratio of the goal's rate.
 */
function summarise(name: string, runs: OpenLoopResult[], goal: { p99Ms: number; rate: number }): void {
  const byRate = new Map<number, OpenLoopResult[]>();
  for (const r of runs) byRate.set(r.rps, [...(byRate.get(r.rps) ?? []), r]);
  const met = [...byRate.entries()].filter(([, rs]) => rs.every((r) => r.p99 < goal.p99Ms && r.failures === 0 && r.graphqlErrors === 0)).map(([rate]) => rate);
  const best = met.length > 0 ? Math.max(...met) : 0;
  log(
    `${name}: highest offered rate with p99 < ${goal.p99Ms} ms and nothing failed: ${best > 0 ? `${best}/s` : 'none of ' + [...byRate.keys()].join(', ')}` +
      ` = ${(best / goal.rate).toFixed(3)} of the goal (${goal.rate}/s)`,
  );
}

async function serve(): Promise<void> {
  // Counts every statement this process sends to PostgreSQL (TypeORM's pool and the listeners use pg's Client); the
  // bench asks for the count over IPC around each run.
  const pg = await import('pg');
  let statements = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    statements += 1;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  process.on('message', (m) => {
    if (m === 'statements') process.send?.({ statements });
  });
  const { createApiApp } = await import('../apps/api/src/bootstrap');
  const { DEFAULT_BODY_LIMIT_BYTES } = await import('../apps/api/src/config/api-config');
  const { readOverloadConfig } = await import('../apps/api/src/overload/overload-config');
  const keyDir = process.env.BENCH_KEY_DIR!;
  // One caller measures capacity here: no per-caller budgets unless the environment sets them (API_RATE_LIMIT_*);
  // load shedding as configured (API_MAX_CONCURRENT_REQUESTS...; bench/overload.ts measures it).
  const noBudgets = { API_RATE_LIMIT_PER_STAFF: '0', API_RATE_LIMIT_PER_ORG: '0', API_RATE_LIMIT_PER_IP: '0' };
  const app = await createApiApp(
    {
      config: { production: false, port: 0, host: '127.0.0.1', databaseUrl: process.env.BENCH_DATABASE_URL!, dataDir: keyDir, schemaFile: null, bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES, overload: readOverloadConfig({ ...noBudgets, ...process.env }) },
      databaseUrl: process.env.BENCH_DATABASE_URL!,
      poolSize: 20,
      fieldKeys: generateFieldKeys(),
      authConfig: { mode: 'local', keyDir, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE },
      temporal: temporalConfigFromEnv(),
    },
    ['error', 'warn'],
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  // The cluster directory is handed to the `postgres` OS user when running as root: keep keys elsewhere.
  const dir = mkdtempSync(join(tmpdir(), 'nrm-bench-pg-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'nrm-bench-keys-'));
  // NRM_DATA_DIR/keys: the local token key and the Temporal payload keys every process reads; created once here.
  const keyDir = join(dataDir, 'keys');
  loadOrCreateLocalKeys(keyDir);
  loadPayloadKeys(keyDir, {});
  const pg = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), ...(process.env.BENCH_STATEMENTS === '1' ? { settings: statementSettings } : {}) });
  const servers: ChildProcess[] = [];
  const apis: { label: string; pid: number; url: string }[] = [];
  const stack: ChildProcess[] = [];
  try {
    const caseIds = await seed(pg.url);
    if (process.env.BENCH_STATEMENTS === '1') {
      statementsDs = await createDataSource(pg.url, { poolSize: 1 });
      await enableStatements(statementsDs);
    }
    const temporalPort = await freePort();
    const base: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      NRM_DATA_DIR: dataDir,
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      TEMPORAL_SDK_LOG_LEVEL: 'WARN',
    };
    const quiet = { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] as ['ignore', 'ignore', 'inherit', 'ipc'] };
    stack.push(
      fork(join(__dirname, '..', 'libs', 'temporal-server', 'src', 'main.js'), ['server', 'start-dev', '--port', String(temporalPort), '--ip', '127.0.0.1', '--headless'], {
        ...quiet,
        env: { ...base, TEMPORAL_SERVER_DATABASE_URL: pg.url },
      }),
    );
    stack.push(fork(join(__dirname, '..', 'apps', 'worker', 'src', 'main.js'), [], { ...quiet, env: { ...base, TEMPORAL_GRPC_COMPRESSION: 'none' } }));
    // One API process per variant (BENCH_VARIANTS), all up at once; the runs below alternate between them.
    for (const variant of VARIANTS) {
      const child = fork(__filename, ['--serve'], {
        env: { ...base, BENCH_DATABASE_URL: pg.url, BENCH_KEY_DIR: keyDir, ...variant.env },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        // BENCH_CPU_PROF=<dir>: write a V8 CPU profile of each API process there.
        execArgv: process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [],
      });
      servers.push(child);
      apiProcesses.set(child.pid!, child);
      const port = await new Promise<number>((resolve, reject) => {
        child.once('message', (m: { port: number }) => resolve(m.port));
        child.once('exit', (code) => reject(new Error(`API exited (${code})`)));
      });
      apis.push({ label: variant.label, pid: child.pid!, url: `http://127.0.0.1:${port}/graphql` });
      if (process.env.BENCH_CPU_PROF) log(`API ${variant.label || '(default)'}: pid ${child.pid}`);
    }
    const police = await issueLocalToken(DEMO_USER_IDS['police.officer'], 3600, { keyDir });
    const manager = await issueLocalToken(DEMO_USER_IDS['dost.manager'], 3600, { keyDir });

    const inboxBody = JSON.stringify({
      query: `query Inbox($first: Int!) { inbox(first: $first) { edges { cursor node { id type status caseId caseCode referralId dueAt overdue } } pageInfo { endCursor hasNextPage } } }`,
      variables: { first: 20 },
    });
    const headers = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
    const countErrors = (counter: { n: number }) => (_status: number, body: string) => {
      if (body.includes('"errors"')) counter.n += 1;
    };
    const named = (base: string, label: string, round: number): string =>
      [base, label, ROUNDS > 1 ? `#${round + 1}` : ''].filter((x) => x !== '').join(' ');

    const serials: RunResult[] = [];
    for (const api of apis) {
      // Warm-up (connection pool, JIT compilation of both operations).
      const warm = { n: 0 };
      await run('warm-up', { url: api.url, method: 'POST', headers: headers(police), body: inboxBody, duration: 3, connections: 4, requests: [{ onResponse: countErrors(warm) }] }, warm);
      // Service time without queueing: one connection, one request at a time.
      const serialErrors = { n: 0 };
      serials.push(
        await run(
          named('inbox (serial)', api.label, 0),
          { url: api.url, method: 'POST', headers: headers(police), body: inboxBody, duration: 5, connections: 1, requests: [{ onResponse: countErrors(serialErrors) }] },
          serialErrors,
        ),
      );
    }

    const createReferral = `mutation Refer($input: CreateReferralInput!) { createReferral(input: $input) { id status responseDueAt } }`;
    const referralBody = (slot: number) => (i: number): string =>
      JSON.stringify({
        query: createReferral,
        variables: {
          input: {
            caseId: caseIds[(slot * REFERRAL_SLOT + i) % caseIds.length]!,
            toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
            serviceType: 'INCIDENT_NOTIFICATION',
            purpose: 'LAW_ENFORCEMENT',
            dataCategories: ['IDENTITY', 'CONTACT'],
            // Cases are reused across requests: each further referral of a case is a stated re-referral.
            reReferral: true,
            idempotencyKey: `bench-${process.pid}-${slot}-${i}`,
          },
        },
      });
    const inboxRuns: OpenLoopResult[] = [];
    const referralRuns: OpenLoopResult[] = [];
    // Per-request CPU without queueing (BENCH_CLOSED_CONCURRENCY in flight, default 2), alternating between variants.
    const closedRuns: OpenLoopResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const api of apis) {
        const name = named('inbox', api.label, round);
        closedRuns.push(await withCpu(api.pid, postmasterPid(dir), null, () => closedLoop(name, api.url, CLOSED_CONCURRENCY, SECONDS, headers(police), () => inboxBody)));
      }
    }
    // The inbox at fixed rates before any referral: their workflows and notifications would still be running.
    for (const rate of INBOX_RATES) {
      for (let round = 0; round < (OPEN_LOOP ? ROUNDS : 0); round++) {
        for (const api of apis) {
          // Warm the generator's keep-alive connections at the target rate before measuring.
          await openLoop('warm-up', api.url, rate, 3, headers(police), () => inboxBody);
          const name = named('inbox', api.label, round);
          inboxRuns.push(await withCpu(api.pid, postmasterPid(dir), rate * SECONDS, () => openLoop(name, api.url, rate, SECONDS, headers(police), () => inboxBody)));
        }
      }
    }
    // Warm each API's mutation path (JIT, prepared statements) on cases of their own.
    for (const [v, api] of apis.entries()) await closedLoop('warm-up', api.url, CLOSED_CONCURRENCY, 3, headers(manager), referralBody(2000 + v));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [v, api] of apis.entries()) {
        const name = named('createReferral', api.label, round);
        const slot = 1000 + round * apis.length + v;
        closedRuns.push(await withCpu(api.pid, postmasterPid(dir), null, () => closedLoop(name, api.url, CLOSED_CONCURRENCY, SECONDS, headers(manager), referralBody(slot))));
      }
    }
    let referralSlot = 0;
    for (const rate of REFERRAL_RATES) {
      for (let round = 0; round < (OPEN_LOOP ? ROUNDS : 0); round++) {
        for (const [v, api] of apis.entries()) {
          // Warm the mutation path (JIT, statements) on cases the measured runs do not use.
          if (round === 0 && referralSlot < apis.length) await openLoop('warm-up', api.url, 20, 2, headers(manager), (i) => referralBody(0)(caseIds.length - 1 - 40 * v - i));
          const name = named('createReferral', api.label, round);
          const slot = referralSlot++;
          referralRuns.push(
            await withCpu(api.pid, postmasterPid(dir), rate * SECONDS, () => openLoop(name, api.url, rate, SECONDS, headers(manager), referralBody(slot))),
          );
        }
      }
    }

    log('');
    log(`--- ${CASES} cases, ${SECONDS} s per run, API in its own process, PostgreSQL embedded (durable) ---`);
    log(`machine: ${cpus().length} CPUs, load average (1/5/15 min) ${loadavg().map((l) => l.toFixed(2)).join(' / ')} at the end of the runs`);
    if (apis.length > 1) log(`variants (runs alternate between them): ${VARIANTS.map((v) => `${v.label} = ${JSON.stringify(v.env)}`).join('; ')}`);
    for (const r of serials) report(r);
    for (const r of closedRuns) reportOpenLoop(r);
    for (const r of inboxRuns) reportOpenLoop(r);
    for (const r of referralRuns) reportOpenLoop(r);
    if (errorCodes.size > 0) log(`GraphQL error codes: ${[...errorCodes].map(([code, n]) => `${code} ×${n}`).join(', ')}`);
    if (OPEN_LOOP) {
      summarise('inbox', inboxRuns, GOALS.inbox);
      summarise('createReferral', referralRuns, GOALS.createReferral);
    }
  } finally {
    for (const server of servers) server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    for (const child of stack.reverse()) {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
    }
    await statementsDs?.destroy();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--serve')) {
  void serve().catch((error: unknown) => {
    process.stderr.write(`API failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
} else {
  void main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
