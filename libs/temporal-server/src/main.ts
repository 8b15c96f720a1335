#!/usr/bin/env node
/** Executable entry: test-server (`<port>`), dev-server (`server start-dev ...`) and `dump` contracts (see cli/args.ts). */
import * as grpc from '@grpc/grpc-js';
import { parseArgs, USAGE } from './cli/args';
import { start, services } from './server';
import { historyToJson } from './dump';
import { temporal } from '@temporalio/proto';
import { log } from './log';

type Unary = (req: object, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void;

async function dump(address: string, namespace: string, workflowId: string, runId: string | undefined, payloads: boolean): Promise<void> {
  const Client = grpc.makeGenericClientConstructor(services.workflow.definition, 'WorkflowService');
  const client = new Client(address, grpc.credentials.createInsecure()) as unknown as Record<string, Unary>;
  const call = (name: string, req: object): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const fn = client[name];
      if (!fn) return reject(new Error(`no method ${name}`));
      fn.call(client, req, (err, res) => (err ? reject(err) : resolve(res)));
    });
  const execution = { workflowId, runId: runId ?? '' };
  const desc = (await call('DescribeWorkflowExecution', { namespace, execution })) as temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
  const hist = (await call('GetWorkflowExecutionHistory', { namespace, execution })) as temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
  const info = temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse.toObject(desc, { enums: String, longs: String, bytes: String });
  const out = { describe: payloads ? info : JSON.parse(JSON.stringify(info, (k, v: unknown) => (k === 'memo' || k === 'searchAttributes' || k === 'heartbeatDetails' ? '[redacted]' : v))) as unknown, history: historyToJson(hist.history?.events ?? [], payloads) };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  (client as unknown as grpc.Client).close();
}

async function main(): Promise<void> {
  const cmd = parseArgs(process.argv.slice(2));
  switch (cmd.kind) {
    case 'help':
      process.stderr.write((cmd.error ? cmd.error + '\n' : '') + USAGE + '\n');
      process.exitCode = cmd.error ? 2 : 0;
      return;
    case 'dump':
      await dump(cmd.address, cmd.namespace, cmd.workflowId, cmd.runId, cmd.payloads);
      return;
    case 'test-server':
    case 'dev-server': {
      const databaseUrl = cmd.kind === 'dev-server' ? cmd.databaseUrl || process.env.TEMPORAL_SERVER_DATABASE_URL || undefined : undefined;
      const retentionDays = cmd.kind === 'dev-server' ? cmd.retentionDays : undefined;
      const server = await start({ port: cmd.port, host: cmd.host, timeSkipping: cmd.kind === 'test-server', startLocked: true, databaseUrl, retentionDays });
      log('info', 'listening', { address: server.address, mode: cmd.kind });
      const shutdown = (): void => {
        void server.stop().then(() => process.exit(0));
      };
      process.on('SIGTERM', shutdown);
      process.on('SIGINT', shutdown);
      return;
    }
  }
}

main().catch((err: unknown) => {
  log('error', 'fatal', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
