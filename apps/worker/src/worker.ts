import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type DataConverter } from '@temporalio/common';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { type DataSource } from 'typeorm';
import { NRM_TASK_QUEUE } from '@lib/contracts';
import { DedicatedStatements, NotificationDeliveryActivities, type NotificationDeliveryOptions } from '@lib/notifications';
import { ReferralProcessActivitiesImpl, type ReferralProcessOptions } from '@lib/referral-process';
import { DEFAULT_TEMPORAL_NAMESPACE, encryptedDataConverter, type TemporalConnectionSecurity } from '@lib/temporal';
import { auditCheckpointActivitiesFromEnv, ensureAuditCheckpointLoop } from './audit-checkpoints';
import { notificationDeliveryFromEnv } from './notification-delivery';
import { workflowCacheSize } from './workflow-cache-size';
import { connectTimeoutMsFromEnv, connectWithRetry } from './connect-with-retry';

/** The repository root (where `workflows/` and `libs/` live), from sources or from `dist/`. */
export function repoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'workflows', 'index.ts')) && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (workflows/index.ts)');
    dir = parent;
  }
}

/**
 * Workflow bundle options: `workflows/index.ts` from TypeScript sources, with `@lib/contracts` and `@lib/domain`
 * resolved to their sources. Nothing else is aliased, so any other import from workflow code fails the bundle.
 *
 * Preloaded once into the reusable workflow sandbox, before the SDK freezes it (shared by every workflow instead of
 * evaluated again for each one): `workflows/sandbox-bootstrap.ts` (caps stack frames recorded per promise), and
 * `@lib/domain`, which is pure (functions, enums and constant tables; nothing mutable at module level). Not
 * `@lib/contracts`: it imports `@temporalio/workflow`, whose module loading the SDK manages itself.
 */
export function workflowBundlerOptions(root: string = repoRoot()): {
  workflowsPath: string;
  preloadModules: string[];
  webpackConfigHook: NonNullable<NonNullable<WorkerOptions['bundlerOptions']>['webpackConfigHook']>;
} {
  return {
    workflowsPath: join(root, 'workflows', 'index.ts'),
    preloadModules: [join(root, 'workflows', 'sandbox-bootstrap.ts'), '@lib/domain'],
    webpackConfigHook: (config) => {
      const resolveOptions = config.resolve ?? {};
      const alias = (resolveOptions.alias ?? {}) as Record<string, string | false | string[]>;
      config.resolve = {
        ...resolveOptions,
        alias: {
          ...alias,
          '@lib/contracts$': join(root, 'libs', 'contracts', 'src', 'index.ts'),
          '@lib/domain$': join(root, 'libs', 'domain', 'src', 'index.ts'),
        },
      };
      return config;
    },
  };
}

/** Bundles the workflow code once (tests and replay share one bundle instead of bundling per worker). */
export async function bundleWorkflows(root: string = repoRoot()): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ ...workflowBundlerOptions(root), logger: quietBundlerLogger });
}

/** Worker options that bundle `workflows/` at worker start (no prebuilt bundle given). */
function bundlerFromSources(): Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions'> {
  const { workflowsPath, preloadModules, webpackConfigHook } = workflowBundlerOptions();
  return { workflowsPath, bundlerOptions: { preloadModules, webpackConfigHook } };
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`[workflow-bundle] ${message}\n`),
  error: (message: string) => process.stderr.write(`[workflow-bundle] ${message}\n`),
};

export interface StartWorkerOptions {
  dataSource: DataSource;
  /** Told of each failed attempt to reach Temporal while the worker waits for it (error class only). */
  onConnectRetry?: (attempt: number, errorName: string) => void;
  /** An existing connection (the caller owns and closes it); otherwise one is opened to `address` and closed on shutdown. */
  connection?: NativeConnection;
  address?: string;
  /** Compression of the connection opened to `address` (default gzip, as the SDK); 'none' for a loopback server. */
  compression?: 'gzip' | 'none';
  /** TLS / mTLS / API key of the connection opened to `address` (temporalSecurityFromEnv). */
  security?: TemporalConnectionSecurity;
  namespace?: string;
  taskQueue?: string;
  /** Defaults to the encrypting converter (TEMPORAL_PAYLOAD_KEY or the local dev key). */
  dataConverter?: DataConverter;
  /** A pre-built bundle (tests); otherwise bundled from `workflows/index.ts`. */
  workflowBundle?: WorkflowBundleWithSourceMap;
  activities?: ReferralProcessOptions;
  /**
   * Start the audit checkpoint loop workflow (workflows/audit-checkpoint.workflow.ts) if it is not running: the
   * processes (worker main, npm start) do; tests that exercise referrals alone do not. Every worker registers the
   * checkpoint activity either way.
   */
  auditCheckpoints?: boolean;
  /** E-mail transport, webhook secret keys, console URL for the notification deliveries (default: from the environment). */
  notifications?: NotificationDeliveryOptions;
  /** Extra Worker options (tests: tuning, identity). */
  workerOptions?: Partial<Pick<WorkerOptions, 'identity' | 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows' | 'shutdownGraceTime' | 'workflowThreadPoolSize'>>;
}

