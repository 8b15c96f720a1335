/**
 * Notification latency and cost (a script, not a test): `npm run bench:notifications`
 * (= `npm run build && node dist/bench/notification-latency.js`).
 *
 * The stack as deploy/ runs it (embedded PostgreSQL, our Temporal server, worker and API each in its own process), a
 * real SMTP server (smtp-server) and a graphql-ws subscriber in this process. The SSA's officer has an e-mail address
 * and an open `inboxTaskAdded` subscription; COUNT referrals to the SSA are sent open loop at RATE/s. For each one it
 * prints, from the commit of the createReferral transaction (which wrote the task and the outbox row; the instant this
 * process, LISTENing like any API replica, hears its NOTIFY) until (a) the subscription event arrived and (b) the SMTP
 * server accepted the e-mail: p50/p90/p99, all on this process's clock.
 *
 * Then the same run on a fresh stack whose worker does not relay the outbox (NOTIFICATION_RELAY=off, no subscriber,
 * no address): the difference in CPU per referral (all processes, PostgreSQL and this one) is what delivering the
 * notifications costs (the outbox row itself is written in both runs). Budget: at most 15 % more. `extraCpuPercent`
 * counts this process too (the SMTP server receiving the e-mails and the subscriber: the receivers' side);
 * `extraCpuPercentOfStack` counts the system's processes only. PostgreSQL is this run's cluster (its postmaster's
 * process tree), not every `postgres` process on the machine: other agents' clusters are not counted.
 *
 * Both runs measure the same window, BENCH_WINDOW_MS (default 30 s) from the first referral, or until the run settled
 * when that took longer (`windowMs`, `settledAfterMs`). Closing each window when its run settled (the measure before,
 * still printed as `extraCpuPercentOfStackAtSettle`) charged the run with notifications, which settles later (it waits
 * for the e-mails too), with more of the stack's work still under way when the baseline's window had closed (work the
 * referrals cause after they are answered, deferred database work): in 12 runs of 2026-12-07 the at-settle figure was
 * from 0.6 points below to 4.8 points above the equal-window one (above in 10).
 *
 * BENCH_PAIRS=n (default 1) runs n pairs, the order alternating (with notifications first, then the baseline first,
 * ...), so that the machine's drift in speed during the runs (up to 2× here, minute to minute) falls on both sides; it
 * prints each pair's `extraCpuPercentOfStack` and their median beside the first pair's full report.
 *
 * Env: BENCH_RATE (default 50), BENCH_COUNT (default 500), BENCH_BASELINE=0 to skip the baseline run, BENCH_WINDOW_MS,
 * BENCH_WORKER_CPU_PROF=<dir> (the worker's V8 CPU profiles, and the measured window on stderr), BENCH_STATEMENTS=1
 * (PostgreSQL's pg_stat_statements on: each run's statements per referral over the measured window on stderr, most
 * frequent first, the Temporal server's and this script's pollers included, with their planning: how many plans per
 * referral and what each cost).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { type DataSource } from 'typeorm';
import WebSocket from 'ws';
import { issueLocalToken } from '@lib/auth';
import { loadOrCreateLocalKeys } from '@lib/crypto';
import { NOTIFICATION_CHANNEL, PgListener } from '@lib/notifications';
import {
  createDataSource,
  DEMO_ORG_IDS,
  DEMO_USER_IDS,
  runMigrations,
  seedDemoData,
  startEmbeddedPostgres,
} from '@lib/persistence';
import { loadPayloadKeys } from '@lib/temporal';
import { cpuMsPer, ownCpuSeconds, postmasterPid, processCpuSeconds, treeCpuSeconds } from './support/process-usage';
import { freePort } from './support/free-port';

const RATE = Number(process.env.BENCH_RATE ?? '50');
const COUNT = Number(process.env.BENCH_COUNT ?? '500');
const DIST = resolve(__dirname, '..');
/** BENCH_WORKER_CPU_PROF=<dir>: the worker writes a V8 CPU profile per run (`with/`, `baseline/`) when it stops. */
const PROFILE_DIR = process.env.BENCH_WORKER_CPU_PROF ? resolve(process.env.BENCH_WORKER_CPU_PROF) : null;
const STATEMENTS = process.env.BENCH_STATEMENTS === '1';
/** Each run's measured window, from its first referral (both runs alike; longer when a run takes longer to settle). */
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? '30000');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** pg_stat_statements since the last reset, per referral, most frequent first (diagnostics: BENCH_STATEMENTS=1). */
async function statementsPerReferral(ds: DataSource, referrals: number): Promise<string[]> {
  const rows = await ds.query<{ calls: string; plans: string; plan_ms: string; ms: string; query: string }[]>(
    `SELECT calls, plans, total_plan_time AS plan_ms, total_exec_time + total_plan_time AS ms, query FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY calls DESC`,
  );
  const total = rows.reduce((a, r) => a + Number(r.calls), 0) / referrals;
  const ms = rows.reduce((a, r) => a + Number(r.ms), 0) / referrals;
  return [
    `${total.toFixed(1)} statements, ${ms.toFixed(3)} ms (execution + planning) per referral; per statement: calls per referral × ms each (plans per referral × ms each)`,
    ...rows
      .slice(0, 40)
      .map(
        (r) =>
          `  ${(Number(r.calls) / referrals).toFixed(2)} × ${(Number(r.ms) / Number(r.calls)).toFixed(3)} ms` +
          ` (${(Number(r.plans) / referrals).toFixed(2)} × ${(Number(r.plan_ms) / Math.max(1, Number(r.plans))).toFixed(3)})` +
          `  ${r.query.replace(/\s+/g, ' ').slice(0, 130)}`,
      ),
  ];
}

