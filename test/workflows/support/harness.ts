/**
 * Workflow test harness: our embedded Temporal server executable in time-skipping mode, the REAL worker
 * (`startWorker`, real activities) on a fresh seeded PostgreSQL database, clients with the encrypting codec.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows, startWorker, type RunningWorker } from '../../../apps/worker/src/worker';
import { type FaultInjector } from '@lib/referral-process';
import { AesGcmPayloadCodec, ReferralProcessClient } from '@lib/temporal';
import { type DeadlinePolicy } from '@lib/domain';
import { createTestDatabase, type TestDatabase } from '../../support';
import { type TaskRow, tasksOf } from './fixtures';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const TEMPORAL_SERVER_EXE = join(ROOT, 'libs', 'temporal-server', 'bin', 'temporal-server');

let runtimeInstalled = false;
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      // Expected failures (activities that fail on purpose, workflow tasks of deliberately buggy code, killed servers)
      // stay quiet; the SDK's and its native core's errors still show.
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
    });
  } catch {
    // already installed in this process
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('spec.ts') ? [p] : [];
  });
}

/**
 * The workflow bundle, built once per source version and cached in the temp dir (bundling takes seconds; every
 * test file and the replay test share it). The cache key hashes every workflow, contracts and domain source file and
 * the bundler options.
 */
export async function cachedWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  const files = [join(ROOT, 'workflows'), join(ROOT, 'libs', 'contracts', 'src'), join(ROOT, 'libs', 'domain', 'src')]
    .flatMap(sourceFiles)
    .filter((f) => !f.includes(`${join(ROOT, 'workflows', 'test')}`))
    .concat(join(ROOT, 'apps', 'worker', 'src', 'worker.ts')) // the bundler options (aliases, preloaded modules)
    .sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(readFileSync(f));
  const cacheFile = join(tmpdir(), `nrm-workflow-bundle-${hash.digest('hex').slice(0, 16)}.json`);
  if (existsSync(cacheFile) && statSync(cacheFile).size > 0) {
    return JSON.parse(readFileSync(cacheFile, 'utf8')) as WorkflowBundleWithSourceMap;
  }
  const bundle = await bundleWorkflows(ROOT);
  writeFileSync(cacheFile, JSON.stringify(bundle));
  return bundle;
}

export function testDataConverter(): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec({ keys: new Map([['t1', randomBytes(32)]]), currentKeyId: 't1' })] };
}

export interface Harness {
  env: TestWorkflowEnvironment;
  db: TestDatabase;
  worker: RunningWorker;
  facade: ReferralProcessClient;
  taskQueue: string;
  dataConverter: DataConverter;
  /** Virtual now. */
  now(): Promise<Date>;
  /** Waits until the workflow exists (children start asynchronously), then for its result (time skips meanwhile). */
  resultOf<T>(workflowId: string): Promise<T>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  faults?: FaultInjector;
  policy?: () => DeadlinePolicy;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  quietRuntime();
  const dataConverter = testDataConverter();
  const [db, env, bundle] = await Promise.all([
    createTestDatabase({ seeded: true, poolSize: 8 }),
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: TEMPORAL_SERVER_EXE } },
      client: { dataConverter },
    }),
    cachedWorkflowBundle(),
  ]);
  const taskQueue = `nrm-test-${randomUUID()}`;
  const worker = await startWorker({
    dataSource: db.dataSource,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    dataConverter,
    workflowBundle: bundle,
    activities: {
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.policy ? { policy: options.policy } : {}),
    },
  });
  const facade = new ReferralProcessClient(env.client, taskQueue);
  return {
    env,
    db,
    worker,
    facade,
    taskQueue,
    dataConverter,
    now: async () => new Date(Number(await env.currentTimeMs())),
    resultOf: async <T>(workflowId: string): Promise<T> => {
      const handle = env.client.workflow.getHandle(workflowId);
      await eventually(() => handle.describe().then(() => true, () => false));
      return (await handle.result()) as T;
    },
    stop: async () => {
      await worker.shutdown();
      await env.teardown();
      await db.drop();
    },
  };
}

/** Polls `fn` (real time) until it returns a truthy value. */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('eventually: timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until a task of `type` exists for the case or referral (e.g. the REFERRAL_RESPONSE task a referral opens). */
export function taskAppears(
  ds: TestDatabase['dataSource'],
  where: { caseId?: string; referralId?: string },
  type: string,
  timeoutMs?: number,
): Promise<TaskRow> {
  return eventually(async () => (await tasksOf(ds, where)).find((t) => t.type === type), timeoutMs);
}