export interface RunningWorker {
  worker: Worker;
  /** The worker's connection to Temporal, open until `done` settles (the notification relay starts workflows on it). */
  readonly connection: NativeConnection;
  /** Settles when the worker has stopped (after shutdown, or on a fatal error). */
  readonly done: Promise<void>;
  /** Stops polling, lets in-flight tasks finish, closes the connection it opened. Safe to call more than once. */
  shutdown(): Promise<void>;
}

/**
 * Creates and runs the worker. The returned handle is the ONE owner of the worker's lifecycle: it keeps the
 * `worker.run()` promise and shuts down once, however many times `shutdown()` is called.
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const maxCachedWorkflows = workflowCacheSize(); // before anything opens: a bad value fails the start cleanly
  const checkpointActivities = auditCheckpointActivitiesFromEnv(options.dataSource); // validates the audit key too
  const ownsConnection = options.connection === undefined;
  const connection =
    options.connection ??
    (await connectWithRetry(
      () =>
        NativeConnection.connect({
          address: options.address ?? process.env.TEMPORAL_ADDRESS ?? 'localhost:7233',
          grpcCompression: { codec: options.compression ?? 'gzip' },
          ...(options.security ?? {}),
        }),
      { timeoutMs: connectTimeoutMsFromEnv(), onRetry: options.onConnectRetry },
    ));
  const given = options.notifications ?? notificationDeliveryFromEnv();
  // The e-mail read on a connection of its own (dedicated-statements.ts), unless the caller gave one.
  const databaseUrl = (options.dataSource.options as { url?: string }).url;
  const statements =
    !given.statements && databaseUrl
      ? new DedicatedStatements(databaseUrl, { applicationName: 'nrm-worker-notifications' })
      : null;
  const notifications: NotificationDeliveryOptions = statements ? { ...given, statements } : given;
  const activities = {
    ...new ReferralProcessActivitiesImpl(options.dataSource, options.activities).asActivities(),
    ...checkpointActivities,
    ...new NotificationDeliveryActivities(options.dataSource, notifications).asActivities(),
  };
  let worker: Worker;
  try {
    const common = {
      connection,
      namespace: options.namespace ?? process.env.TEMPORAL_NAMESPACE ?? DEFAULT_TEMPORAL_NAMESPACE,
      taskQueue: options.taskQueue ?? NRM_TASK_QUEUE,
      activities,
      dataConverter: options.dataConverter ?? encryptedDataConverter(),
      maxCachedWorkflows,
      ...options.workerOptions,
    };
    worker = options.workflowBundle
      ? await Worker.create({ ...common, workflowBundle: options.workflowBundle })
      : await Worker.create({ ...common, ...bundlerFromSources() });
    if (options.auditCheckpoints) {
      await ensureAuditCheckpointLoop({ connection, namespace: common.namespace, taskQueue: common.taskQueue, dataConverter: common.dataConverter });
    }
  } catch (error) {
    if (!options.notifications) notifications.mail.close();
    await statements?.end();
    if (ownsConnection) await connection.close();
    throw error;
  }

  const done = worker.run().finally(async () => {
    if (!options.notifications) notifications.mail.close();
    await statements?.end();
    if (ownsConnection) await connection.close();
  });
  let stopping: Promise<void> | null = null;
  return {
    worker,
    connection,
    done,
    shutdown: () => {
      stopping ??= (async () => {
        if (worker.getState() === 'RUNNING' || worker.getState() === 'INITIALIZED') worker.shutdown();
        await done;
      })();
      return stopping;
    },
  };
}
