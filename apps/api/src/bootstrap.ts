import { randomUUID } from 'node:crypto';
import { type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type AppModuleOptions } from './app.module';
import { useJsonBodyParser } from './graphql/json-body.parser';
import { graphqlClientErrorHandler } from './graphql/errors/client-errors';
import { installApiOperations } from './operations/api-operations';
import { apiLogger, logFormatFromEnv } from './logging/api-logger';
import { installOverloadProtection } from './overload/overload-protection';
import { type ConsoleWebConfig, consoleWebConfigFromEnv } from './web/console-web-config';
import { installConsoleWeb } from './web/console-web';

export type ApiAppOptions = AppModuleOptions & {
  /** The staff console served at `/` (apps/api/src/web); unset fields come from the environment. */
  console?: Partial<ConsoleWebConfig>;
};

/**
 * Builds the Fastify + Mercurius application (not listening). Used by main.ts and by the e2e tests.
 * Fastify's own logger stays off: request logs could carry query variables (personal data). Signal handling (one
 * close, then the embedded database) belongs to the caller: main.ts.
 */
export async function createApiApp(
  options: ApiAppOptions,
  logLevels: LogLevel[] = ['error', 'warn', 'log'],
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: false,
    genReqId: () => randomUUID(),
    bodyLimit: options.config.bodyLimitBytes,
    // Requests Node's HTTP parser refuses (headers too large, malformed) get a GraphQL-shaped answer too.
    clientErrorHandler: graphqlClientErrorHandler,
  });
  // GraphQL travels as application/json (or mercurius' application/graphql): anything else is 415. Nest's own
  // parsers (JSON, and urlencoded forms) are off: see json-body.parser.ts.
  useJsonBodyParser(adapter.getInstance(), options.config.bodyLimitBytes);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: apiLogger(logFormatFromEnv(options.config.production), logLevels),
    abortOnError: false,
    bodyParser: false,
  });
  await app.init();
  installApiOperations(app, { temporalConnection: options.temporal !== undefined && !options.referralProcess }); // GET /health, /ready, /metrics and request metrics (apps/api/src/operations)
  await installOverloadProtection(app, options.config.overload); // 503 / 429 on /graphql under overload (apps/api/src/overload)
  // The console at `/`, security headers and no-store on every response (apps/api/src/web)
  await installConsoleWeb(app, consoleWebConfigFromEnv(process.env, options.console), { production: options.config.production });
  return app;
}
