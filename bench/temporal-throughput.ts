/**
 * Throughput bench for the embedded Temporal server with the official SDK on the same machine. N workflows each run
 * one activity and one short timer; prints completed workflows/s and p50/p99 start-to-completion latency.
 *
 *   npm run build && node dist/bench/temporal-throughput.js [N=2000] [concurrency=200] [timerMs=100]
 *
 * Three processes, as in production: the server (the executable in dev-server mode, as `createLocal` starts it), the
 * worker (`temporal-throughput/worker-process`) and this one, the client, which starts workflows and waits for their
 * results with `concurrency` in flight. BENCH_SERVER=worker runs the server inside the worker process instead, as
 * `npm start` does; BENCH_SERVER=<host:port> uses a server already running there (a real Temporal, or ours started by
 * hand). BENCH_WORKER_PROFILE=<dir> writes a CPU profile of the worker's main thread there, BENCH_SERVER_PROFILE=<dir>
 * one of the server process (own-process mode); BENCH_WORKER_NODE_FLAGS / BENCH_SERVER_NODE_FLAGS pass node options.
 * BENCH_CLIENT=worker starts the workflows from inside the worker process on the worker's own connection, with eager
 * workflow start (as an API co-located with its worker would); its CPU then counts in the worker's.
 *
 * The result is a ratio measured in the same run (`ratio`): completed workflows/s divided by the official SDK's own
 * ceiling for this workflow shape on this machine, i.e. the cores' CPU divided by the CPU the official worker and
 * client spend per workflow (what they could complete if the server cost nothing). Target >= 0.75. Other load on the
 * machine lowers the rate but not the ceiling, so `sdkCpuShare` (the SDK's share of the CPU the three processes
 * spent) is printed too: it is what the ratio approaches on an otherwise idle machine. Both need the server in its
 * own process (the default or BENCH_SERVER=<host:port>). `coresBusy` is the share of the cores' CPU the three
 * processes used (ratio / sdkCpuShare); the rest was idle or taken by other load. `steadyState` repeats the figures
 * between the 10 % and 90 % completion marks (the bench's own ramp-up and tail left out; client in its own process
 * only); `tailSeconds` is the part of the run after the last start. `ratio` itself is always the whole run.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { percentileOf, runClosedLoop } from './support/closed-loop';
import { cpuMsPer, ownCpuSeconds, processCpuSeconds } from './support/process-usage';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 2000);
  const concurrency = Number(process.argv[3] ?? 200);
  const timerMs = Number(process.argv[4] ?? 100);
  const taskQueue = `bench-${randomUUID()}`;
  const mode = process.env.BENCH_SERVER ?? 'process';
  const server = mode === 'worker' ? null : mode === 'process' ? await startServerProcess() : { address: mode, pid: 0, stop: () => Promise.resolve() };
  const worker = await startWorkerProcess(server?.address ?? 'embedded', taskQueue);
  const connection = await Connection.connect({ address: worker.address });
  const client = new Client({ connection });
  // Warm-up (bundle load, isolate creation).
  for (let i = 0; i < 20; i++) {
    await client.workflow.execute('benchWorkflow', { taskQueue, workflowId: `warm-${randomUUID()}`, args: [timerMs] });
  }
  const cpu = (): Record<string, number> => ({
    ...(server?.pid ? { server: processCpuSeconds(server.pid) } : {}),
    [server ? 'worker' : 'worker+server']: processCpuSeconds(worker.pid),
    client: ownCpuSeconds(),
  });
  const eagerInWorker = process.env.BENCH_CLIENT === 'worker';
  // The steady-state window: from the 10 % to the 90 % completion mark (client in its own process only).
  const marks = { from: Math.ceil(n * 0.1), to: Math.floor(n * 0.9) };
  const window: { at: number; cpu: Record<string, number> }[] = [];
  // The tail: from the completion that starts the last workflow (completion n - concurrency) to the end, fewer than
  // `concurrency` workflows are in flight.
  let lastStartAt = 0;
  const onCompleted = (count: number): void => {
    if (count === marks.from || count === marks.to) window.push({ at: performance.now(), cpu: cpu() });
    if (count === n - concurrency) lastStartAt = performance.now();
  };
  const cpuBefore = cpu();
  const { latencies, seconds: secs } = eagerInWorker
    ? await worker.run({ n, concurrency, timerMs })
    : await runClosedLoop(client, taskQueue, { n, concurrency, timerMs, onCompleted });
  const endAt = performance.now();
  const cpuMsPerWorkflow = cpuMsPer(cpuBefore, cpu(), n);
  const workflowsPerSecond = n / secs;
  const ceiling = server ? sdkCeiling(cpuMsPerWorkflow) : null;
  const steady = server && window.length === 2 ? steadyState(window[0]!, window[1]!, marks.to - marks.from) : null;
  const out = {
    server: mode === 'worker' ? 'in the worker process' : mode === 'process' ? 'own process' : mode,
    client: eagerInWorker ? 'in the worker process, eager workflow start' : 'own process',
    workflows: n,
    concurrency,
    timerMs,
    seconds: Number(secs.toFixed(2)),
    workflowsPerSecond: Number(workflowsPerSecond.toFixed(1)),
    ...(ceiling
      ? {
          sdkCeilingPerSecond: Number(ceiling.perSecond.toFixed(1)),
          ratio: Number((workflowsPerSecond / ceiling.perSecond).toFixed(3)),
          sdkCpuShare: Number(ceiling.cpuShare.toFixed(3)),
          cores: ceiling.cores,
        }
      : { ratio: null }),
    // Share of the cores' CPU the three processes used over the whole run (ratio / sdkCpuShare): the rest was idle
    // or taken by other load on the machine.
    ...(ceiling ? { coresBusy: Number(((workflowsPerSecond * sumMs(cpuMsPerWorkflow)) / (ceiling.cores * 1000)).toFixed(3)) } : {}),
    // The same figures between the 10 % and 90 % completion marks only (without the bench's own ramp-up and tail,
    // where fewer than `concurrency` workflows are in flight). `ratio` above stays the whole-run figure.
    ...(steady ? { steadyState: steady } : {}),
    // Seconds of the run after the last workflow was started (the bench's tail, fewer than `concurrency` in flight).
    ...(lastStartAt > 0 ? { tailSeconds: Number(((endAt - lastStartAt) / 1000).toFixed(2)) } : {}),
    p50ms: percentileOf(latencies, 50),
    p99ms: percentileOf(latencies, 99),
    // CPU per workflow by process: 2 cores give 2000 ms of CPU per second, so 200 workflows/s needs the sum <= 10 ms.
    cpuMsPerWorkflow,
    // The machine's load (1, 5, 15 min) when the run ended: other load lowers the rate, not the ceiling.
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
  await connection.close();
  await worker.stop();
  await server?.stop();
}

/**
 * The official SDK's ceiling for the workflow shape on this machine: all cores' CPU over the CPU its worker and
 * client spent per workflow in this run. The server's CPU is what separates the measured rate from it.
 */
