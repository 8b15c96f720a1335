/**
 * grpc-js server plumbing: registers hand-built service definitions with handlers, maps RpcError to gRPC status,
 * answers UNIMPLEMENTED (naming the RPC) for anything without a handler, and logs every RPC at debug level with ids,
 * types and names only (never payloads).
 */
import * as grpc from '@grpc/grpc-js';
import type { BuiltService } from './service-definition';
import { RpcError } from './errors';
import { isLogEnabled, log, type LogFields } from '../log';

export interface CallContext {
  isCancelled(): boolean;
  onCancel(fn: () => void): void;
  /** Milliseconds until the caller's deadline (Infinity when none). */
  remainingMs(): number;
}

export type Handler = (req: unknown, ctx: CallContext) => Promise<object> | object;

export interface ServiceBinding {
  service: BuiltService;
  handlers: Record<string, Handler>;
}

export interface AddServicesOptions {
  /**
   * Awaited after every handler (success or error) before the answer is sent. Persistence uses it so that an RPC
   * answers only after the state it changed is committed.
   */
  barrier?: () => Promise<void>;
}

export function addServices(server: grpc.Server, bindings: ServiceBinding[], opts: AddServicesOptions = {}): void {
  const barrier = opts.barrier;
  for (const { service, handlers } of bindings) {
    const impl: grpc.UntypedServiceImplementation = {};
    for (const name of service.methods) {
      const handler = handlers[name];
      const rpc = `${service.name.split('.').pop() ?? service.name}.${name}`;
      impl[name] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        const started = Date.now();
        const ctx = contextOf(call);
        const done = (err: RpcError | null, res?: object): void => {
          if (isLogEnabled('debug')) {
            log('debug', 'rpc', { rpc, ms: Date.now() - started, code: err ? grpc.status[err.code] : 'OK', ...idsOf(call.request), ...(err ? { error: err.message } : {}) });
          }
          if (err) callback({ code: err.code, details: err.message, message: err.message, ...(err.statusDetails ? { metadata: detailsMetadata(err.statusDetails) } : {}) });
          else callback(null, res);
        };
        if (!handler) {
          done(new RpcError(grpc.status.UNIMPLEMENTED, `${name} is not implemented by this server`));
          return;
        }
        Promise.resolve()
          .then(() => handler(call.request, ctx))
          .then(
            async (res) => {
              if (barrier) await barrier();
              return res;
            },
            async (err: unknown) => {
              if (barrier) await barrier();
              throw err;
            },
          )
          .then(
            (res) => done(null, res),
            (err: unknown) => {
              if (err instanceof RpcError) return done(err);
              log('error', 'rpc handler failed', { rpc, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
              done(new RpcError(grpc.status.INTERNAL, err instanceof Error ? err.message : String(err)));
            },
          );
      };
    }
    server.addService(service.definition, impl);
  }
}

function detailsMetadata(statusDetails: Uint8Array): grpc.Metadata {
  const md = new grpc.Metadata();
  md.set('grpc-status-details-bin', Buffer.from(statusDetails));
  return md;
}

function contextOf(call: grpc.ServerUnaryCall<unknown, unknown>): CallContext {
  return {
    isCancelled: () => call.cancelled,
    onCancel: (fn) => {
      call.on('cancelled', fn);
    },
    remainingMs: () => {
      const d = call.getDeadline();
      if (d instanceof Date) return d.getTime() - Date.now();
      if (typeof d === 'number' && Number.isFinite(d)) return d - Date.now();
      return Infinity;
    },
  };
}

type Loose = Record<string, unknown> | null | undefined;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** Ids, types and names from a request, for logs. Never payloads. */
export function idsOf(req: unknown): LogFields {
  const r = req as Loose;
  if (!r) return {};
  const exec = (r.execution ?? r.workflowExecution) as Loose;
  const tq = r.taskQueue as Loose;
  const wt = r.workflowType as Loose;
  const q = r.query as Loose;
  const upd = r.request as Loose;
  const meta = upd?.meta as Loose;
  const updRef = r.updateRef as Loose;
  return {
    namespace: str(r.namespace),
    workflowId: str(r.workflowId) ?? str(exec?.workflowId) ?? str((updRef?.workflowExecution as Loose)?.workflowId),
    runId: str(r.runId) ?? str(exec?.runId),
    workflowType: str(wt?.name),
    taskQueue: str(tq?.name),
    signalName: str(r.signalName),
    queryType: str(q?.queryType),
    updateId: str(meta?.updateId) ?? str(updRef?.updateId),
    activityId: str(r.activityId),
  };
}
