/**
 * End-to-end referral throughput (a script, not a test): `npm run bench:referrals`
 * (= `npm run build && node dist/bench/referral-throughput.js`).
 *
 * Measures what a DOST case manager's `createReferral` costs until the recipient can act on it: from the moment the
 * mutation is sent over HTTP until the mutation has answered AND the REFERRAL_RESPONSE task is in the recipient's
 * inbox (the `tasks` read model the `inbox` query serves; one poller reads it every 10 ms, so up to 10 ms of each
 * figure is the poller). Open loop at a fixed rate: referral i is sent at start + i/RATE whatever happened to earlier
 * ones, and its latency counts from that scheduled instant.
 *
 * The embedded stack, real processes, nothing mocked:
 * - PostgreSQL: embedded (throw-away cluster), migrated and seeded with the demo organisations and staff;
 * - Temporal: our embedded server's executable, durable in that PostgreSQL (as `npm start` runs it);
 * - BENCH_TOPOLOGY=processes (default): the worker (`apps/worker`) and the API (`apps/api`) each in its own process,
 *   as deploy/ runs them; BENCH_TOPOLOGY=stack: `apps/stack` (server, worker and API in one process, `npm start`).
 *
 * Before measuring (not timed): COUNT cases are opened with `openCase` and given a consent to the SSA with
 * `recordConsent` over GraphQL, and their case workflows have settled. Each measured referral goes to its own case.
 *
 * Offered more than it can take (e.g. BENCH_RATE=400), the API sheds requests with 503 (or 429) and Retry-After; this
 * client then does what an integration should: waits Retry-After and sends the same request again, with the same
 * idempotency key (latency still counts from the first scheduled instant). After the run the rows are counted: every
 * case has exactly one referral, every referral exactly one REFERRAL_RESPONSE task, and nothing is left in the
 * workflow outbox (`rows` in the report; `lostOrDuplicated` must be 0).
 *
 * Env: BENCH_RATE (referrals/s, default 50), BENCH_COUNT (default 500), BENCH_TOPOLOGY, BENCH_PROFILE (directory for
 * CPU profiles of the stack's processes), BENCH_STATEMENTS=1 (PostgreSQL's pg_stat_statements on: the measured run's
 * statements per referral, most frequent first), BENCH_NODE_FLAGS (node/V8 flags for the stack's processes),
 * BENCH_PG_SETTINGS (name=value,... for PostgreSQL). Target: 50/s sustained, p99 < 500 ms.
 *
 * Besides latency it prints CPU per referral by process (and by thread of the worker), database work per referral
 * (transactions, rows, HOT updates, WAL), autovacuum runs during the measured run (PostgreSQL CPU that no statement
 * shows), each process's resident memory at the end, and `machineSpeedMs`: CPU time of a fixed JavaScript workload
 * before and after the run. The machines here vary by a third in speed from minute to minute; compare runs whose
 * machineSpeedMs agree.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { issueLocalToken } from '@lib/auth';
import { loadOrCreateLocalKeys } from '@lib/crypto';
import { createDataSource, DEMO_ORG_IDS, DEMO_USER_IDS, runMigrations, seedDemoData, startEmbeddedPostgres } from '@lib/persistence';
import { type DataSource } from 'typeorm';
import { loadPayloadKeys } from '@lib/temporal';
import { cpuMsPer, cpuSecondsByName, ownCpuSeconds, processCpuSeconds, processRssMiB, threadCpuSecondsByName } from './support/process-usage';
import { freePort } from './support/free-port';
import { enableStatements, resetStatements, statementSettings, statementsPerUnit } from './support/pg-statements';

const RATE = Number(process.env.BENCH_RATE ?? '50');
const COUNT = Number(process.env.BENCH_COUNT ?? '500');
const TOPOLOGY = process.env.BENCH_TOPOLOGY === 'stack' ? 'stack' : 'processes';
const DIST = resolve(__dirname, '..');
const STATEMENTS = process.env.BENCH_STATEMENTS === '1';


/** CPU seconds used so far by the stack's processes, PostgreSQL and this one. */
function cpuSeconds(pids: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) if (pid) out[name] = processCpuSeconds(pid);
  out.postgres = cpuSecondsByName('postgres');
  out.bench = ownCpuSeconds();
  return out;
}

