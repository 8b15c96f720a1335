/** Builds and starts the gRPC server around an engine. */
import * as grpc from '@grpc/grpc-js';
import { temporal, grpc as grpcNs } from '@temporalio/proto';
import { buildService } from './grpc/service-definition';
import { addServices } from './grpc/server';
import { Engine } from './engine/engine';
import { workflowServiceHandlers } from './handlers/workflow-service';
import { testServiceHandlers } from './handlers/test-service';
import { healthHandlers } from './handlers/health';
import { dumpExecution, type DumpOptions } from './dump';
import { log } from './log';

export interface StartOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Time-skipping test-server mode (virtual clock + TestService). Default false: real time, dev-server semantics. */
  timeSkipping?: boolean;
  /** Time-skipping only: start with one explicit lock held (the test-server executable contract). Default true. */
  startLocked?: boolean;
}

export interface RunningServer {
  address: string;
  port: number;
  engine: Engine;
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
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 128 * 1024 * 1024,
    'grpc.max_send_message_length': 128 * 1024 * 1024,
    'grpc.keepalive_permit_without_calls': 1,
  });
  addServices(server, [
    { service: services.workflow, handlers: workflowServiceHandlers(engine) },
    { service: services.test, handlers: timeSkipping ? testServiceHandlers(engine) : {} },
    { service: services.health, handlers: healthHandlers() },
  ]);
  const host = opts.host ?? '127.0.0.1';
  const bindHost = host.includes(':') ? `[${host}]` : host;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${bindHost}:${opts.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  log('info', 'server started', { host, port, timeSkipping });
  let stopped = false;
  return {
    address: `${bindHost}:${port}`,
    port,
    engine,
    dump: (workflowId, o) => dumpExecution(engine, workflowId, o),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      engine.stop();
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(t);
          resolve();
        });
      });
    },
  };
}
