/**
 * Benchmark (a script, not a test): `npm run build && node dist/bench/overload.js`
 *
 * Graceful overload of the API (apps/api/src/overload): what callers get when more is offered than the API can serve.
 *
 * 1. A throw-away embedded PostgreSQL (durable defaults), migrated, the demo organisations and staff, BENCH_CASES
 *    cases (default 10,000; the inbox cost is flat in the data size, see inbox-and-referral.ts) with tasks spread over
 *    the inboxes; the embedded Temporal server as a separate process (no worker: nothing here needs a workflow to
 *    run, and its start-up bundling would take the CPU the measurement needs; a new case's workflow start is
 *    recorded and sent to Temporal as usual); the API forked into its own process (jit: 1) with the overload settings
 *    of the environment (API_MAX_CONCURRENT_REQUESTS...; defaults: the pool of 20, a queue of 40 for 1 s) and no
 *    per-caller budgets (one caller here).
 * 2. Capacity: the police inbox (first page, 20 items), closed loop with BENCH_CONNECTIONS (32) clients for
 *    BENCH_SECONDS: the requests/s answered.
 * 3. Open loop (request i sent at start + i/rate whatever happened before; latency from that scheduled instant) at
 *    0.5×, 1×, 2× and 4× that capacity for BENCH_SECONDS each: goodput (answered without error per second), p50/p99
 *    of accepted requests, the share shed (503) and how fast a shed request is answered, CPU of the API and of this
 *    bench client (it shares the machine).
 * 4. A flood of openCase mutations (BENCH_MUTATIONS, default 1,000, unique idempotency keys) offered at 2× the inbox
 *    capacity; a shed client retries with the same key after Retry-After. Then the rows are counted: every key has
 *    exactly one case, nothing lost or duplicated.
 *
 * Env: BENCH_CASES, BENCH_SECONDS (10), BENCH_CONNECTIONS (32), BENCH_FACTORS ("0.5,1,2,4"), BENCH_MUTATIONS.
 */
import 'reflect-metadata';
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, issueLocalToken } from '@lib/auth';
import { generateFieldKeys, loadOrCreateLocalKeys } from '@lib/crypto';
import {
  DEMO_ORG_IDS,
  DEMO_USER_IDS,
  createDataSource,
  runMigrations,
  seedDemoData,
  startEmbeddedPostgres,
} from '@lib/persistence';
import { loadPayloadKeys, temporalConfigFromEnv } from '@lib/temporal';
import { percentileOf } from './support/closed-loop';
import { ownCpuSeconds, postmasterPid, processCpuSeconds, treeCpuSeconds } from './support/process-usage';
import { freePort } from './support/free-port';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const FACTORS = (process.env.BENCH_FACTORS ?? '0.5,1,2,4').split(',').map(Number);
const MUTATIONS = Number(process.env.BENCH_MUTATIONS ?? 1000);

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}


