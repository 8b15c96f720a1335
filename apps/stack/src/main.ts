import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createDataSource, DEMO_STAFF, localDataDir, prepareLocalDatabase, resolveDatabaseUrl } from '@lib/persistence';
import { start as startTemporalServer } from '@lib/temporal-server';
import { createApiApp } from '../../api/src/bootstrap';
import { readApiConfig } from '../../api/src/config/api-config';
import { auditCheckpointIntervalMs, checkpointStoreFromEnv } from '@lib/audit';
import { startWorker } from '../../worker/src/worker';
import { readStackConfig } from './stack-config';
import { ShutdownSequence } from './shutdown-sequence';

const logger = new Logger('Stack');

/**
 * The whole system in one process, for a fresh machine, a demo or a pilot site:
 * PostgreSQL (embedded unless DATABASE_URL), Temporal (embedded and durable in that PostgreSQL unless
 * TEMPORAL_ADDRESS), the worker and the GraphQL API. Production runs api and worker as separate processes (deploy/).
 * Logs carry ids, addresses and counts only.
 */
async function main(): Promise<void> {
  const stack = readStackConfig();
  const api = readApiConfig();
  // The SDK's own INFO lines (bundling, poller state) drown the few lines a newcomer needs.
  // This process owns shutdown (ShutdownSequence), not the SDK.
  Runtime.install({ logger: new DefaultLogger(process.env.TEMPORAL_SDK_LOG_LEVEL === 'INFO' ? 'INFO' : 'WARN'), shutdownSignals: [] });
  const shutdown = new ShutdownSequence(logger);
  shutdown.listen();

  const database = await resolveDatabaseUrl();
  if (database.embedded) shutdown.push('database', () => database.embedded!.stop());
  if (!stack.databaseUrl) {
    logger.log(`Database: embedded PostgreSQL, data under ${localDataDir()}`);
    const prepared = await prepareLocalDatabase(database.url);
    logger.log(`Database ready: ${prepared.applied.length} migration(s) applied, demo data ${prepared.organisations} organisations / ${prepared.staffMembers} staff`);
  } else {
    logger.log('Database: DATABASE_URL (run `npm run migrate` to apply migrations)');
  }

  let temporalAddress = stack.temporalAddress;
  if (!temporalAddress) {
    const server = await startTemporalServer({
      port: stack.temporalPort,
      databaseUrl: database.url,
      retentionDays: stack.temporalRetentionDays,
    });
    shutdown.push('temporal', () => server.stop());
    temporalAddress = server.address;
    logger.log(`Temporal: embedded server on ${temporalAddress}, durable in PostgreSQL (schema temporal_embedded)`);
  } else {
    logger.log(`Temporal: cluster at ${temporalAddress}, namespace ${stack.temporalNamespace}`);
  }

  const workerDataSource = await createDataSource(database.url, { poolSize: 5, applicationName: 'nrm-worker' });
  shutdown.push('worker database pool', () => workerDataSource.destroy());
  const worker = await startWorker({
    dataSource: workerDataSource,
    address: temporalAddress,
    compression: stack.temporalCompression,
    namespace: stack.temporalNamespace,
    auditCheckpoints: true,
  });
  shutdown.push('worker', () => worker.shutdown());
  void worker.done.catch((error: unknown) => {
    logger.error(`Worker stopped: ${error instanceof Error ? error.name : 'error'}`);
    void shutdown.run(1);
  });
  logger.log(`Worker: polling ${temporalAddress}`);
  logger.log(`Audit: signed checkpoints every ${auditCheckpointIntervalMs() / 60_000} min to ${checkpointStoreFromEnv().description}`);

  const app = await createApiApp(
    { config: api, databaseUrl: database.url, temporal: { address: temporalAddress, namespace: stack.temporalNamespace } },
    ['error', 'warn'],
  );
  shutdown.push('api', () => app.close());
  await app.listen(api.port, api.host);
  const host = api.host === '0.0.0.0' ? 'localhost' : api.host;
  logger.log(`GraphQL endpoint: http://${host}:${api.port}/graphql` + (api.production ? '' : `  (GraphiQL: http://${host}:${api.port}/graphiql)`));
  logger.log('Get a token (in another terminal): npm run -s token -- dost.manager');
  if (!stack.databaseUrl) logger.log(`Demo users: ${DEMO_STAFF.map((s) => s.username).join(', ')}`);
  logger.log('Stop with Ctrl-C; pending referrals and their deadlines continue at the next start.');
}

main().catch((error: unknown) => {
  logger.error(error instanceof Error ? `${error.name}: ${error.message}` : 'Startup failed');
  process.exit(1);
});
