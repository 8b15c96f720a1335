import 'reflect-metadata';
import { Runtime } from '@temporalio/worker';
import {
  assertProductionEnv,
  databaseCheck,
  migrationsCheck,
  ProcessMetrics,
  Readiness,
  shutdownGraceMs,
  startProbeServer,
  withinGrace,
} from '@lib/operations';
import { createDataSource, resolveDatabaseUrl } from '@lib/persistence';
import { temporalConfigFromEnv } from '@lib/temporal';
import { notificationDeliveryFromEnv, startNotificationRelay } from './notification-delivery';
import { type RunningWorker, startWorker } from './worker';
import { jsonSdkLogger, sdkLogLevelFromEnv } from './sdk-logger';
import { workerProcessConfig } from './worker-process-config';

/**
 * Standalone worker process: `node dist/apps/worker/src/main.js` with DATABASE_URL and TEMPORAL_ADDRESS
 * (TEMPORAL_NAMESPACE, TEMPORAL_PAYLOAD_KEY, TEMPORAL_GRPC_COMPRESSION, DEADLINE_POLICY_FILE optional).
 * WORKER_HEALTH_PORT (default 3001) serves GET /health, /ready (database, schema, worker polling) and /metrics;
 * TEMPORAL_SDK_METRICS_ADDRESS (e.g. 0.0.0.0:9466) turns on the Temporal SDK's own Prometheus exporter.
 * Notifications: SMTP_URL, SMTP_FROM, NOTIFICATION_MAILBOX_DIR, CONSOLE_URL, NOTIFICATION_RELAY=off, NOTIFICATION_GATHER_MS.
 * SIGINT/SIGTERM: /ready answers 503, polling stops, in-flight activities get SHUTDOWN_GRACE_SECONDS to finish.
 * Logs carry no personal data: ids and error names only.
 */
async function main(): Promise<void> {
  assertProductionEnv('worker');
  const config = workerProcessConfig();
  const graceMs = shutdownGraceMs();
  // This process owns the worker's lifecycle: the SDK runtime must not also shut workers down on signals.
  // The SDK's and its native core's log lines as JSON, with workflow and activity ids (sdk-logger.ts).
  const sdkLogLevel = sdkLogLevelFromEnv();
  Runtime.install({
    shutdownSignals: [],
    logger: jsonSdkLogger(sdkLogLevel),
    telemetryOptions: {
      logging: { filter: { core: sdkLogLevel, other: sdkLogLevel }, forward: {} },
      ...(config.sdkMetricsAddress ? { metrics: { prometheus: { bindAddress: config.sdkMetricsAddress } } } : {}),
    },
  });
  const temporal = temporalConfigFromEnv();
  const database = await resolveDatabaseUrl({ stopOnSignals: false });
  const dataSource = await createDataSource(database.url, { applicationName: 'nrm-worker' });
  const current: { worker?: RunningWorker } = {};
  const readiness = new Readiness({
    database: databaseCheck(dataSource),
    migrations: migrationsCheck(dataSource),
    // The worker polls Temporal while RUNNING; it leaves that state when the connection fails for good.
    temporal: () =>
      current.worker?.worker.getState() === 'RUNNING'
        ? Promise.resolve()
        : Promise.reject(new Error('worker not polling')),
  });
  const probes = await startProbeServer(config.healthPort, config.healthHost, {
    readiness,
    metrics: new ProcessMetrics('worker'),
  });
  const notifications = notificationDeliveryFromEnv();
  const running = (current.worker = await startWorker({
    dataSource,
    onConnectRetry: (attempt, errorName) => log(`Temporal not reachable yet (${errorName}, attempt ${attempt}); retrying`),
    address: temporal.address,
    compression: temporal.compression,
    security: temporal.security,
    namespace: temporal.namespace,
    auditCheckpoints: true,
    notifications,
    // In-flight activities get the grace period less a margin to close connections, then are cancelled.
    workerOptions: { shutdownGraceTime: Math.max(1000, graceMs - 3000) },
  }));
  // NOTIFICATION_RELAY=off: this worker delivers but does not relay the outbox (another process does, or none: the rows wait).
  const relay =
    process.env.NOTIFICATION_RELAY === 'off'
      ? { stop: () => Promise.resolve() }
      : await startNotificationRelay({ databaseUrl: database.url, connection: running.connection, namespace: temporal.namespace });
  log(`polling ${temporal.address} namespace ${temporal.namespace}; probes on :${probes.port}; e-mail to ${notifications.mail.describe}`);

  let signalled = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (signalled) return;
    signalled = true;
    log(`${signal}: draining (grace ${graceMs / 1000} s)`);
    readiness.drain();
    // The relay first: it starts workflows on the worker's connection, which the worker closes when it stops.
    void withinGrace(relay.stop().then(() => running.shutdown()), graceMs).then((drained) => {
      if (!drained) {
        process.stderr.write('nrm worker: grace period over with tasks still in flight: exiting\n');
        process.exit(1);
      }
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  try {
    await running.done;
  } finally {
    await relay.stop();
    notifications.mail.close();
    await probes.close();
    await dataSource.destroy();
    await database.embedded?.stop();
  }
  log('stopped');
}

function log(message: string): void {
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'info', component: 'nrm-worker', msg: message })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'error', component: 'nrm-worker', msg: 'failed', error: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error' })}\n`,
    );
    process.exit(1);
  },
);
