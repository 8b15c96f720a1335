/**
 * Throughput bench for the embedded Temporal server: the server runs in-process (dev mode, real time), the official
 * worker on the same machine. N workflows each run one activity and one short timer; prints completed workflows/s and
 * p50/p99 start-to-completion latency.
 *
 *   npm run build && node dist/bench/temporal-throughput.js [N=2000] [concurrency=400] [timerMs=100]
 *
 * BENCH_SERVER=process runs the server as its own process (the executable in dev-server mode, as createLocal does), so
 * the server and the worker each get a core instead of sharing one JS thread.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { start } from '../libs/temporal-server/src';
import * as activities from './temporal-throughput/activities';

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 2000);
  const concurrency = Number(process.argv[3] ?? 400);
  const timerMs = Number(process.argv[4] ?? 100);
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const server = process.env.BENCH_SERVER === 'process' ? await startServerProcess() : await start({ port: 0, timeSkipping: false });
  const taskQueue = `bench-${randomUUID()}`;
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./temporal-throughput/workflows'), logger: new DefaultLogger('ERROR') });
  // Loopback: gzip on every request only costs CPU.
  const nativeConnection = await NativeConnection.connect({ address: server.address, grpcCompression: { codec: 'none' } });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle,
    activities,
    // Two workflow threads use both cores; everything else is the SDK default.
    workflowThreadPoolSize: 2,
    maxCachedWorkflows: 2000,
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const latencies: number[] = [];
  await worker.runUntil(async () => {
    // Warm-up (bundle load, isolate creation).
    await client.workflow.execute('benchWorkflow', { taskQueue, workflowId: `warm-${randomUUID()}`, args: [timerMs] });
    let next = 0;
    const t0 = Date.now();
    const lane = async (): Promise<void> => {
      while (next < n) {
        next++;
        const s = Date.now();
        await client.workflow.execute('benchWorkflow', { taskQueue, workflowId: `bench-${randomUUID()}`, args: [timerMs] });
        latencies.push(Date.now() - s);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    const secs = (Date.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const out = {
      workflows: n,
      concurrency,
      timerMs,
      seconds: Number(secs.toFixed(2)),
      workflowsPerSecond: Number((n / secs).toFixed(1)),
      p50ms: pct(latencies, 50),
      p99ms: pct(latencies, 99),
    };
    process.stdout.write(JSON.stringify(out) + '\n');
  });
  await connection.close();
  await nativeConnection.close();
  await server.stop();
}

/** The executable in dev-server mode on a fixed loopback port; resolves once it accepts connections. */
async function startServerProcess(): Promise<{ address: string; stop(): Promise<void> }> {
  const port = 17000 + Math.floor(Math.random() * 2000);
  const exe = join(__dirname, '..', '..', 'libs', 'temporal-server', 'bin', 'temporal-server');
  const child = spawn(exe, ['server', 'start-dev', '--port', String(port), '--ip', '127.0.0.1'], { stdio: 'inherit' });
  const address = `127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    try {
      const c = await Connection.connect({ address, connectTimeout: 200 });
      await c.close();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    address,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n');
  process.exit(1);
});
