import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Readiness } from './readiness';

/** What the probe endpoints answer: status code, content type and body. */
export interface ProbeAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface ProbeSources {
  readiness: Readiness;
  /** Prometheus text exposition of the process's metrics (absent: no /metrics). */
  metrics?: { contentType: string; text(): Promise<string> };
}

/**
 * GET /health: liveness (the process runs and its event loop answers; nothing else, so a database outage does not get
 * every pod restarted). GET /ready: readiness (503 while a dependency is down or the process drains).
 * GET /metrics: Prometheus. Anything else: null (the caller answers 404 or routes it elsewhere).
 */
export async function answerProbe(path: string, sources: ProbeSources): Promise<ProbeAnswer | null> {
  switch (path) {
    case '/health':
      return { status: 200, contentType: 'application/json', body: '{"status":"ok"}' };
    case '/ready': {
      const report = await sources.readiness.report();
      return {
        status: report.ready ? 200 : 503,
        contentType: 'application/json',
        body: JSON.stringify(report),
      };
    }
    case '/metrics':
      if (!sources.metrics) return null;
      return { status: 200, contentType: sources.metrics.contentType, body: await sources.metrics.text() };
    default:
      return null;
  }
}

/** A small HTTP server for a process that serves nothing else (the worker): /health, /ready, /metrics. */
export async function startProbeServer(
  port: number,
  host: string,
  sources: ProbeSources,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const reply = (a: ProbeAnswer): void => {
      res.writeHead(a.status, { 'content-type': a.contentType, 'cache-control': 'no-store' });
      res.end(a.body);
    };
    if (req.method !== 'GET')
      return reply({ status: 405, contentType: 'application/json', body: '{"error":"method not allowed"}' });
    answerProbe(path, sources).then(
      (answer) =>
        reply(answer ?? { status: 404, contentType: 'application/json', body: '{"error":"not found"}' }),
      () => reply({ status: 500, contentType: 'application/json', body: '{"error":"probe failed"}' }),
    );
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
