/**
 * The bench's worker process: the official worker alone in its own process, as `apps/worker` runs in production.
 * Started by `bench/temporal-throughput.ts` with `<address> <taskQueue>`; sends 'ready' over IPC, stops on 'stop'.
 * With BENCH_SERVER=worker it also hosts the embedded server (as `npm start` does) and reports its address.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
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
  process.on('message', (m) => {
    if (m === 'stop') worker.shutdown();
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
