import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import {
  DEMO_STAFF,
  createDataSource,
  localDataDir,
  resolveDatabaseUrl,
  runMigrations,
  seedDemoData,
} from '@lib/persistence';
import { createApiApp } from './bootstrap';
import { readApiConfig } from './config/api-config';

const logger = new Logger('Api');

/** Embedded mode only: bring the local database up to date and (re)seed the demo organisations and staff. */
async function prepareEmbeddedDatabase(url: string): Promise<void> {
  const dataSource = await createDataSource(url, { poolSize: 2 });
  try {
    const applied = await runMigrations(dataSource);
    if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);
    const seeded = await seedDemoData(dataSource);
    logger.log(`Demo data: ${seeded.organisations} organisations, ${seeded.staffMembers} staff members`);
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const config = readApiConfig();
  if (config.dataDir) process.env.NRM_DATA_DIR ??= config.dataDir;
  const database = await resolveDatabaseUrl();
  const embedded = database.embedded !== undefined || !config.databaseUrl;
  if (embedded) {
    logger.log(`No DATABASE_URL: embedded PostgreSQL under ${localDataDir()}`);
    await prepareEmbeddedDatabase(database.url);
  }
  const app = await createApiApp({ config, databaseUrl: database.url });
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
