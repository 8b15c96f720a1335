/**
 * End-to-end referral throughput on the embedded stack: `npm run bench:referrals`
 * (= `node scripts/ts-run.js bench/referral-throughput.ts`). Needs `npm run build` once (the server executable runs
 * from dist/).
 *
 * Stack: a throwaway embedded PostgreSQL; our embedded Temporal server as its own process in dev (real-time) mode;
 * the real worker (startWorker, encrypting codec, real activities) and the API's facade in this process.
 * One referral = insert case + consent + PENDING referral rows (what the API's services do), then
 * facade.startReferral → case workflow → referral workflow → activities pin deadlines, re-check consent, write the
 * REFERRAL_RESPONSE task. Latency = from the start of the inserts until a poller sees the task in the recipient's
 * inbox (poll every 10 ms, so up to 10 ms of it is the poller).
 *
 * Open loop at RATE referrals/s for COUNT referrals (env BENCH_RATE, default 50; BENCH_COUNT, default 500).
 * Target: 50/s sustained, p99 < 500 ms.
 *
 * By default each referral goes to a case that already exists with its case workflow running (as in production: the
 * API starts the case workflow when the case is opened), so the measured path is referral row → signal → child
 * workflow → activity → inbox task. BENCH_FRESH_CASES=1 measures the worst case instead: every referral on a brand
 * new case whose workflow is started by the referral (case housekeeping activities compete with the referral path).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { type DataSource } from 'typeorm';
import { ConsentPurpose, DataCategory, OrganisationType } from '@lib/domain';
import {
  createDataSource,
  DEMO_ORG_IDS,
  DEMO_USER_IDS,
  runMigrations,
  seedDemoData,
  startEmbeddedPostgres,
} from '@lib/persistence';
import { AesGcmPayloadCodec, ReferralProcessClient } from '@lib/temporal';
import { Client } from '@temporalio/client';
import { startWorker } from '../apps/worker/src/worker';

const RATE = Number(process.env.BENCH_RATE ?? '50');
const COUNT = Number(process.env.BENCH_COUNT ?? '500');
const ROOT = resolve(__dirname, '..');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

async function waitForServer(address: string): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    try {
      const c = await Connection.connect({ address, connectTimeout: 1000 });
      await c.close();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const FRESH_CASES = process.env.BENCH_FRESH_CASES === '1';

async function createCaseRows(ds: DataSource, now: Date): Promise<{ caseId: string; consentId: string }> {
  return ds.transaction(async (m) => {
    const [c] = await m.query<{ id: string }[]>(
      `INSERT INTO cases (case_code, owning_organisation_id, case_manager_id, region, category, risk_level, status, opened_at)
       VALUES ($1, $2, $3, 'Baku', 'DOMESTIC_VIOLENCE', 'HIGH', 'OPEN', $4) RETURNING id`,
      [
        `NRM-${randomBytes(5).toString('hex').toUpperCase()}`,
        DEMO_ORG_IDS.DOST_BAKU,
        DEMO_USER_IDS['dost.manager'],
        now,
      ],
    );
    const [k] = await m.query<{ id: string }[]>(
      `INSERT INTO consents (case_id, grantor, recipient_organisation_type, data_categories, purposes, method, granted_at, recorded_by)
       VALUES ($1, 'SELF', $2, $3, $4, 'WRITTEN', $5, $6) RETURNING id`,
      [
        c!.id,
        OrganisationType.SSA,
        [DataCategory.HEALTH],
        [ConsentPurpose.SHELTER_PLACEMENT],
        new Date(now.getTime() - 1000),
        DEMO_USER_IDS['dost.manager'],
      ],
    );
    return { caseId: c!.id, consentId: k!.id };
  });
}

async function createReferralRow(
  ds: DataSource,
  c: { caseId: string; consentId: string },
  now: Date,
): Promise<string> {
  const [r] = await ds.query<{ id: string }[]>(
    `INSERT INTO referrals (case_id, from_organisation_id, to_organisation_id, service_type, data_profile, data_categories, purpose,
                            status, consent_id, response_due_at, created_by, created_at)
     VALUES ($1, $2, $3, 'SHELTER_PLACEMENT', 'PSEUDONYMOUS', $4, 'SHELTER_PLACEMENT', 'PENDING', $5, $6, $7, $6) RETURNING id`,
    [
      c.caseId,
      DEMO_ORG_IDS.DOST_BAKU,
      DEMO_ORG_IDS.SSA,
      [DataCategory.HEALTH],
      c.consentId,
      now,
      DEMO_USER_IDS['dost.manager'],
    ],
  );
  return r!.id;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dir = mkdtempSync(join(tmpdir(), 'nrm-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir, port: await freePort() });
  const ds = await createDataSource(pg.url, { poolSize: 20, applicationName: 'nrm-bench' });
  await runMigrations(ds);
  await seedDemoData(ds);

  const port = await freePort();
  const server: ChildProcess = spawn(
    join(ROOT, 'libs', 'temporal-server', 'bin', 'temporal-server'),
    ['server', 'start-dev', '--port', String(port), '--headless'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const address = `127.0.0.1:${port}`;
  await waitForServer(address);

  const dataConverter = {
    payloadCodecs: [new AesGcmPayloadCodec({ keys: new Map([['b1', randomBytes(32)]]), currentKeyId: 'b1' })],
  };
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await startWorker({
    dataSource: ds,
    connection: nativeConnection,
    namespace: 'default',
    dataConverter,
  });
  const clientConnection = await Connection.connect({ address });
  const facade = new ReferralProcessClient(
    new Client({ connection: clientConnection, namespace: 'default', dataConverter }),
  );

  const started = new Map<string, number>();
  const latencies: number[] = [];
  const errors: string[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const ids = [...started.keys()];
      if (ids.length > 0) {
        const rows: { referral_id: string }[] = await ds.query(
          `SELECT referral_id FROM tasks WHERE type = 'REFERRAL_RESPONSE' AND referral_id = ANY($1)`,
          [ids],
        );
        const seen = Date.now();
        for (const { referral_id } of rows) {
          const t0 = started.get(referral_id);
          if (t0 !== undefined) {
            latencies.push(seen - t0);
            started.delete(referral_id);
          }
        }
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();

  // warm-up (first bundle load, connections): not measured
  const warmCase = await createCaseRows(ds, new Date());
  const warm = await createReferralRow(ds, warmCase, new Date());
  await facade.startReferral(warmCase.caseId, warm);
  started.set(warm, Date.now());
  while (started.size > 0) await new Promise((r) => setTimeout(r, 20));
  latencies.length = 0;

  // Open cases beforehand (not measured): rows + running case workflows, settled (first follow-up scheduled).
  const cases: { caseId: string; consentId: string }[] = [];
  if (!FRESH_CASES) {
    for (let i = 0; i < COUNT; i++) {
      const c = await createCaseRows(ds, new Date());
      await facade.startCaseWorkflow(c.caseId);
      cases.push(c);
    }
    for (;;) {
      const [n] = await ds.query<{ n: string }[]>(
        `SELECT count(*)::text AS n FROM tasks WHERE type = 'FOLLOW_UP'`,
      );
      if (Number(n!.n) >= COUNT + 1) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const t0 = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < COUNT; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      (async () => {
        const begin = Date.now();
        try {
          const c = FRESH_CASES ? await createCaseRows(ds, new Date()) : cases[i]!;
          const referralId = await createReferralRow(ds, c, new Date());
          started.set(referralId, begin);
          await facade.startReferral(c.caseId, referralId);
        } catch (error) {
          errors.push(error instanceof Error ? error.name : 'error');
        }
      })(),
    );
  }
  await Promise.all(inFlight);
  const submittedAt = Date.now();
  const deadline = Date.now() + 60_000;
  while (started.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const finishedAt = Date.now();
  polling = false;
  await poller;

  const sorted = [...latencies].sort((a, b) => a - b);
  const elapsedS = (finishedAt - t0) / 1000;
  const report = {
    machine: `${cpus().length} cores, Node ${process.version}`,
    mode: FRESH_CASES
      ? 'referral on a new case (case workflow started by the referral)'
      : 'referral on an open case (case workflow running)',
    offeredRatePerS: RATE,
    referrals: COUNT,
    completed: latencies.length,
    notSeenWithin60s: started.size,
    errors: errors.length,
    submitSeconds: Number(((submittedAt - t0) / 1000).toFixed(2)),
    throughputPerS: Number((latencies.length / elapsedS).toFixed(1)),
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? NaN,
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

  await worker.shutdown();
  await nativeConnection.close();
  await clientConnection.close();
  server.kill('SIGTERM');
  await ds.destroy();
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
