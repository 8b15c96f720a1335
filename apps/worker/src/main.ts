import 'reflect-metadata';
import { Runtime } from '@temporalio/worker';
import { createDataSource, resolveDatabaseUrl } from '@lib/persistence';
import { temporalConfigFromEnv } from '@lib/temporal';
import { notificationDeliveryFromEnv, startNotificationRelay } from './notification-delivery';
import { startWorker } from './worker';

/**
 * Standalone worker process: `node dist/apps/worker/src/main.js` with DATABASE_URL and TEMPORAL_ADDRESS
 * (TEMPORAL_NAMESPACE, TEMPORAL_PAYLOAD_KEY, TEMPORAL_GRPC_COMPRESSION, DEADLINE_POLICY_FILE optional; notifications:
 * SMTP_URL, SMTP_FROM, NOTIFICATION_MAILBOX_DIR, CONSOLE_URL, NOTIFICATION_RELAY=off). Shuts down once on SIGINT/SIGTERM.
 * Logs carry no personal data: ids and error names only.
 */
async function main(): Promise<void> {
  // This process owns the worker's lifecycle: the SDK runtime must not also shut workers down on signals.
  Runtime.install({ shutdownSignals: [] });
  const config = temporalConfigFromEnv();
  const database = await resolveDatabaseUrl();
  const dataSource = await createDataSource(database.url, { applicationName: 'nrm-worker' });
  const notifications = notificationDeliveryFromEnv();
  const running = await startWorker({ dataSource, address: config.address, compression: config.compression, namespace: config.namespace, notifications });
  // NOTIFICATION_RELAY=off: this worker delivers but does not relay the outbox (another process does, or none: the rows wait).
  const relay =
    process.env.NOTIFICATION_RELAY === 'off'
      ? { stop: () => Promise.resolve() }
      : await startNotificationRelay({ dataSource, databaseUrl: database.url, address: config.address, namespace: config.namespace });
  process.stdout.write(`nrm worker polling ${config.address} namespace ${config.namespace}; e-mail to ${notifications.mail.describe}\n`);

  let signalled = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (signalled) return;
    signalled = true;
    process.stdout.write(`nrm worker: ${signal}, shutting down\n`);
    void running.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  try {
    await running.done;
  } finally {
    await relay.stop();
    notifications.mail.close();
    await dataSource.destroy();
    await database.embedded?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`nrm worker failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}\n`);
    process.exit(1);
  },
);
