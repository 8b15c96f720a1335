import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { type AuthConfig, authConfigFromEnv, defaultKeyDir } from '@lib/auth';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createDataSource, DEMO_STAFF, localDataDir, prepareLocalDatabase, resolveDatabaseUrl } from '@lib/persistence';
import { temporalSecurityFromEnv } from '@lib/temporal';
import { start as startTemporalServer } from '@lib/temporal-server';
import { createApiApp } from '../../api/src/bootstrap';
import { readApiConfig } from '../../api/src/config/api-config';
import { notificationDeliveryFromEnv, startNotificationRelay } from '../../worker/src/notification-delivery';
import { auditCheckpointIntervalMs, checkpointStoreFromEnv } from '@lib/audit';
import { startWorker } from '../../worker/src/worker';
import { readStackConfig } from './stack-config';
import { ShutdownSequence } from './shutdown-sequence';
import { DatabaseStaffAccounts, consoleOrigins, loadOrCreateDemoPassword, signInPlan, startEmbeddedOidcProvider } from './oidc';

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
  if (api.dataDir) process.env.NRM_DATA_DIR ??= api.dataDir;
  // The console's sign-in: the embedded OpenID provider, or the organisation's (OIDC_ISSUER). Decided before anything
  // starts: production without OIDC_ISSUER stops here.
  const signIn = signInPlan(process.env, api.port);
  if (signIn.kind === 'refused') {
    logger.error(signIn.reason);
    process.exit(1);
  }
  // The SDK's own INFO lines (bundling, poller state) drown the few lines a newcomer needs.
  // This process owns shutdown (ShutdownSequence), not the SDK.
  Runtime.install({ logger: new DefaultLogger(process.env.TEMPORAL_SDK_LOG_LEVEL === 'INFO' ? 'INFO' : 'WARN'), shutdownSignals: [] });
  const shutdown = new ShutdownSequence(logger);
  shutdown.listen();

  // This process stops the embedded database itself, last (ShutdownSequence), not on the signal.
  const database = await resolveDatabaseUrl({ stopOnSignals: false });
  const orphan = database.embedded?.stoppedOrphanPid;
  if (orphan !== undefined) logger.warn(`Database: stopped an orphaned embedded PostgreSQL (pid ${orphan}) left running by an earlier start that was killed`);
  if (database.embedded) shutdown.push('database', () => database.embedded!.stop());
  if (!stack.databaseUrl) {
    logger.log(`Database: embedded PostgreSQL, data under ${localDataDir()}`);
    const prepared = await prepareLocalDatabase(database.url);
    logger.log(`Database ready: ${prepared.applied.length} migration(s) applied, demo data ${prepared.organisations} organisations / ${prepared.staffMembers} staff`);
  } else {
    logger.log('Database: DATABASE_URL (run `npm run migrate` to apply migrations)');
  }

  let temporalAddress = stack.temporalAddress;
  // TLS / mTLS / API key to a cluster (TEMPORAL_TLS_*, TEMPORAL_API_KEY); the embedded server is loopback plaintext.
  const temporalSecurity = temporalAddress ? temporalSecurityFromEnv() : undefined;
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
  const notifications = notificationDeliveryFromEnv();
  shutdown.push('mail transport', () => Promise.resolve(notifications.mail.close()));
  const worker = await startWorker({
    notifications,
    dataSource: workerDataSource,
    address: temporalAddress,
    compression: stack.temporalCompression,
    security: temporalSecurity,
    namespace: stack.temporalNamespace,
    auditCheckpoints: true,
  });
  shutdown.push('worker', () => worker.shutdown());
  void worker.done.catch((error: unknown) => {
    logger.error(`Worker stopped: ${error instanceof Error ? error.name : 'error'}`);
    void shutdown.run(1);
  });
  logger.log(`Worker: polling ${temporalAddress}`);
  // On the worker's own connection (stopped before the worker: the shutdown list runs last-in first-out).
  const relay = await startNotificationRelay({ databaseUrl: database.url, connection: worker.connection, namespace: stack.temporalNamespace });
  shutdown.push('notification relay', () => relay.stop());
  logger.log(process.env.SMTP_URL ? `E-mail notifications: ${notifications.mail.describe}` : `E-mail notifications: no SMTP_URL, kept as .eml files in ${notifications.mail.describe}`);
  logger.log(`Audit: signed checkpoints every ${auditCheckpointIntervalMs() / 60_000} min to ${checkpointStoreFromEnv().description}`);

  // The API accepts local tokens (npm run token) and, with the embedded provider, its tokens too (routed by issuer).
  let authConfig: AuthConfig | undefined;
  let consoleIssuer: string | undefined;
  let signInLines: string[] = [];
  if (signIn.kind === 'embedded') {
    const local = authConfigFromEnv();
    const keyDir = local.mode === 'local' ? local.keyDir : defaultKeyDir();
    const demo = loadOrCreateDemoPassword(keyDir);
    const accounts = new DatabaseStaffAccounts(database.url);
    shutdown.push('sign-in database pool', () => accounts.close());
    const provider = await startEmbeddedOidcProvider({ port: signIn.port, host: signIn.host, consoleOrigins: consoleOrigins(api.port), keyDir, demoPassword: demo.password, accounts });
    shutdown.push('OpenID provider', () => provider.close());
    authConfig = { ...local, additionalIssuers: [...(local.additionalIssuers ?? []), provider.authConfig] };
    consoleIssuer = provider.issuer;
    signInLines = [
      `Sign-in: embedded OpenID provider at ${provider.issuer} (demo only; refused in production and when OIDC_ISSUER is set)`,
      `Sign in to the console as ${DEMO_STAFF.map((s) => s.username).join(', ')}`,
      `Demo password: ${demo.password}` + (demo.source === 'env' ? ' (DEMO_PASSWORD)' : ` (kept in ${keyDir}/demo-password)`),
    ];
  } else {
    logger.log(signIn.notice);
    signInLines = [`Sign-in: the console signs in with ${signIn.issuer} (OIDC_ISSUER)`];
  }

  const app = await createApiApp(
    {
      config: api,
      databaseUrl: database.url,
      temporal: { address: temporalAddress, namespace: stack.temporalNamespace, security: temporalSecurity },
      ...(authConfig ? { authConfig } : {}),
      ...(consoleIssuer ? { console: { issuer: consoleIssuer } } : {}),
    },
    ['error', 'warn'],
  );
  shutdown.push('api', () => app.close());
  await app.listen(api.port, api.host);
  const host = api.host === '0.0.0.0' ? 'localhost' : api.host;
  logger.log(`Console: http://${host}:${api.port}/`);
  for (const line of signInLines) logger.log(line);
  logger.log(`GraphQL endpoint: http://${host}:${api.port}/graphql` + (api.production ? '' : `  (GraphiQL: http://${host}:${api.port}/graphiql)`));
  logger.log('Get a token (in another terminal): npm run -s token -- dost.manager');
  if (!stack.databaseUrl && signIn.kind !== 'embedded') logger.log(`Demo users: ${DEMO_STAFF.map((s) => s.username).join(', ')}`);
  logger.log('Stop with Ctrl-C; pending referrals and their deadlines continue at the next start.');
}

main().catch((error: unknown) => {
  logger.error(error instanceof Error ? `${error.name}: ${error.message}` : 'Startup failed');
  process.exit(1);
});
