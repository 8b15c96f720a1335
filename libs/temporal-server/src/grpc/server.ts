/**
 * The gRPC transport: unary gRPC over `node:http2` directly (the only call shape the Temporal services need here).
 * Routes each request path to its handler, maps RpcError to a gRPC status, answers UNIMPLEMENTED (naming the RPC) for
 * anything without a handler, and logs every RPC at debug level with ids, types and names only (never payloads).
 *
 * Why not @grpc/grpc-js's Server: with a handful of engine operations per RPC, its per-call machinery (interceptor
 * chain, metadata objects, per-call deadline timers, stream decoder) was the larger part of the server's CPU in the
 * throughput bench. What a unary call needs is small and fixed by the gRPC-over-HTTP/2 spec: one length-prefixed
 * message in (identity, gzip or deflate), response headers, one message, trailers with `grpc-status`; or a
 * trailers-only answer for an error. Clients are unchanged (the SDK's Core and grpc-js clients, the tests' grpc-js
 * clients).
 */
import * as http2 from 'node:http2';
import { gunzipSync, inflateSync } from 'node:zlib';
import { status } from '@grpc/grpc-js';
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

export interface ServeOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Largest request message accepted (bytes). */
  maxReceiveBytes: number;
  /**
   * Awaited after every handler (success or error) before the answer is sent. Persistence uses it so that an RPC
   * answers only after the state it changed is committed.
   */
  barrier?: () => Promise<void>;
}

export interface GrpcServer {
  port: number;
  /** Stops accepting connections; open sessions finish their calls, and are cut after `graceMs`. */
  shutdown(graceMs: number): Promise<void>;
}

interface Route {
  rpc: string;
  handler: Handler | undefined;
  decode(b: Buffer): unknown;
  /** The answer as one length-prefixed gRPC message. */
  frame(v: unknown): Buffer;
}

const {
  HTTP2_HEADER_PATH,
  HTTP2_HEADER_STATUS,
  HTTP2_HEADER_CONTENT_TYPE,
} = http2.constants;
// Responses are never compressed (so no grpc-encoding); requests may be, with any of grpc-accept-encoding.
const RESPONSE_HEADERS: http2.OutgoingHttpHeaders = {
  [HTTP2_HEADER_STATUS]: 200,
  [HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc+proto',
  'grpc-accept-encoding': 'identity,deflate,gzip',
};
const OK_TRAILERS: http2.OutgoingHttpHeaders = { 'grpc-status': '0' };
// No `date` header: gRPC does not use it, and Node adds one to every answer unless `sendDate` is false (an option
// Node's respond() reads but its typings leave out; ignored, it only means the header is sent).
type RespondOptions = http2.ServerStreamResponseOptions & { sendDate: boolean };
const RESPOND_OPTIONS: RespondOptions = { waitForTrailers: true, sendDate: false };
const STATUS_ONLY_OPTIONS: RespondOptions = { endStream: true, sendDate: false };
// Shared listeners (no closure per call).
function ignore(): void {}
function sendOkTrailers(this: http2.ServerHttp2Stream): void {
  this.sendTrailers(OK_TRAILERS);
}
const TIMEOUT_UNITS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 1e-3, n: 1e-6 };

export function serveGrpc(bindings: ServiceBinding[], opts: ServeOptions): Promise<GrpcServer> {
  const routes = new Map<string, Route>();
  for (const { service, handlers } of bindings) {
    const short = service.name.split('.').pop() ?? service.name;
    for (const name of service.methods) {
      const d = service.definition[name];
      if (!d) continue;
      routes.set(d.path, {
        rpc: `${short}.${name}`,
        handler: handlers[name],
        decode: d.requestDeserialize,
        frame: service.responseFrames[name] ?? ((v: unknown) => frameOf(d.responseSerialize(v))),
      });
    }
  }
  const server = http2.createServer({ maxSessionMemory: Number.MAX_SAFE_INTEGER, maxSendHeaderBlockLength: Number.MAX_SAFE_INTEGER });
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('error', () => undefined); // a broken connection ends its calls (their streams close) and nothing else
    session.once('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => onStream(routes, opts, stream, headers));

  return new Promise<GrpcServer>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      server.on('error', (err: Error) => log('error', 'grpc server error', { error: err.message }));
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : opts.port;
      resolve({
        port,
        shutdown: (graceMs) =>
          new Promise<void>((done) => {
            const force = setTimeout(() => {
              for (const s of sessions) s.destroy();
            }, graceMs);
            server.close(() => {
              clearTimeout(force);
              done();
            });
            for (const s of sessions) s.close();
          }),
      });
    });
  });
}

