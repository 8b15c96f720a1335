import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DEMO_STAFF, localDataDir, prepareLocalDatabase, resolveDatabaseUrl } from '@lib/persistence';
import { temporalConfigFromEnv } from '@lib/temporal';
import { createApiApp } from './bootstrap';
import { readApiConfig } from './config/api-config';

const logger = new Logger('Api');

async function main(): Promise<void> {
  const config = readApiConfig();
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
  let closing: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (closing ??= (async () => {
      await app.close();
      await database.embedded?.stop();
    })());
  process.once('SIGINT', () => void shutdown().then(() => process.exit(0)));
  process.once('SIGTERM', () => void shutdown().then(() => process.exit(0)));
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
