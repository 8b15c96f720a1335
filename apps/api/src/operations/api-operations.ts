import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Connection } from '@temporalio/client';
import { type DocumentNode, type ExecutionResult, Kind, type OperationDefinitionNode } from 'graphql';
import { DataSource } from 'typeorm';
import {
  answerProbe,
  databaseCheck,
  LATENCY_BUCKETS,
  migrationsCheck,
  ProcessMetrics,
  Readiness,
  type ReadinessCheck,
  registerReferralGauges,
} from '@lib/operations';
import { TEMPORAL_CONNECTION } from '@lib/temporal';

export interface ApiOperations {
  readiness: Readiness;
  metrics: ProcessMetrics;
}

const byApp = new WeakMap<NestFastifyApplication, ApiOperations>();
let processMetrics: ProcessMetrics | undefined;

/** The readiness and metrics of an app built by createApiApp (main.ts drains with it on SIGTERM). */
export function apiOperations(app: NestFastifyApplication): ApiOperations {
  const ops = byApp.get(app);
  if (!ops) throw new Error('the app was not built by createApiApp');
  return ops;
}

/** Temporal answers (GetSystemInfo, 1.5 s deadline). */
function temporalCheck(connection: Connection): ReadinessCheck {
  return async () => {
    await connection.withDeadline(Date.now() + 1500, () => connection.workflowService.getSystemInfo({}));
  };
}

/**
 * Root fields of the operation executed: names the schema defines (the document was validated), hence a bounded
 * label; never variables or argument values.
 */
export function operationLabel(document: DocumentNode): { operation: string; type: string } {
  const op = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (!op) return { operation: 'none', type: 'none' };
  const fields = [
    ...new Set(op.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : 'fragment'))),
  ].sort();
  const operation = fields.length > 3 ? `${fields.slice(0, 3).join(',')},+more` : fields.join(',');
  return { operation, type: op.operation };
}

interface MercuriusHooks {
  addHook(
    name: 'preExecution',
    hook: (schema: unknown, document: DocumentNode, context: object) => Promise<void>,
  ): void;
  addHook(name: 'onResolution', hook: (execution: ExecutionResult, context: object) => Promise<void>): void;
}

/**
 * GET /health, /ready, /metrics on the API's own port, request metrics per HTTP route and per GraphQL operation, and
 * the referral gauges. Called by createApiApp after init (Mercurius is registered), before listen.
 */
export function installApiOperations(
  app: NestFastifyApplication,
  options: { temporalConnection: boolean },
): ApiOperations {
  const fastify = app.getHttpAdapter().getInstance();
  const dataSource = app.get(DataSource);
  // Tests that hand the app an already connected facade have no connection of the app's own to check.
  const connection = options.temporalConnection
    ? app.get<Connection>(TEMPORAL_CONNECTION, { strict: false })
    : null;
  const readiness = new Readiness({
    database: databaseCheck(dataSource),
    migrations: migrationsCheck(dataSource),
    ...(connection ? { temporal: temporalCheck(connection) } : {}),
  });
  const metrics = (processMetrics ??= new ProcessMetrics('api'));
  registerReferralGauges(metrics, dataSource);

  const httpRequests = metrics.counter('nrm_http_requests_total', 'HTTP requests by route and status code.', [
    'route',
    'method',
    'status',
  ]);
  const httpDuration = metrics.histogram(
    'nrm_http_request_duration_seconds',
    'HTTP request duration by route.',
    ['route', 'method'],
    LATENCY_BUCKETS,
  );
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequests.inc({ route, method: request.method, status: String(reply.statusCode) });
    httpDuration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
    done();
  });

  const operations = metrics.counter(
    'nrm_graphql_operations_total',
    'GraphQL operations executed, by root field(s) and outcome.',
    ['operation', 'type', 'outcome'],
  );
  const errors = metrics.counter(
    'nrm_graphql_errors_total',
    'GraphQL errors by root field(s) and error code.',
    ['operation', 'code'],
  );
  const duration = metrics.histogram(
    'nrm_graphql_operation_duration_seconds',
    'GraphQL execution time by root field(s).',
    ['operation', 'type'],
    LATENCY_BUCKETS,
  );
  const started = new WeakMap<object, { operation: string; type: string; at: bigint }>();
  const graphql = (fastify as unknown as { graphql?: MercuriusHooks }).graphql;
  graphql?.addHook('preExecution', (_schema, document, context) => {
    started.set(context, { ...operationLabel(document), at: process.hrtime.bigint() });
    return Promise.resolve();
  });
  graphql?.addHook('onResolution', (execution, context) => {
    const op = started.get(context);
    if (op) {
      const failed = (execution.errors?.length ?? 0) > 0;
      operations.inc({ operation: op.operation, type: op.type, outcome: failed ? 'error' : 'ok' });
      duration.observe(
        { operation: op.operation, type: op.type },
        Number(process.hrtime.bigint() - op.at) / 1e9,
      );
      for (const error of execution.errors ?? []) {
        const code = error.extensions?.code;
        errors.inc({
          operation: op.operation,
          code: typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'OTHER',
        });
      }
    }
    return Promise.resolve();
  });

  for (const path of ['/health', '/ready', '/metrics']) {
    fastify.get(path, async (_request, reply) => {
      const answer = await answerProbe(path, { readiness, metrics });
      if (!answer) return reply.code(404).send();
      return reply
        .code(answer.status)
        .header('content-type', answer.contentType)
        .header('cache-control', 'no-store')
        .send(answer.body);
    });
  }
  const ops = { readiness, metrics };
  byApp.set(app, ops);
  return ops;
}