function onStream(routes: Map<string, Route>, opts: ServeOptions, stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
  stream.on('error', ignore); // a reset stream is a cancelled call (see 'close' below)
  const contentType = headers[HTTP2_HEADER_CONTENT_TYPE];
  if (typeof contentType !== 'string' || !contentType.startsWith('application/grpc')) {
    stream.respond({ [HTTP2_HEADER_STATUS]: 415 }, { endStream: true });
    return;
  }
  const rawPath = headers[HTTP2_HEADER_PATH];
  const path = typeof rawPath === 'string' ? rawPath : '';
  const route = routes.get(path);
  const started = Date.now();
  const timeout = headers['grpc-timeout'];
  const deadline = typeof timeout === 'string' && timeout.length > 1 ? started + Number(timeout.slice(0, -1)) * (TIMEOUT_UNITS[timeout.slice(-1)] ?? NaN) : Infinity;
  const encoding = headers['grpc-encoding'];

  let answered = false;
  let cancelled = false;
  let cancelListeners: (() => void)[] | null = null;
  stream.once('close', () => {
    if (answered) return;
    // The caller reset the stream (cancellation, its deadline) or the connection went away.
    cancelled = true;
    const fns = cancelListeners ?? [];
    cancelListeners = null;
    for (const fn of fns) fn();
  });
  const ctx: CallContext = {
    isCancelled: () => cancelled,
    onCancel: (fn) => {
      if (cancelled) return;
      (cancelListeners ??= []).push(fn);
    },
    remainingMs: () => (Number.isNaN(deadline) ? Infinity : deadline - Date.now()),
  };
  let request: unknown;

  const answer = (err: RpcError | null, res?: object): void => {
    if (answered) return;
    answered = true;
    if (isLogEnabled('debug')) {
      log('debug', 'rpc', { rpc: route?.rpc ?? path, ms: Date.now() - started, code: err ? status[err.code] : 'OK', ...idsOf(request), ...(err ? { error: err.message } : {}) });
    }
    if (stream.destroyed || stream.closed) return;
    if (err) return sendStatus(stream, err);
    // One length-prefixed message in one buffer: one DATA frame for the client to take apart, not two.
    let frame: Buffer;
    try {
      frame = route!.frame(res ?? {});
    } catch (e) {
      log('error', 'rpc response encoding failed', { rpc: route?.rpc ?? path, error: e instanceof Error ? e.message : String(e) });
      return sendStatus(stream, new RpcError(status.INTERNAL, 'response encoding failed'));
    }
    stream.respond(RESPONSE_HEADERS, RESPOND_OPTIONS);
    stream.on('wantTrailers', sendOkTrailers); // emitted once per stream
    stream.end(frame);
  };
  const fail = (err: unknown): void => {
    if (err instanceof RpcError) return answer(err);
    log('error', 'rpc handler failed', { rpc: route?.rpc ?? path, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    answer(new RpcError(status.INTERNAL, err instanceof Error ? err.message : String(err)));
  };

  if (!route || !route.handler) {
    stream.resume();
    const name = route ? route.rpc.slice(route.rpc.indexOf('.') + 1) : path;
    answer(new RpcError(status.UNIMPLEMENTED, route ? `${name} is not implemented by this server` : `The server does not implement the method ${path}`));
    return;
  }
  const { handler } = route;

  const chunks: Buffer[] = [];
  let length = 0;
  stream.on('data', (chunk: Buffer) => {
    if (answered) return;
    length += chunk.length;
    if (length > opts.maxReceiveBytes + 5) {
      answer(new RpcError(status.RESOURCE_EXHAUSTED, `Received message larger than max (${length - 5} vs. ${opts.maxReceiveBytes})`));
      return;
    }
    chunks.push(chunk);
  });
  stream.once('end', () => {
    if (answered) return;
    const frame = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
    const size = frame.length >= 5 ? frame.readUInt32BE(1) : -1;
    if (size < 0 || frame.length !== 5 + size) {
      answer(new RpcError(status.INTERNAL, frame.length === 0 ? 'Received no messages for a unary call' : 'Malformed message framing'));
      return;
    }
    try {
      let body = frame.subarray(5);
      if (frame[0] === 1) {
        // The decompressed message is held to the same limit as a plain one (a small compressed request cannot expand
        // without bound: zlib stops at maxOutputLength with a RangeError).
        if (encoding !== 'gzip' && encoding !== 'deflate') {
          throw new RpcError(status.UNIMPLEMENTED, `Received message compressed with unsupported encoding "${String(encoding)}"`);
        }
        const limit = { maxOutputLength: opts.maxReceiveBytes };
        try {
          if (encoding === 'gzip') body = gunzipSync(body, limit);
          else if (encoding === 'deflate') body = inflateSync(body, limit);
        } catch (e) {
          if (e instanceof RangeError) throw new RpcError(status.RESOURCE_EXHAUSTED, 'Received message larger than max once decompressed');
          throw e;
        }
      }
      request = route.decode(body);
    } catch (err) {
      answer(err instanceof RpcError ? err : new RpcError(status.INTERNAL, 'Error deserializing request'));
      return;
    }
    const barrier = opts.barrier;
    if (!barrier) {
      // Nothing to wait for (in memory): a handler that answers synchronously (most do) is answered at once.
      let res: Promise<object> | object;
      try {
        res = handler(request, ctx);
      } catch (err) {
        fail(err);
        return;
      }
      if (res instanceof Promise) res.then((r) => answer(null, r), fail);
      else answer(null, res);
      return;
    }
    Promise.resolve()
      .then(() => handler(request, ctx))
      .then(
        async (res) => {
          await barrier();
          return res;
        },
        async (err: unknown) => {
          await barrier();
          throw err;
        },
      )
      .then((res) => answer(null, res), fail);
  });
}

/** A message as one length-prefixed gRPC frame. */
function frameOf(bytes: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(5 + bytes.length);
  frame[0] = 0;
  frame.writeUInt32BE(bytes.length, 1);
  bytes.copy(frame, 5);
  return frame;
}

/** A trailers-only answer: the status (and any typed details) in the one header block. */
function sendStatus(stream: http2.ServerHttp2Stream, err: RpcError): void {
  const h: http2.OutgoingHttpHeaders = {
    [HTTP2_HEADER_STATUS]: 200,
    [HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc+proto',
    'grpc-status': String(err.code),
    'grpc-message': encodeURI(err.message),
  };
  if (err.statusDetails) h['grpc-status-details-bin'] = Buffer.from(err.statusDetails).toString('base64');
  stream.respond(h, STATUS_ONLY_OPTIONS);
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