function percentiles(values: number[]): Record<string, number> {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number =>
    sorted.length === 0
      ? NaN
      : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
  return { p50: at(50), p90: at(90), p99: at(99), max: at(100) };
}

function machineSpeedMs(): number {
  const start = process.cpuUsage();
  for (let i = 0; i < 20_000; i++)
    createHash('sha256')
      .update(JSON.stringify({ i, referral: 'x' }))
      .digest('hex');
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1000);
}

function launch(script: string, env: NodeJS.ProcessEnv, args: string[] = [], execArgv: string[] = []): ChildProcess {
  return fork(join(DIST, script), args, { env, execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((r) => {
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

function gql(
  agent: Agent,
  url: URL,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<Record<string, any>> {
  const body = JSON.stringify({ query, variables });
  return new Promise((ok, fail) => {
    const req = request(
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
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            data?: Record<string, any>;
            errors?: unknown[];
          };
          // Codes only (an error message could echo a submitted value).
          if (parsed.errors?.length)
            fail(
              new Error(
                `GraphQL error (HTTP ${res.statusCode ?? '?'}): ${(parsed.errors as { extensions?: { code?: string } }[])
                  .map((e) => e.extensions?.code ?? 'no code')
                  .join(', ')}`,
              ),
            );
          else ok(parsed.data!);
        });
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

/** The system's processes only (Temporal server, worker, API, PostgreSQL), per referral. */
function stackSum(cpuMsPerReferral: Record<string, number>): number {
  return Number(
    Object.entries(cpuMsPerReferral)
      .filter(([name]) => name !== 'bench')
      .reduce((a, [, b]) => a + b, 0)
      .toFixed(1),
  );
}

interface RunResult {
  /** From the first measured referral until every referral (and, with notifications, every delivery) settled. */
  settledAfterMs: number;
  /** The measured window: WINDOW_MS, or settledAfterMs when that was longer. */
  windowMs: number;
  /** The stack's CPU per referral had the window closed when the run settled (the measure before WINDOW_MS). */
  stackCpuMsPerReferralAtSettle: number;
  cpuMsPerReferral: Record<string, number>;
  totalCpuMsPerReferral: number;
  /** The system's processes only (Temporal server, worker, API, PostgreSQL): without this process's SMTP server and subscriber. */
  stackCpuMsPerReferral: number;
  machineSpeedMs: number[];
  subscriptionMs?: Record<string, number>;
  emailAcceptedMs?: Record<string, number>;
  received?: { subscriptionEvents: number; emails: number };
}

async function run(notifications: boolean): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nrm-bench-data-'));
  const pgDir = mkdtempSync(join(tmpdir(), 'nrm-bench-pg-'));
  const pg = await startEmbeddedPostgres({
    dataDir: pgDir,
    port: await freePort(),
    ...(STATEMENTS
      ? {
          settings: {
            shared_preload_libraries: 'pg_stat_statements',
            'pg_stat_statements.track': 'all',
            // Planning too: a prepared statement is planned at each of its first 5 runs on every connection.
            'pg_stat_statements.track_planning': 'on',
          },
        }
      : {}),
  });
  const children: ChildProcess[] = [];
  const smtpArrivals = new Map<string, number>(); // delivery id → arrival
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const id = /X-NRM-Delivery-Id: ([0-9a-f-]{36})/i.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
        if (id) smtpArrivals.set(id, performance.now());
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  let socket: WebSocket | null = null;
  let listener: PgListener | null = null;
  const commits = new Map<string, number>(); // notification id → NOTIFY heard (its transaction committed)
  try {
    const ds = await createDataSource(pg.url, { poolSize: 4, applicationName: 'nrm-bench' });
    await runMigrations(ds);
    if (STATEMENTS) await ds.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await seedDemoData(ds);
    const keyDir = join(dataDir, 'keys');
    loadOrCreateLocalKeys(keyDir);
    loadPayloadKeys(keyDir, {});
    const manager = await issueLocalToken(DEMO_USER_IDS['dost.manager'], 3600, { keyDir });
    const officer = await issueLocalToken(DEMO_USER_IDS['ssa.officer'], 3600, { keyDir });
    if (notifications) {
      await ds.query(
        `INSERT INTO notification_settings (staff_id, email, language) VALUES ($1, 'ssa.officer@bench.test', 'en')`,
        [DEMO_USER_IDS['ssa.officer']],
      );
    }
    const apiPort = await freePort();
    const temporalPort = await freePort();
    const address = `127.0.0.1:${temporalPort}`;
    const base: NodeJS.ProcessEnv = {
      // One client measures latency at a fixed rate: no per-caller budgets (API_RATE_LIMIT_*) unless the environment sets them.
      API_RATE_LIMIT_PER_STAFF: '0',
      API_RATE_LIMIT_PER_ORG: '0',
      // Nor shedding: on a shared, loaded machine a 503 would abort the run; queueing shows up in the latencies instead.
      API_MAX_EVENT_LOOP_DELAY_MS: '0',
      API_MAX_QUEUED_REQUESTS: '100000',
      API_QUEUE_TIMEOUT_MS: '120000',
      ...process.env,
      NODE_ENV: 'development',
      NRM_DATA_DIR: dataDir,
      DATABASE_URL: pg.url,
      TEMPORAL_SDK_LOG_LEVEL: 'WARN',
      TEMPORAL_ADDRESS: address,
    };
    children.push(
      launch('libs/temporal-server/src/main.js', { ...base, TEMPORAL_SERVER_DATABASE_URL: pg.url }, [
        'server',
        'start-dev',
        '--port',
        String(temporalPort),
        '--ip',
        '127.0.0.1',
        '--headless',
      ]),
    );
    children.push(
      launch('apps/worker/src/main.js', {
        ...base,
        TEMPORAL_GRPC_COMPRESSION: 'none',
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        NOTIFICATION_RELAY: notifications ? 'on' : 'off',
        // Its probes on a free port: the default (3001) may be taken by another stack on a shared machine.
        WORKER_HEALTH_PORT: String(await freePort()),
        WORKER_HEALTH_HOST: '127.0.0.1',
      }, [], PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', join(PROFILE_DIR, notifications ? 'with' : 'baseline')] : []),
    );
    children.push(launch('apps/api/src/main.js', { ...base, PORT: String(apiPort), HOST: '127.0.0.1' }));
    const pids: Record<string, number> = {
      temporal: children[0]!.pid!,
      worker: children[1]!.pid!,
      api: children[2]!.pid!,
    };
    const url = new URL(`http://127.0.0.1:${apiPort}/graphql`);
    const agent = new Agent({ keepAlive: true });
    for (const until = Date.now() + 90_000; ;) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ health }"}',
      }).catch(() => null);
      if (res?.ok) break;
      if (Date.now() > until) throw new Error('API did not start');
      await sleep(200);
    }

    listener = new PgListener(pg.url, NOTIFICATION_CHANNEL, (payload) => {
      const id = payload.split(',')[0];
      if (id && !commits.has(id)) commits.set(id, performance.now());
    });
    await listener.started();
    const liveArrivals = new Map<string, number>(); // referral id → arrival
    if (notifications) {
      const ws = new WebSocket(url.toString().replace('http', 'ws'), 'graphql-transport-ws');
      socket = ws;
      await new Promise<void>((ok, fail) => {
        ws.once('open', () =>
          ws.send(
            JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${officer}` } }),
          ),
        );
        ws.on('message', (raw: Buffer) => {
          const msg = JSON.parse(raw.toString()) as {
            type: string;
            payload?: { data?: { inboxTaskAdded?: { referralId: string } } };
          };
          if (msg.type === 'connection_ack') {
            ws.send(
              JSON.stringify({
                id: '1',
                type: 'subscribe',
                payload: { query: 'subscription { inboxTaskAdded { referralId } }' },
              }),
            );
            ok();
          }
          const referralId = msg.payload?.data?.inboxTaskAdded?.referralId;
          if (msg.type === 'next' && referralId) liveArrivals.set(referralId, performance.now());
        });
        ws.once('error', fail);
      });
    }

    const warm = 20;
    const cases: string[] = [];
    const openOne = async (i: number): Promise<void> => {
      const { openCase } = await gql(
        agent,
        url,
        manager,
        `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`,
        {
          input: {
            channel: 'LANDLINE',
            anonymous: false,
            category: 'DOMESTIC_VIOLENCE',
            callerType: 'WOMAN',
            riskLevel: 'HIGH',
            isChild: false,
            survivor: { fullName: `Bench Survivor ${i}`, dateOfBirth: '1990-04-12' },
            idempotencyKey: `open-${i}`,
          },
        },
      );
      const caseId = (openCase as { id: string }).id;
      await gql(
        agent,
        url,
        manager,
        `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
        {
          input: {
            caseId,
            grantor: 'SELF',
            recipientOrganisationId: DEMO_ORG_IDS.SSA,
            dataCategories: ['HEALTH'],
            purposes: ['SHELTER_PLACEMENT'],
            method: 'WRITTEN',
            idempotencyKey: `consent-${i}`,
          },
        },
      );
      cases[i] = caseId;
    };
    for (let i = 0; i < COUNT + warm; i += 10)
      await Promise.all(Array.from({ length: Math.min(10, COUNT + warm - i) }, (_, k) => openOne(i + k)));
    for (;;) {
      const [row] = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM tasks WHERE type = 'FOLLOW_UP'`,
      );
      if (row!.n >= COUNT + warm) break;
      await sleep(200);
    }
    const committed = new Map<string, number>(); // referral id → mutation answered
    const refer = async (i: number, key: string): Promise<void> => {
      const { createReferral } = await gql(
        agent,
        url,
        manager,
        `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`,
        {
          input: {
            caseId: cases[i],
            toOrganisationId: DEMO_ORG_IDS.SSA,
            serviceType: 'SHELTER_PLACEMENT',
            purpose: 'SHELTER_PLACEMENT',
            dataCategories: ['HEALTH'],
            idempotencyKey: key,
          },
        },
      );
      committed.set((createReferral as { id: string }).id, performance.now());
    };
    const settle = async (ids: () => string[], timeoutMs: number): Promise<void> => {
      const until = performance.now() + timeoutMs;
      for (;;) {
        const open = await ds.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM referrals r WHERE r.id = ANY($1::uuid[]) AND r.escalate_to IS NULL`,
          [ids()],
        );
        const undelivered = notifications
          ? await ds.query<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM notifications WHERE dispatched_at IS NULL OR id IN (SELECT notification_id FROM notification_deliveries WHERE status = 'PENDING')`,
            )
          : [{ n: 0 }];
        if (open[0]!.n === 0 && undelivered[0]!.n === 0) return;
        if (performance.now() > until) return;
        await sleep(100);
      }
    };
    for (let i = 0; i < warm; i++) await refer(COUNT + i, `warm-${i}`);
    await settle(() => [...committed.keys()], 60_000);
    committed.clear();
    liveArrivals.clear();
    smtpArrivals.clear();
    commits.clear();

    const speedBefore = machineSpeedMs();
    // This run's PostgreSQL cluster only (its postmaster and backends), not the other clusters on a shared machine.
    const postmaster = postmasterPid(pgDir);
    if (postmaster === 0) throw new Error('no postmaster.pid: cannot measure PostgreSQL');
    const cpu = (): Record<string, number> => ({
      ...Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processCpuSeconds(pid)])),
      postgres: treeCpuSeconds(postmaster),
      bench: ownCpuSeconds(),
    });
    if (STATEMENTS) await ds.query('SELECT pg_stat_statements_reset()');
    const cpuBefore = cpu();
    const windowFromUs = process.hrtime.bigint() / 1000n;
    const t0 = performance.now();
    const sent: Promise<void>[] = [];
    for (let i = 0; i < COUNT; i++) {
      const wait = t0 + (i * 1000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      sent.push(refer(i, `ref-${i}`));
    }
    await Promise.all(sent);
    await settle(() => [...committed.keys()], 120_000);
    const settledAfterMs = Math.round(performance.now() - t0);
    const cpuAtSettle = cpu();
    // The same window in both runs (WINDOW_MS from the first referral, or longer if settling took longer): the work
    // that referrals cause after the run counts as settled (the referral workflows' later steps, Temporal's and
    // PostgreSQL's deferred work) then falls into both windows alike, not only into the run that settles later.
    if (performance.now() - t0 < WINDOW_MS) await sleep(t0 + WINDOW_MS - performance.now());
    const windowMs = Math.round(performance.now() - t0);
    const cpuAfter = cpu();
    // The monotonic clock V8 stamps CPU profiles with: bench/cpu-profile-top.ts --from-us/--to-us folds the measured part only.
    if (PROFILE_DIR)
      process.stderr.write(
        `${notifications ? 'with' : 'baseline'}: CPU profile window --from-us ${windowFromUs} --to-us ${process.hrtime.bigint() / 1000n}\n`,
      );
    if (STATEMENTS)
      process.stderr.write(
        `${notifications ? 'with' : 'baseline'}: ${(await statementsPerReferral(ds, COUNT)).join('\n')}\n`,
      );
    const speedAfter = machineSpeedMs();
    const cpuMsPerReferral = cpuMsPer(cpuBefore, cpuAfter, COUNT);
    const cpuMsPerReferralAtSettle = cpuMsPer(cpuBefore, cpuAtSettle, COUNT);
    const result: RunResult = {
      settledAfterMs,
      windowMs,
      cpuMsPerReferral,
      stackCpuMsPerReferralAtSettle: stackSum(cpuMsPerReferralAtSettle),
      totalCpuMsPerReferral: Number(
        Object.values(cpuMsPerReferral)
          .reduce((a, b) => a + b, 0)
          .toFixed(1),
      ),
      stackCpuMsPerReferral: stackSum(cpuMsPerReferral),
      machineSpeedMs: [speedBefore, speedAfter],
    };
    if (notifications) {
      const deliveries = await ds.query<
        { id: string | null; notification_id: string; referral_id: string }[]
      >(
        `SELECT d.id, n.id AS notification_id, n.referral_id FROM notifications n
           LEFT JOIN notification_deliveries d ON d.notification_id = n.id AND d.channel = 'EMAIL'
          WHERE n.kind = 'NEW_REFERRAL' AND n.referral_id = ANY($1::uuid[])`,
        [[...committed.keys()]],
      );
      const email: number[] = [];
      const live: number[] = [];
      for (const d of deliveries) {
        const at = commits.get(d.notification_id);
        if (at === undefined) continue;
        const mailed = d.id === null ? undefined : smtpArrivals.get(d.id);
        if (mailed !== undefined) email.push(mailed - at);
        const seen = liveArrivals.get(d.referral_id);
        if (seen !== undefined) live.push(seen - at);
      }
      result.subscriptionMs = percentiles(live);
      result.emailAcceptedMs = percentiles(email);
      result.received = { subscriptionEvents: live.length, emails: email.length };
    }
    await ds.destroy();
    return result;
  } finally {
    socket?.close();
    await listener?.stop();
    for (const child of children.reverse()) await stop(child);
    await new Promise<void>((r) => smtp.close(() => r()));
    await pg.stop();
    rmSync(pgDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const PAIRS = Math.max(1, Math.floor(Number(process.env.BENCH_PAIRS ?? '1')) || 1);

const extraPercent = (withMs: number, baseMs: number): number => Number((((withMs - baseMs) / baseMs) * 100).toFixed(1));

async function main(): Promise<void> {
  const skipBaseline = process.env.BENCH_BASELINE === '0';
  const pairs: { order: string; withNotifications: RunResult; baseline: RunResult | null }[] = [];
  for (let i = 0; i < (skipBaseline ? 1 : PAIRS); i++) {
    const baselineFirst = i % 2 === 1;
    const first = await run(!baselineFirst);
    const second = skipBaseline ? null : await run(baselineFirst);
    pairs.push(
      baselineFirst
        ? { order: 'baseline first', withNotifications: second!, baseline: first }
        : { order: 'notifications first', withNotifications: first, baseline: second },
    );
  }
  const { withNotifications, baseline } = pairs[0]!;
  const perPair = pairs.flatMap((p) =>
    p.baseline
      ? [{ order: p.order, extraCpuPercentOfStack: extraPercent(p.withNotifications.stackCpuMsPerReferral, p.baseline.stackCpuMsPerReferral) }]
      : [],
  );
  const sortedExtra = perPair.map((p) => p.extraCpuPercentOfStack).sort((a, b) => a - b);
  const report = {
    machine: `${cpus().length} cores, Node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join('/')} at the end`,
    offeredRatePerS: RATE,
    referrals: COUNT,
    fromMutationCommitToSubscriptionEventMs: withNotifications.subscriptionMs,
    fromMutationCommitToEmailAcceptedMs: withNotifications.emailAcceptedMs,
    received: withNotifications.received,
    cpuMsPerReferral: {
      withNotifications: withNotifications.cpuMsPerReferral,
      ...(baseline ? { outboxNotRelayed: baseline.cpuMsPerReferral } : {}),
    },
    totalCpuMsPerReferral: {
      withNotifications: withNotifications.totalCpuMsPerReferral,
      ...(baseline ? { outboxNotRelayed: baseline.totalCpuMsPerReferral } : {}),
    },
    stackCpuMsPerReferral: {
      withNotifications: withNotifications.stackCpuMsPerReferral,
      ...(baseline ? { outboxNotRelayed: baseline.stackCpuMsPerReferral } : {}),
    },
    settledAfterMs: {
      withNotifications: withNotifications.settledAfterMs,
      ...(baseline ? { outboxNotRelayed: baseline.settledAfterMs } : {}),
    },
    windowMs: {
      withNotifications: withNotifications.windowMs,
      ...(baseline ? { outboxNotRelayed: baseline.windowMs } : {}),
    },
    stackCpuMsPerReferralAtSettle: {
      withNotifications: withNotifications.stackCpuMsPerReferralAtSettle,
      ...(baseline ? { outboxNotRelayed: baseline.stackCpuMsPerReferralAtSettle } : {}),
    },
    ...(baseline
      ? {
          extraCpuPercentOfStack: extraPercent(withNotifications.stackCpuMsPerReferral, baseline.stackCpuMsPerReferral),
          /** The same, had each run's window closed when it settled (the windows then differ in length). */
          extraCpuPercentOfStackAtSettle: extraPercent(withNotifications.stackCpuMsPerReferralAtSettle, baseline.stackCpuMsPerReferralAtSettle),
          extraCpuPercent: extraPercent(withNotifications.totalCpuMsPerReferral, baseline.totalCpuMsPerReferral),
        }
      : {}),
    machineSpeedMs: {
      withNotifications: withNotifications.machineSpeedMs,
      ...(baseline ? { outboxNotRelayed: baseline.machineSpeedMs } : {}),
    },
    ...(perPair.length > 1
      ? {
          pairs: perPair,
          extraCpuPercentOfStackMedian:
            sortedExtra.length % 2 === 1
              ? sortedExtra[(sortedExtra.length - 1) / 2]!
              : Number(((sortedExtra[sortedExtra.length / 2 - 1]! + sortedExtra[sortedExtra.length / 2]!) / 2).toFixed(1)),
        }
      : {}),
    budget: 'extra CPU per referral at most 15 %',
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
