/**
 * Cost of durability for the embedded Temporal server: the same load (workflow = one activity + one short timer, the
 * workflow and activity of bench/temporal-throughput) against the server in memory and against the server persisting to
 * PostgreSQL, on the same machine, printed side by side. Both servers run in-process (like temporal-throughput), with
 * the official worker and client.
 *
 * PostgreSQL: a fresh database on the server at BENCH_PG_ADMIN_URL (superuser URL of the maintenance db), else an
 * embedded PostgreSQL in a temp dir with DURABLE settings (fsync and synchronous_commit on).
 *
 *   npm run build && node dist/bench/temporal-durability.js [N=1000] [concurrency=200] [timerMs=100] [rounds=1]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { start } from '../libs/temporal-server/src/server';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../libs/persistence/src/embedded-postgres';
import { percentileOf, runClosedLoop } from './support/closed-loop';
import * as activities from './temporal-throughput/activities';
import { freePort } from './support/free-port';

interface Result {
  mode: string;
  workflows: number;
  seconds: number;
  workflowsPerSecond: number;
  p50ms: number;
  p99ms: number;
  batches?: number;
  eventsWritten?: number;
  /** Restart on the same database: time to load and re-arm everything stored. */
  recovery?: { ms: number; executions: number; events: number };
}


async function admin(adminUrl: string, sql: string): Promise<void> {
  const c = new PgClient({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function withDatabase(adminUrl: string, db: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

async function runLoad(mode: string, databaseUrl: string | undefined, bundle: WorkflowBundleWithSourceMap, n: number, concurrency: number, timerMs: number): Promise<Result> {
  const server = await start({ port: 0, timeSkipping: false, databaseUrl });
  const taskQueue = `bench-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities,
    maxConcurrentWorkflowTaskExecutions: 200,
    maxConcurrentActivityTaskExecutions: 200,
    maxCachedWorkflows: 2000,
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  let latencies: number[] = [];
  let seconds = 0;
  try {
    await worker.runUntil(async () => {
      for (let i = 0; i < 20; i++) await client.workflow.execute('benchWorkflow', { taskQueue, workflowId: `warm-${randomUUID()}`, args: [timerMs] });
      ({ latencies, seconds } = await runClosedLoop(client, taskQueue, { n, concurrency, timerMs }));
    });
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
  const stats = server.persistence?.stats;
  await server.stop();
  let recovery: Result['recovery'];
  if (databaseUrl) {
    const t = Date.now();
    const again = await start({ port: 0, timeSkipping: false, databaseUrl });
    recovery = { ms: Date.now() - t, executions: again.persistence?.recovered.executions ?? 0, events: again.persistence?.recovered.events ?? 0 };
    await again.stop();
  }
  return {
    mode,
    workflows: n,
    seconds: Number(seconds.toFixed(2)),
    workflowsPerSecond: Number((n / seconds).toFixed(1)),
    p50ms: percentileOf(latencies, 50),
    p99ms: percentileOf(latencies, 99),
    ...(stats ? { batches: stats.batches, eventsWritten: stats.eventsWritten } : {}),
    ...(recovery ? { recovery } : {}),
  };
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1000);
  const concurrency = Number(process.argv[3] ?? 200);
  const timerMs = Number(process.argv[4] ?? 100);
  const rounds = Number(process.argv[5] ?? 1);
  Runtime.install({ logger: new DefaultLogger('ERROR') });

  let embedded: EmbeddedPostgresHandle | undefined;
  let dir: string | undefined;
  let adminUrl = process.env.BENCH_PG_ADMIN_URL;
  if (!adminUrl) {
    dir = mkdtempSync(join(tmpdir(), 'temporal-bench-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), unsafeFast: false });
    adminUrl = embedded.adminUrl;
  }
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./temporal-throughput/workflows'), logger: new DefaultLogger('ERROR') });
  const results: Result[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      results.push(await runLoad('in-memory', undefined, bundle, n, concurrency, timerMs));
      const db = `temporal_bench_${randomBytes(4).toString('hex')}`;
      await admin(adminUrl, `CREATE DATABASE "${db}"`);
      try {
        results.push(await runLoad('postgres', withDatabase(adminUrl, db), bundle, n, concurrency, timerMs));
      } finally {
        await admin(adminUrl, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      }
    }
  } finally {
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  const mem = results.filter((x) => x.mode === 'in-memory');
  const pg = results.filter((x) => x.mode === 'postgres');
  const avg = (xs: Result[]): number => xs.reduce((s, x) => s + x.workflowsPerSecond, 0) / Math.max(1, xs.length);
  const rows = results.map((x) => `${x.mode.padEnd(10)} ${String(x.workflowsPerSecond).padStart(8)} wf/s   p50 ${String(x.p50ms).padStart(5)} ms   p99 ${String(x.p99ms).padStart(5)} ms   (${x.workflows} wf in ${x.seconds} s${x.batches !== undefined ? `, ${x.batches} commits, ${x.eventsWritten} events` : ''}${x.recovery ? `; restart recovers ${x.recovery.executions} runs / ${x.recovery.events} events in ${x.recovery.ms} ms` : ''})`);
  process.stdout.write(
    [
      `workflow = 1 activity + ${timerMs} ms timer; N=${n}, concurrency=${concurrency}, rounds=${rounds}; PostgreSQL: ${embedded ? 'embedded, fsync on' : 'BENCH_PG_ADMIN_URL'}`,
      ...rows,
      `in-memory ${avg(mem).toFixed(1)} wf/s | postgres ${avg(pg).toFixed(1)} wf/s | postgres/in-memory = ${(avg(pg) / avg(mem)).toFixed(2)}`,
      JSON.stringify({ results }),
    ].join('\n') + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n');
  process.exit(1);
});
