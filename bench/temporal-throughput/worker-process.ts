/**
 * The bench's worker process: the official worker alone in its own process, as `apps/worker` runs in production.
 * Started by `bench/temporal-throughput.ts` with `<address> <taskQueue>`; sends 'ready' over IPC, stops on 'stop'.
 * With BENCH_SERVER=worker it also hosts the embedded server (as `npm start` does) and reports its address. Sent
 * `{ run }`, it runs the closed loop itself with a client on the worker's own connection and eager workflow start (the
 * server hands each first workflow task back in the start response), and answers `{ result }`.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { runClosedLoop } from '../support/closed-loop';
import { start } from '../../libs/temporal-server/src';
import * as activities from './activities';

async function main(): Promise<void> {
  const [addressArg, taskQueue] = process.argv.slice(2);
  if (!addressArg || !taskQueue) throw new Error('usage: worker-process <address|embedded> <taskQueue>');
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const server = addressArg === 'embedded' ? await start({ port: 0, timeSkipping: false }) : null;
  const address = server?.address ?? addressArg;
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: new DefaultLogger('ERROR') });
  // Loopback: gzip on every request only costs CPU.
  const connection = await NativeConnection.connect({ address, grpcCompression: { codec: 'none' } });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle,
    activities,
    // Two workflow threads use both cores; everything else is the SDK default.
    workflowThreadPoolSize: 2,
    maxCachedWorkflows: 2000,
    // Experiments: BENCH_WORKER_OPTIONS='{"maxConcurrentWorkflowTaskExecutions":100}' overrides any of the above.
    ...(JSON.parse(process.env.BENCH_WORKER_OPTIONS ?? '{}') as Record<string, unknown>),
  });
  process.on('message', (m: unknown) => {
    if (m === 'stop') worker.shutdown();
    const run = (m as { run?: { n: number; concurrency: number; timerMs: number } } | null)?.run;
    if (run) {
      void (async () => {
        const client = new Client({ connection });
        for (let i = 0; i < 20; i++) {
          await client.workflow.execute('benchWorkflow', { taskQueue, workflowId: `warm-${randomUUID()}`, args: [run.timerMs], requestEagerStart: true });
        }
        process.send?.({ result: await runClosedLoop(client, taskQueue, { ...run, requestEagerStart: true }) });
      })();
    }
  });
  const running = worker.run();
  process.send?.({ ready: true, address });
  await running;
  await connection.close();
  await server?.stop();
  process.disconnect?.();
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n');
  process.exit(1);
});