async function seed(url: string): Promise<void> {
  const ds = await createDataSource(url, { poolSize: 2 });
  try {
    await runMigrations(ds);
    await seedDemoData(ds);
    await ds.query(
      `INSERT INTO cases (id, case_code, owning_organisation_id, case_manager_id, region, category, risk_level, is_child, status, opened_at)
       SELECT gen_random_uuid(), 'NRM-' || upper(lpad(to_hex(i), 8, '0')), $1, $2, 'Baku',
              (ARRAY['DOMESTIC_VIOLENCE','LEGAL_AID','DIVORCE_PROBLEMS','LOW_WELFARE','SHELTER'])[1 + i % 5],
              (ARRAY['LOW','MEDIUM','HIGH'])[1 + i % 3], i % 7 = 0, 'OPEN', now() - (i % 365) * interval '1 day'
         FROM generate_series(1, $3::int) AS i`,
      [DEMO_ORG_IDS.DOST_BAKU, DEMO_USER_IDS['dost.manager'], CASES],
    );
    await ds.query(`INSERT INTO persons (case_id, role, key_version) SELECT id, 'SURVIVOR', 1 FROM cases`);
    const orgs = [
      DEMO_ORG_IDS.POLICE_BAKU,
      DEMO_ORG_IDS.POLICE_BAKU,
      DEMO_ORG_IDS.SSA,
      DEMO_ORG_IDS.SHELTER,
      DEMO_ORG_IDS.NGO_LEGAL_CLINIC,
      DEMO_ORG_IDS.DOST_BAKU,
    ];
    await ds.query(
      `INSERT INTO tasks (organisation_id, type, status, case_id, due_at, created_at)
       SELECT ($1::uuid[])[1 + (n % array_length($1::uuid[], 1))],
              (ARRAY['REFERRAL_RESPONSE','REFERRAL_SERVICE','FOLLOW_UP'])[1 + n % 3],
              CASE WHEN n % 5 = 0 THEN 'DONE' ELSE 'OPEN' END, c.id,
              now() - interval '3 days' + (n % 1000) * interval '18 minutes' + (n % 997) * interval '1 second',
              now() - interval '4 days'
         FROM (SELECT id, row_number() OVER () AS n FROM cases) c`,
      [orgs],
    );
    await ds.query('VACUUM (ANALYZE)');
    await ds.query('CHECKPOINT');
  } finally {
    await ds.destroy();
  }
}

async function serve(): Promise<void> {
  const { createApiApp } = await import('../apps/api/src/bootstrap');
  const { DEFAULT_BODY_LIMIT_BYTES } = await import('../apps/api/src/config/api-config');
  const { readOverloadConfig } = await import('../apps/api/src/overload/overload-config');
  const keyDir = process.env.BENCH_KEY_DIR!;
  const overload = readOverloadConfig({
    API_RATE_LIMIT_PER_STAFF: '0',
    API_RATE_LIMIT_PER_ORG: '0',
    API_RATE_LIMIT_PER_IP: '0',
    ...process.env,
  });
  const app = await createApiApp(
    {
      config: {
        production: false,
        port: 0,
        host: '127.0.0.1',
        databaseUrl: process.env.BENCH_DATABASE_URL!,
        dataDir: keyDir,
        schemaFile: null,
        bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
        overload,
      },
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
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0, overload });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

/** One HTTP client for the whole bench: keep-alive, enough sockets that the client never queues at these rates. */
const agent = new Agent({ keepAlive: true, maxSockets: 1024 });

interface Outcome {
  status: number;
  /** The body carried GraphQL errors. */
  errors: boolean;
  retryAfter: number;
  body: string;
}

function post(url: URL, token: string, body: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            errors: text.includes('"errors"'),
            retryAfter: Number(res.headers['retry-after'] ?? 1),
            body: text,
          }),
        );
      },
    );
    req.on('error', () => resolve({ status: 0, errors: true, retryAfter: 1, body: '' }));
    req.end(body);
  });
}

interface Cpu {
  api: number;
  postgres: number;
  client: number;
}

function cpuNow(apiPid: number, pgPid: number): Cpu {
  return { api: processCpuSeconds(apiPid), postgres: treeCpuSeconds(pgPid), client: ownCpuSeconds() };
}

async function closedLoop(
  url: URL,
  token: string,
  body: string,
  connections: number,
  seconds: number,
): Promise<{ rps: number; p50: number; p99: number; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const outcome = await post(url, token, body);
        if (outcome.status === 200 && !outcome.errors) latencies.push(performance.now() - t0);
        else failures += 1;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / elapsed,
    p50: percentileOf(latencies, 50),
    p99: percentileOf(latencies, 99),
    failures,
  };
}

interface OpenLoopResult {
  rate: number;
  sent: number;
  seconds: number;
  accepted: number[];
  shed: number[];
  otherFailures: number;
}

