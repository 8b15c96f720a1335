/**
 * In-process start(): health check, UNIMPLEMENTED naming the RPC, debug RPC logs without payload contents, and the
 * execution dump (payloads redacted), signal de-duplication by request id.
 */
import * as grpc from '@grpc/grpc-js';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { start, setLogLevel, type RunningServer } from '../src';
import { services } from '../src/server';

jest.setTimeout(30_000);

type Unary = (req: object, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void;

function rawClient(address: string, def: grpc.ServiceDefinition, name: string, options: grpc.ChannelOptions = {}): { call(method: string, req: object): Promise<unknown>; close(): void } {
  const Ctor = grpc.makeGenericClientConstructor(def, name);
  const c = new Ctor(address, grpc.credentials.createInsecure(), options);
  return {
    call: (method, req) =>
      new Promise((resolve, reject) => {
        const fn = (c as unknown as Record<string, Unary>)[method]!;
        fn.call(c, req, (err, res) => (err ? reject(err) : resolve(res)));
      }),
    close: () => c.close(),
  };
}

describe('embedded temporal server: in-process', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await start({ port: 0 });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('answers health checks and names unimplemented RPCs', async () => {
    const health = rawClient(server.address, services.health.definition, 'Health');
    expect(await health.call('Check', {})).toMatchObject({ status: 1 });
    health.close();
    const ws = rawClient(server.address, services.workflow.definition, 'WorkflowService');
    const err = (await ws.call('ListSchedules', { namespace: 'default' }).catch((e: unknown) => e)) as grpc.ServiceError;
    expect(err.code).toBe(grpc.status.UNIMPLEMENTED);
    expect(err.details).toContain('ListSchedules');
    ws.close();
  });

  it('reads requests compressed with gzip or deflate, as clients send them by default', async () => {
    for (const algorithm of [1, 2]) {
      // 1 = deflate, 2 = gzip (grpc-js compression algorithms): every request message goes compressed.
      const ws = rawClient(server.address, services.workflow.definition, 'WorkflowService', { 'grpc.default_compression_algorithm': algorithm });
      const res = (await ws.call('DescribeNamespace', { namespace: 'compressed-request' })) as temporal.api.workflowservice.v1.DescribeNamespaceResponse;
      expect(res.namespaceInfo?.name).toBe('compressed-request');
      ws.close();
    }
  });

  it('answers an RPC of a service it does not serve with UNIMPLEMENTED', async () => {
    const Ctor = grpc.makeGenericClientConstructor(
      { Nope: { path: '/temporal.api.nope.v1.NopeService/Nope', requestStream: false, responseStream: false, requestSerialize: (v: Buffer) => v, requestDeserialize: (b: Buffer) => b, responseSerialize: (v: Buffer) => v, responseDeserialize: (b: Buffer) => b } },
      'NopeService',
    );
    const c = new Ctor(server.address, grpc.credentials.createInsecure());
    const err = await new Promise<grpc.ServiceError>((resolve) => {
      (c as unknown as Record<string, (req: Buffer, cb: (e: grpc.ServiceError | null) => void) => void>).Nope!.call(c, Buffer.alloc(0), (e) => resolve(e!));
    });
    expect(err.code).toBe(grpc.status.UNIMPLEMENTED);
    c.close();
  });

  it('logs RPCs at debug level with ids only, and dumps histories with payloads redacted', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    setLogLevel('debug');
    const connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection });
      const h = await client.workflow.start('nobodyRunsThis', { taskQueue: 'no-worker', workflowId: 'log-me', args: ['Jane Survivor, 12 Secret Road'] });
      await h.signal('note', 'very private words');
    } finally {
      setLogLevel('warn');
      spy.mockRestore();
      await connection.close();
    }
    const rpcs = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'rpc');
    expect(rpcs.map((l) => l.rpc)).toEqual(expect.arrayContaining(['WorkflowService.StartWorkflowExecution', 'WorkflowService.SignalWorkflowExecution']));
    expect(rpcs.find((l) => l.rpc === 'WorkflowService.SignalWorkflowExecution')).toMatchObject({ workflowId: 'log-me', signalName: 'note', code: 'OK' });
    const all = lines.join('');
    expect(all).not.toContain('Secret Road');
    expect(all).not.toContain('private words');

    const dump = JSON.stringify(server.dump('log-me'));
    expect(dump).toContain('WORKFLOW_EXECUTION_SIGNALED');
    expect(dump).not.toContain(Buffer.from('"Jane Survivor, 12 Secret Road"').toString('base64'));
    expect(dump).toContain('"redacted":true');
    expect(JSON.stringify(server.dump('log-me', { includePayloads: true }))).toContain(Buffer.from('"Jane Survivor, 12 Secret Road"').toString('base64'));
  });

  it('applies a retried signal (same request id) once, also after signal-with-start', async () => {
    const connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection });
      const svc = client.workflowService;
      const signaled = async (workflowId: string): Promise<number> => {
        const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
        return (events ?? []).filter((ev) => ev.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).length;
      };
      const h = await client.workflow.start('nobodyRunsThis', { taskQueue: 'no-worker', workflowId: 'dedupe-signal' });
      const signal = (requestId: string) =>
        svc.signalWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: h.workflowId }, signalName: 's', requestId });
      await signal('req-1');
      await signal('req-1');
      await signal('req-2');
      expect(await signaled(h.workflowId)).toBe(2);

      const sws = () =>
        svc.signalWithStartWorkflowExecution({
          namespace: 'default',
          workflowId: 'dedupe-sws',
          workflowType: { name: 'nobodyRunsThis' },
          taskQueue: { name: 'no-worker' },
          signalName: 's',
          requestId: 'sws-1',
        });
      const first = await sws();
      const retried = await sws();
      expect(retried.runId).toBe(first.runId);
      expect(await signaled('dedupe-sws')).toBe(1);
    } finally {
      await connection.close();
    }
  });
});
