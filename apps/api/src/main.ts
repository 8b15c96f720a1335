import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DEMO_STAFF, localDataDir, prepareLocalDatabase, resolveDatabaseUrl } from '@lib/persistence';
import { temporalConfigFromEnv } from '@lib/temporal';
import { assertProductionEnv, shutdownGraceMs, withinGrace } from '@lib/operations';
import { createApiApp } from './bootstrap';
import { apiOperations } from './operations/api-operations';
import { readApiConfig } from './config/api-config';
import { apiLogger, logFormatFromEnv } from './logging/api-logger';

const logger = new Logger('Api');

async function main(): Promise<void> {
  assertProductionEnv('api');
  const config = readApiConfig();
  // Lines logged before the app exists (database, migrations) use the same format as the app's own.
  Logger.overrideLogger(apiLogger(logFormatFromEnv(config.production), ['error', 'warn', 'log']));
  if (config.dataDir) process.env.NRM_DATA_DIR ??= config.dataDir;
  const database = await resolveDatabaseUrl({ stopOnSignals: false });
  const embedded = database.embedded !== undefined || !config.databaseUrl;
  if (embedded) {
    logger.log(`No DATABASE_URL: embedded PostgreSQL under ${localDataDir()}`);
    const prepared = await prepareLocalDatabase(database.url);
    logger.log(`Database ready: ${prepared.applied.length} migration(s) applied, demo data ${prepared.organisations} organisations / ${prepared.staffMembers} staff`);
  }
  // Referrals run as Temporal workflows: the API refuses to start without a cluster (TEMPORAL_ADDRESS).
  // `npm start` runs the embedded server, worker and API together (apps/stack).
  const temporal = temporalConfigFromEnv();
  const app = await createApiApp({ config, databaseUrl: database.url, temporal });
  // SIGTERM/SIGINT: /ready answers 503 at once, the server stops accepting and finishes in-flight requests within
  // SHUTDOWN_GRACE_SECONDS, then the database connections close.
  const graceMs = shutdownGraceMs();
  let closing: Promise<boolean> | undefined;
  const shutdown = (signal: NodeJS.Signals): Promise<boolean> =>
    (closing ??= (async () => {
      logger.log(`${signal}: draining (grace ${graceMs / 1000} s)`);
      apiOperations(app).readiness.drain();
      const drained = await withinGrace(app.close(), graceMs);
      await database.embedded?.stop();
      if (drained) logger.log('Stopped.');
      else logger.error('Grace period over with requests still in flight: exiting');
      return drained;
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void shutdown(signal).then((drained) => process.exit(drained ? 0 : 1)));
  }
  await app.listen(config.port, config.host);
  const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const lines = [
    `GraphQL endpoint: http://${shownHost}:${config.port}/graphql` + (config.production ? '' : `  (GraphiQL: http://${shownHost}:${config.port}/graphiql)`),
    'Get a token: npm run token -- dost.manager',
  ];
  if (embedded) lines.push(`Demo usernames: ${DEMO_STAFF.map((s) => s.username).join(', ')}`);
  for (const line of lines) logger.log(line);
}

main().catch((error: unknown) => {
  // Startup errors carry no personal data (no request has been served), but keep to the name and message.
  logger.error(error instanceof Error ? `${error.name}: ${error.message}` : 'Startup failed');
  process.exit(1);
});
