/** Builds and starts the gRPC server around an engine. */
import { temporal, grpc as grpcNs } from '@temporalio/proto';
import { buildService } from './grpc/service-definition';
import { serveGrpc } from './grpc/server';
import { Engine } from './engine/engine';
import { workflowServiceHandlers } from './handlers/workflow-service';
import { withStandaloneActivities } from './handlers/activity-service';
import { resetHandlers } from './handlers/reset';
import { testServiceHandlers } from './handlers/test-service';
import { healthHandlers } from './handlers/health';
import { dumpExecution, type DumpOptions } from './dump';
import { log } from './log';
import { openPersistence, type Persistence } from './persistence';

export interface StartOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Time-skipping test-server mode (virtual clock + TestService). Default false: real time, dev-server semantics. */
  timeSkipping?: boolean;
  /** Time-skipping only: start with one explicit lock held (the test-server executable contract). Default true. */
  startLocked?: boolean;
  /** Durable mode: PostgreSQL URL (schema temporal_embedded, migrated by the server). Unset: in memory only. */
  databaseUrl?: string;
  /** Durable mode: closed executions are deleted after this many days (default 30). */
  retentionDays?: number;
  /** Durable mode, tests: retention in ms (overrides retentionDays) and how often it is swept. */
  retentionMs?: number;
  sweepIntervalMs?: number;
}

export interface RunningServer {
  address: string;
  port: number;
  engine: Engine;
  /** Set in durable mode (databaseUrl). */
  persistence?: Persistence;
  /** JSON dump of an execution's history and state (payload contents redacted unless includePayloads). */
  dump(workflowId: string, opts?: DumpOptions): Record<string, unknown>;
  stop(): Promise<void>;
}

export const services = {
  workflow: buildService(temporal.api.workflowservice.v1.WorkflowService),
  test: buildService(temporal.api.testservice.v1.TestService),
  health: buildService(grpcNs.health.v1.Health),
};

export async function start(opts: StartOptions = {}): Promise<RunningServer> {
  const timeSkipping = opts.timeSkipping ?? false;
  const engine = new Engine({ timeSkipping, initiallyLocked: opts.startLocked ?? true });
  const persistence = opts.databaseUrl
    ? await openPersistence(engine, { databaseUrl: opts.databaseUrl, retentionDays: opts.retentionDays, retentionMs: opts.retentionMs, sweepIntervalMs: opts.sweepIntervalMs })
    : undefined;
  const host = opts.host ?? '127.0.0.1';
  const bindHost = host.includes(':') ? `[${host}]` : host;
  const server = await serveGrpc(
    [
      { service: services.workflow, handlers: withStandaloneActivities(engine, { ...workflowServiceHandlers(engine), ...resetHandlers(engine) }) },
      { service: services.test, handlers: timeSkipping ? testServiceHandlers(engine) : {} },
      { service: services.health, handlers: healthHandlers() },
    ],
    { host, port: opts.port ?? 0, maxReceiveBytes: 128 * 1024 * 1024, ...(persistence ? { barrier: () => persistence.flushed() } : {}) },
  ).catch(async (err: unknown) => {
    engine.stop();
    await persistence?.close();
    throw err;
  });
  const port = server.port;
  log('info', 'server started', { host, port, timeSkipping, durable: persistence !== undefined });
  let stopped = false;
  return {
    address: `${bindHost}:${port}`,
    port,
    engine,
    persistence,
    dump: (workflowId, o) => dumpExecution(engine, workflowId, o),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      engine.stop();
      await server.shutdown(2000);
      await persistence?.close();
    },
  };
}