/** Open loop: request i is sent at start + i/rate; latency measured from that scheduled instant. */
async function openLoop(
  rate: number,
  seconds: number,
  send: (i: number) => Promise<Outcome>,
): Promise<OpenLoopResult> {
  const interval = 1000 / rate;
  const total = Math.round(rate * seconds);
  const accepted: number[] = [];
  const shed: number[] = [];
  let otherFailures = 0;
  const inFlight: Promise<void>[] = [];
  const one = async (i: number, scheduled: number): Promise<void> => {
    const outcome = await send(i);
    const latency = performance.now() - scheduled;
    if (outcome.status === 200 && !outcome.errors) accepted.push(latency);
    else if (outcome.status === 503) shed.push(latency);
    else otherFailures += 1;
  };
  const start = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      while (next < due) {
        inFlight.push(one(next, start + next * interval));
        next += 1;
      }
      if (next >= total) resolve();
      else setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    tick();
  });
  const sendingSeconds = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  accepted.sort((a, b) => a - b);
  shed.sort((a, b) => a - b);
  return { rate, sent: total, seconds: sendingSeconds, accepted, shed, otherFailures };
}

const ms = (n: number): string => n.toFixed(1);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nrm-bench-pg-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'nrm-bench-keys-'));
  const keyDir = join(dataDir, 'keys');
  loadOrCreateLocalKeys(keyDir);
  loadPayloadKeys(keyDir, {});
  const pg = await startEmbeddedPostgres({ dataDir: dir, port: await freePort() });
  let server: ChildProcess | undefined;
  const stack: ChildProcess[] = [];
  try {
    await seed(pg.url);
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
      fork(
        join(__dirname, '..', 'libs', 'temporal-server', 'src', 'main.js'),
        ['server', 'start-dev', '--port', String(temporalPort), '--ip', '127.0.0.1', '--headless'],
        {
          ...quiet,
          env: { ...base, TEMPORAL_SERVER_DATABASE_URL: pg.url },
        },
      ),
    );
    server = fork(__filename, ['--serve'], {
      env: { ...base, BENCH_DATABASE_URL: pg.url, BENCH_KEY_DIR: keyDir },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const { port, overload } = await new Promise<{ port: number; overload: unknown }>((resolve, reject) => {
      server!.once('message', (m: { port: number; overload: unknown }) => resolve(m));
      server!.once('exit', (code) => reject(new Error(`API exited (${code})`)));
    });
    const url = new URL(`http://127.0.0.1:${port}/graphql`);
    const apiPid = server.pid!;
    const pgPid = postmasterPid(dir);
    const police = await issueLocalToken(DEMO_USER_IDS['police.officer'], 3600, { keyDir });
    const manager = await issueLocalToken(DEMO_USER_IDS['dost.manager'], 3600, { keyDir });
    const inbox = JSON.stringify({
      query: `query Inbox($first: Int!) { inbox(first: $first) { edges { cursor node { id type status caseId caseCode referralId dueAt overdue } } pageInfo { endCursor hasNextPage } } }`,
      variables: { first: 20 },
    });

    log(`overload settings: ${JSON.stringify(overload)}`);
    await closedLoop(url, police, inbox, 8, 3); // warm-up: JIT, pool, statements
    const capacity = await closedLoop(url, police, inbox, CONNECTIONS, SECONDS);
    log(
      `inbox capacity (closed loop, ${CONNECTIONS} clients, ${SECONDS} s): ${capacity.rps.toFixed(0)} req/s, p50 ${ms(capacity.p50)} ms, p99 ${ms(capacity.p99)} ms, failures ${capacity.failures}`,
    );

    const rows: string[] = [];
    for (const factor of FACTORS) {
      const rate = Math.max(1, Math.round(capacity.rps * factor));
      const before = cpuNow(apiPid, pgPid);
      const r = await openLoop(rate, SECONDS, () => post(url, police, inbox));
      const after = cpuNow(apiPid, pgPid);
      const goodput = r.accepted.length / r.seconds;
      const perAccepted = (s: number): string => ((s * 1000) / Math.max(1, r.accepted.length)).toFixed(2);
      rows.push(
        `${`${factor}×`.padEnd(5)} offered ${String(rate).padStart(5)}/s → goodput ${goodput.toFixed(0).padStart(5)}/s (${((100 * goodput) / capacity.rps).toFixed(0)} % of capacity); ` +
          `accepted p50 ${ms(percentileOf(r.accepted, 50))} ms, p99 ${ms(percentileOf(r.accepted, 99))} ms; ` +
          `shed ${((100 * r.shed.length) / r.sent).toFixed(1)} % (answered p50 ${ms(percentileOf(r.shed, 50))} ms, p99 ${ms(percentileOf(r.shed, 99))} ms); other failures ${r.otherFailures}; ` +
          `CPU per accepted request: API ${perAccepted(after.api - before.api)} ms, PostgreSQL ${perAccepted(after.postgres - before.postgres)} ms; ` +
          `bench client ${((100 * (after.client - before.client)) / r.seconds).toFixed(0)} % of a core`,
      );
      log(rows[rows.length - 1]!);
    }

    // A flood of mutations at 2× the inbox capacity: a shed client waits Retry-After and retries with the same key.
    const keys = Array.from({ length: MUTATIONS }, (_, i) => `overload-bench-${process.pid}-${i}`);
    const openCase = (i: number): string =>
      JSON.stringify({
        query: 'mutation Open($input: OpenCaseInput!) { openCase(input: $input) { id } }',
        variables: {
          input: {
            channel: 'LANDLINE',
            anonymous: true,
            category: 'DOMESTIC_VIOLENCE',
            callerType: 'ANONYMOUS',
            riskLevel: 'LOW',
            isChild: false,
            idempotencyKey: keys[i]!,
          },
        },
      });
    let retries = 0;
    let failed = 0;
    const acknowledged = new Map<string, Set<string>>();
    const persist = async (i: number): Promise<Outcome> => {
      for (;;) {
        const outcome = await post(url, manager, openCase(i));
        if (outcome.status === 503) {
          retries += 1;
          await new Promise((r) => setTimeout(r, outcome.retryAfter * 1000 * (0.5 + Math.random())));
          continue;
        }
        if (outcome.status === 200 && !outcome.errors) {
          const id = (JSON.parse(outcome.body) as { data: { openCase: { id: string } } }).data.openCase.id;
          acknowledged.set(keys[i]!, (acknowledged.get(keys[i]!) ?? new Set()).add(id));
        } else failed += 1;
        return outcome;
      }
    };
    const floodRate = Math.max(1, Math.round(capacity.rps * 2));
    const t0 = performance.now();
    const flood = await openLoop(floodRate, MUTATIONS / floodRate, persist);
    const floodSeconds = (performance.now() - t0) / 1000;
    const ds = await createDataSource(pg.url, { poolSize: 1 });
    const counted: { cases: number; records: number }[] = await ds.query(
      `SELECT (SELECT count(*) FROM idempotency_records WHERE key = ANY($1))::int AS records,
              (SELECT count(*) FROM cases c WHERE c.id::text IN (SELECT result_id::text FROM idempotency_records WHERE key = ANY($1)))::int AS cases`,
      [keys],
    );
    await ds.destroy();
    const ids = new Set([...acknowledged.values()].flatMap((s) => [...s]));
    const consistent = [...acknowledged.values()].every((s) => s.size === 1);
    log(
      `openCase flood: ${MUTATIONS} mutations offered at ${floodRate}/s, all answered in ${floodSeconds.toFixed(1)} s; ${retries} retries after 503, ${failed} failed otherwise; ` +
        `acknowledged keys ${acknowledged.size}, distinct case ids ${ids.size}, one id per key: ${consistent}; rows: ${counted[0]!.records} idempotency records, ${counted[0]!.cases} cases ` +
        `(accepted p50 ${ms(percentileOf(flood.accepted, 50))} ms, p99 ${ms(percentileOf(flood.accepted, 99))} ms including retries)`,
    );

    log('');
    log(
      `--- ${CASES} cases, ${SECONDS} s per run, API in its own process; machine: ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')} at the end ---`,
    );
    log(`capacity ${capacity.rps.toFixed(0)} req/s (closed loop)`);
    for (const row of rows) log(row);
  } finally {
    agent.destroy();
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    for (const child of stack.reverse()) {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
    }
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
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