function sdkCeiling(cpuMsPerWorkflow: Record<string, number>): { perSecond: number; cpuShare: number; cores: number } | null {
  const sdkMs = (cpuMsPerWorkflow.worker ?? 0) + (cpuMsPerWorkflow.client ?? 0);
  const serverMs = cpuMsPerWorkflow.server ?? 0;
  if (sdkMs <= 0) return null;
  const cores = availableParallelism();
  return { perSecond: (cores * 1000) / sdkMs, cpuShare: sdkMs / (sdkMs + serverMs), cores };
}

function sumMs(ms: Record<string, number>): number {
  return Object.values(ms).reduce((a, b) => a + b, 0);
}

/** Rate, CPU per workflow, ratio, SDK share and busy share between two readings taken `count` completions apart. */
function steadyState(from: { at: number; cpu: Record<string, number> }, to: { at: number; cpu: Record<string, number> }, count: number): Record<string, unknown> {
  const seconds = (to.at - from.at) / 1000;
  const cpuMsPerWorkflow = cpuMsPer(from.cpu, to.cpu, count);
  const rate = count / seconds;
  const ceiling = sdkCeiling(cpuMsPerWorkflow);
  return {
    window: '10%-90% of completions',
    seconds: Number(seconds.toFixed(2)),
    workflowsPerSecond: Number(rate.toFixed(1)),
    ...(ceiling
      ? {
          ratio: Number((rate / ceiling.perSecond).toFixed(3)),
          sdkCpuShare: Number(ceiling.cpuShare.toFixed(3)),
          coresBusy: Number(((rate * sumMs(cpuMsPerWorkflow)) / (ceiling.cores * 1000)).toFixed(3)),
        }
      : {}),
    cpuMsPerWorkflow,
  };
}

function stopChild(child: ChildProcess, stop: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    stop();
  });
}

/** The worker in its own process; resolves once it polls. */
interface WorkerProcess {
  address: string;
  pid: number;
  /** Runs the closed loop inside the worker process (eager start on the worker's connection). */
  run(loop: { n: number; concurrency: number; timerMs: number }): Promise<{ latencies: number[]; seconds: number }>;
  stop(): Promise<void>;
}

async function startWorkerProcess(address: string, taskQueue: string): Promise<WorkerProcess> {
  const execArgv = [
    ...(process.env.BENCH_WORKER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_PROFILE}`] : []),
    ...(process.env.BENCH_WORKER_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
  ];
  const child = fork(join(__dirname, 'temporal-throughput', 'worker-process.js'), [address, taskQueue], { stdio: 'inherit', execArgv });
  const ready = await new Promise<{ address: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { address: string }));
    child.once('exit', (code) => reject(new Error(`worker process exited with ${String(code)}`)));
  });
  return {
    address: ready.address,
    pid: child.pid ?? 0,
    run: (loop) =>
      new Promise((resolve) => {
        const onMessage = (m: unknown): void => {
          const result = (m as { result?: { latencies: number[]; seconds: number } } | null)?.result;
          if (!result) return;
          child.off('message', onMessage);
          resolve(result);
        };
        child.on('message', onMessage);
        child.send({ run: loop });
      }),
    stop: () => stopChild(child, () => child.send('stop')),
  };
}

/** The executable in dev-server mode on a fixed loopback port; resolves once it accepts connections. */
async function startServerProcess(): Promise<{ address: string; pid: number; stop(): Promise<void> }> {
  const port = 17000 + Math.floor(Math.random() * 2000);
  const args = ['server', 'start-dev', '--port', String(port), '--ip', '127.0.0.1'];
  const nodeFlags = [
    ...(process.env.BENCH_SERVER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE}`] : []),
    ...(process.env.BENCH_SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
  ];
  // With node flags the server's entry runs under node directly (what the executable's script execs).
  const child =
    nodeFlags.length > 0
      ? spawn(process.execPath, [...nodeFlags, join(__dirname, '..', 'libs', 'temporal-server', 'src', 'main.js'), ...args], { stdio: 'inherit' })
      : spawn(join(__dirname, '..', '..', 'libs', 'temporal-server', 'bin', 'temporal-server'), args, { stdio: 'inherit' });
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
  return { address, pid: child.pid ?? 0, stop: () => stopChild(child, () => child.kill('SIGTERM')) };
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n');
  process.exit(1);
});