/** Cumulative work of the database so far (pg_stat_database): transactions and rows written. */
async function databaseWork(ds: DataSource): Promise<Record<string, number>> {
  const [row] = await ds.query<{ transactions: string; inserted: string; updated: string }[]>(
    `SELECT xact_commit + xact_rollback AS transactions, tup_inserted AS inserted, tup_updated AS updated
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  // PostgreSQL 18: WAL flushes are counted in pg_stat_io.
  const [wal] = await ds.query<{ syncs: string; bytes: string }[]>(
    `SELECT (SELECT coalesce(sum(fsyncs), 0) FROM pg_stat_io WHERE object = 'wal') AS syncs, (SELECT wal_bytes FROM pg_stat_wal) AS bytes`,
  );
  // HOT updates rewrite no index entry; autovacuum runs are PostgreSQL CPU the statements do not show.
  const [tables] = await ds.query<{ hot: string; autovacuums: string }[]>(
    `SELECT coalesce(sum(n_tup_hot_upd), 0) AS hot, coalesce(sum(autovacuum_count + autoanalyze_count), 0) AS autovacuums
       FROM pg_stat_all_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`,
  );
  return {
    transactions: Number(row!.transactions),
    rowsInserted: Number(row!.inserted),
    rowsUpdated: Number(row!.updated),
    rowsUpdatedHot: Number(tables!.hot),
    autovacuumRuns: Number(tables!.autovacuums),
    walSyncs: Number(wal!.syncs),
    walKiB: Number(wal!.bytes) / 1024,
  };
}

/** CPU milliseconds of a fixed workload (JSON and SHA-256): lower is a faster machine at this moment. */
function machineSpeedMs(): number {
  const start = process.cpuUsage();
  const o = { a: [1, 2, 3], b: 'referral', c: { d: 1.5, e: [{ f: 'x' }] } };
  for (let i = 0; i < 20_000; i++) {
    const text = JSON.stringify({ ...o, i });
    createHash('sha256').update(text).digest('hex');
    JSON.parse(text);
  }
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1000);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

/** A child process of the stack; its output is kept quiet unless it fails. */
function launch(name: string, script: string, env: NodeJS.ProcessEnv, args: string[] = []): ChildProcess {
  // BENCH_PROFILE=<dir>: a V8 CPU profile of each process's main thread (and workflow threads) there.
  const execArgv = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // BENCH_NODE_FLAGS: extra node/V8 flags for the stack's processes (e.g. GC tuning experiments).
  execArgv.push(...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((f) => f.length > 0));
  const child = fork(join(DIST, script), args, { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv });
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal === null) process.stderr.write(`${name} exited with ${String(code)}\n`);
  });
  return child;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((r) => {
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

/**
 * The load generator's client: node:http with keep-alive sockets. It runs on the same two cores as the stack it
 * measures, so it should cost as little as it can (fetch/undici costs about twice as much CPU per request here).
 */
/** The API refused the request for now (503 shed, 429 over budget): send it again after `retryAfterS`. */
class Refused extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterS: number,
  ) {
    super(`HTTP ${status}`);
  }
}

class GraphQL {
  private readonly agent = new Agent({ keepAlive: true });
  private readonly target: URL;

  constructor(private readonly url: string) {
    this.target = new URL(url);
  }

  call(token: string, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
    const body = JSON.stringify({ query, variables });
    return new Promise((ok, fail) => {
      const req = request(
        {
          agent: this.agent,
          host: this.target.hostname,
          port: this.target.port,
          path: this.target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
        },
        (res) => {
          if (res.statusCode === 503 || res.statusCode === 429) {
            res.resume();
            fail(new Refused(res.statusCode, Number(res.headers['retry-after'] ?? 1)));
            return;
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: Record<string, any>; errors?: { extensions?: { code?: string } }[] };
              if (parsed.errors?.length) fail(new Error(`GraphQL ${parsed.errors.map((e) => e.extensions?.code ?? 'error').join(',')}`));
              else ok(parsed.data!);
            } catch (error) {
              fail(error instanceof Error ? error : new Error(String(error)));
            }
          });
          res.on('error', fail);
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  }

  async ready(): Promise<void> {
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        const res = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' });
        if (res.status < 500) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > until) throw new Error('API did not start within 60 s');
      await sleep(200);
    }
  }
}

const OPEN_CASE = `mutation Open($input: OpenCaseInput!) { openCase(input: $input) { id } }`;
const RECORD_CONSENT = `mutation Consent($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
const CREATE_REFERRAL = `mutation Refer($input: CreateReferralInput!) { createReferral(input: $input) { id status } }`;

/** The measured cases' rows after the run: one referral per case, one response task per referral, an empty outbox. */
interface RowCounts {
  referrals: number;
  casesWithSeveralReferrals: number;
  responseTasks: number;
  duplicateResponseTasks: number;
  outboxPending: number;
}

async function countRows(ds: DataSource, caseIds: string[]): Promise<RowCounts> {
  const [row] = await ds.query<RowCounts[]>(
    `WITH r AS (SELECT id, case_id FROM referrals WHERE case_id = ANY($1::uuid[])),
          t AS (SELECT referral_id, count(*) AS n FROM tasks WHERE type = 'REFERRAL_RESPONSE' AND referral_id IN (SELECT id FROM r) GROUP BY referral_id)
     SELECT (SELECT count(*) FROM r)::int AS referrals,
            (SELECT count(*) FROM (SELECT case_id FROM r GROUP BY case_id HAVING count(*) > 1) d)::int AS "casesWithSeveralReferrals",
            (SELECT count(*) FROM t)::int AS "responseTasks",
            (SELECT count(*) FROM t WHERE n > 1)::int AS "duplicateResponseTasks",
            (SELECT count(*) FROM workflow_starts)::int AS "outboxPending"`,
    [caseIds],
  );
  return row!;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nrm-bench-data-'));
  const pgDir = mkdtempSync(join(tmpdir(), 'nrm-bench-pg-'));
  const pg = await startEmbeddedPostgres({
    dataDir: pgDir,
    port: await freePort(),
    settings: {
      ...(STATEMENTS ? statementSettings : {}),
      // BENCH_PG_SETTINGS=name=value,...: server settings for tuning experiments.
      ...Object.fromEntries((process.env.BENCH_PG_SETTINGS ?? '').split(',').filter((kv) => kv.includes('=')).map((kv) => kv.split('=', 2) as [string, string])),
    },
  });
  const children: ChildProcess[] = [];
  const pids: Record<string, number | undefined> = {};
  try {
    const ds = await createDataSource(pg.url, { poolSize: 4, applicationName: 'nrm-bench' });
    await runMigrations(ds);
    if (STATEMENTS) await enableStatements(ds);
    await seedDemoData(ds);
    // Keys every process reads from NRM_DATA_DIR/keys: created once here so the processes don't race to create them.
    const keyDir = join(dataDir, 'keys');
    loadOrCreateLocalKeys(keyDir);
    loadPayloadKeys(keyDir, {});
    const manager = await issueLocalToken(DEMO_USER_IDS['dost.manager'], 3600, { keyDir });

    const apiPort = await freePort();
    const temporalPort = await freePort();
    // One client (dost.manager) measures capacity: no per-caller budgets (API_RATE_LIMIT_*) unless the environment sets them.
    const base: NodeJS.ProcessEnv = { API_RATE_LIMIT_PER_STAFF: '0', API_RATE_LIMIT_PER_ORG: '0', ...process.env, NODE_ENV: 'development', NRM_DATA_DIR: dataDir, DATABASE_URL: pg.url, TEMPORAL_SDK_LOG_LEVEL: 'WARN' };
    if (TOPOLOGY === 'stack') {
      children.push(launch('stack', 'apps/stack/src/main.js', { ...base, PORT: String(apiPort), HOST: '127.0.0.1', TEMPORAL_PORT: String(temporalPort) }));
      pids.stack = children[0]!.pid;
    } else {
      const address = `127.0.0.1:${temporalPort}`;
      children.push(
        launch('temporal server', 'libs/temporal-server/src/main.js', { ...base, TEMPORAL_SERVER_DATABASE_URL: pg.url }, [
          'server', 'start-dev', '--port', String(temporalPort), '--ip', '127.0.0.1', '--headless',
        ]),
      );
      children.push(launch('worker', 'apps/worker/src/main.js', { ...base, TEMPORAL_ADDRESS: address, TEMPORAL_GRPC_COMPRESSION: process.env.TEMPORAL_GRPC_COMPRESSION ?? 'none' }));
      children.push(launch('api', 'apps/api/src/main.js', { ...base, TEMPORAL_ADDRESS: address, PORT: String(apiPort), HOST: '127.0.0.1' }));
      [pids.temporal, pids.worker, pids.api] = children.map((c) => c.pid);
    }
    const api = new GraphQL(`http://127.0.0.1:${apiPort}/graphql`);
    await api.ready();

    // Open the cases and record the consents (not measured), then wait for their workflows to settle.
    const cases: string[] = [];
    const openOne = async (i: number): Promise<void> => {
      const { openCase } = await api.call(manager, OPEN_CASE, {
        input: {
          channel: 'LANDLINE', anonymous: false, category: 'DOMESTIC_VIOLENCE', callerType: 'WOMAN', riskLevel: 'HIGH', isChild: false,
          survivor: { fullName: `Bench Survivor ${i}`, dateOfBirth: '1990-04-12' },
          idempotencyKey: `bench-open-${i}`,
        },
      });
      const caseId = (openCase as { id: string }).id;
      await api.call(manager, RECORD_CONSENT, {
        input: {
          caseId, grantor: 'SELF', recipientOrganisationId: DEMO_ORG_IDS.SSA, dataCategories: ['HEALTH'], purposes: ['SHELTER_PLACEMENT'],
          method: 'WRITTEN', idempotencyKey: `bench-consent-${i}`,
        },
      });
      cases[i] = caseId;
    };
    const warmCount = 20;
    for (let i = 0; i < COUNT + warmCount; i += 10) await Promise.all(Array.from({ length: Math.min(10, COUNT + warmCount - i) }, (_, k) => openOne(i + k)));
    for (;;) {
      const [row] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM tasks WHERE type = 'FOLLOW_UP'`);
      if (row!.n >= COUNT + warmCount) break;
      await sleep(200);
    }

    const pending = new Map<string, number>();
    const latencies: number[] = [];
    const mutationMs: number[] = [];
    let errors = 0;
    const refused = { 503: 0, 429: 0 };
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const ids = [...pending.keys()];
        if (ids.length > 0) {
          const rows = await ds.query<{ referral_id: string }[]>(
            `SELECT referral_id FROM tasks WHERE type = 'REFERRAL_RESPONSE' AND referral_id = ANY($1::uuid[])`,
            [ids],
          );
          const seen = performance.now();
          for (const { referral_id } of rows) {
            const t0 = pending.get(referral_id);
            if (t0 !== undefined) {
              latencies.push(seen - t0);
              pending.delete(referral_id);
            }
          }
        }
        await sleep(10);
      }
    })();

    const refer = async (caseId: string, key: string, scheduled: number): Promise<void> => {
      const giveUp = scheduled + 120_000;
      for (;;) {
        try {
          const { createReferral } = await api.call(manager, CREATE_REFERRAL, {
            input: { caseId, toOrganisationId: DEMO_ORG_IDS.SSA, serviceType: 'SHELTER_PLACEMENT', purpose: 'SHELTER_PLACEMENT', dataCategories: ['HEALTH'], idempotencyKey: key },
          });
          mutationMs.push(performance.now() - scheduled);
          pending.set((createReferral as { id: string }).id, scheduled);
          return;
        } catch (error) {
          if (!(error instanceof Refused) || performance.now() > giveUp) {
            errors += 1;
            return;
          }
          refused[error.status as 503 | 429] += 1;
          await sleep(Math.max(0.05, error.retryAfterS) * 1000);
        }
      }
    };

    // Warm-up on cases the measured run does not use (JIT, statement caches, workflow bundle).
    for (let i = 0; i < warmCount; i++) await refer(cases[COUNT + i]!, `bench-warm-${i}`, performance.now());
    while (pending.size > 0) await sleep(20);
    latencies.length = 0;
    mutationMs.length = 0;

    const speedBefore = machineSpeedMs();
    const cpuBefore = cpuSeconds(pids);
    const threadsBefore = pids.worker ? threadCpuSecondsByName(pids.worker) : {};
    const dbBefore = await databaseWork(ds);
    if (STATEMENTS) await resetStatements(ds);
    const t0 = performance.now();
    const sent: Promise<void>[] = [];
    for (let i = 0; i < COUNT; i++) {
      const scheduled = t0 + (i * 1000) / RATE;
      const wait = scheduled - performance.now();
      if (wait > 0) await sleep(wait);
      sent.push(refer(cases[i]!, `bench-ref-${i}`, scheduled));
    }
    await Promise.all(sent);
    const deadline = performance.now() + 60_000;
    while (pending.size > 0 && performance.now() < deadline) await sleep(20);
    const elapsedS = (performance.now() - t0) / 1000;
    polling = false;
    await poller;
    const cpuAfter = cpuSeconds(pids);
    const speedAfter = machineSpeedMs();
    const threadsAfter = pids.worker ? threadCpuSecondsByName(pids.worker) : {};
    const dbAfter = await databaseWork(ds);
    const statements = STATEMENTS ? await statementsPerUnit(ds, latencies.length) : undefined;
    const [stateSize] = await ds.query<{ avg: string; max: string }[]>(
      `SELECT avg(octet_length(state))::int AS avg, max(octet_length(state)) AS max FROM temporal_embedded.executions`,
    );
    const { autovacuumRuns: vacuumsAfter, ...dbPerAfter } = dbAfter;
    const databasePerReferral = Object.fromEntries(
      Object.entries(dbPerAfter).map(([k, v]) => [k, Number(((v - (dbBefore[k] ?? 0)) / Math.max(1, latencies.length)).toFixed(1))]),
    );
    const cpuMsPerReferral = cpuMsPer(cpuBefore, cpuAfter, latencies.length);
    const rows = await countRows(ds, cases.slice(0, COUNT));

    const sorted = [...latencies].sort((a, b) => a - b);
    const mutations = [...mutationMs].sort((a, b) => a - b);
    const report = {
      machine: `${cpus().length} cores, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join('/')} at the end`,
      topology: TOPOLOGY === 'stack' ? 'apps/stack: server, worker and API in one process (npm start)' : 'server, worker and API each in its own process (deploy/)',
      machineSpeedMs: { before: speedBefore, after: speedAfter },
      offeredRatePerS: RATE,
      referrals: COUNT,
      taskVisible: latencies.length,
      notVisibleWithin60s: pending.size,
      mutationErrors: errors,
      refusedThenRetried: refused,
      rows,
      lostOrDuplicated: Math.abs(COUNT - rows.referrals) + rows.casesWithSeveralReferrals + Math.abs(rows.referrals - rows.responseTasks) + rows.duplicateResponseTasks + rows.outboxPending,
      throughputPerS: Number((latencies.length / elapsedS).toFixed(1)),
      mutationToTaskVisibleMs: { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: percentile(sorted, 100) },
      mutationResponseMs: { p50: percentile(mutations, 50), p99: percentile(mutations, 99) },
      cpuMsPerReferral,
      ...(pids.worker
        ? { workerThreadsCpuMsPerReferral: Object.fromEntries(Object.entries(cpuMsPer(threadsBefore, threadsAfter, latencies.length)).filter(([, ms]) => ms >= 0.1)) }
        : {}),
      databasePerReferral,
      autovacuumRunsDuringRun: (vacuumsAfter ?? 0) - (dbBefore.autovacuumRuns ?? 0),
      // At the end of the run; the worker's grows with the workflows it keeps cached (see deploy/README.md).
      residentMiB: Object.fromEntries(Object.entries(pids).flatMap(([name, pid]) => (pid ? [[name, processRssMiB(pid)]] : []))),
      temporalStateBytes: { avg: Number(stateSize?.avg), max: Number(stateSize?.max) },
      ...(statements ? { statementsPerReferral: statements } : {}),
      target: '50 referrals/s, p99 mutation → task visible < 500 ms',
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    await ds.destroy();
  } finally {
    for (const child of children.reverse()) await stop(child);
    await pg.stop();
    rmSync(pgDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
