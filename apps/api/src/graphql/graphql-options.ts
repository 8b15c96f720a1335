import { randomUUID } from 'node:crypto';
import { type MercuriusDriverConfig, MercuriusDriver } from '@nestjs/mercurius';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type ApiConfig } from '../config/api-config';
import { formatGraphqlErrors } from './errors/error-formatter';
import { literalPathRule } from './errors/literal-paths.rule';
import { MAX_QUERY_TOKENS, graphqlRouteErrorHandler } from './errors/transport-errors';
import { type GraphqlContext } from './graphql-context';
import { queryLimitRules } from './limits';

export interface GraphqlTuning {
  /**
   * false: no parsed-query cache, hence no JIT. Only for jest's VM runtime, where mercurius' dynamic `import()` of its
   * LRU cache cannot run; the real process always caches and JIT-compiles (jit: 1).
   */
  queryCache?: false;
}

/** Mercurius options: JIT, limits, no suggestions, introspection and GraphiQL only outside production. */
export function graphqlOptions(config: ApiConfig, tuning: GraphqlTuning = {}): MercuriusDriverConfig {
  const cacheAndJit = tuning.queryCache === false ? { cache: false } : { jit: 1 };
  return {
    driver: MercuriusDriver,
    path: '/graphql',
    ...cacheAndJit,
    graphiql: !config.production,
    autoSchemaFile: config.schemaFile ?? true,
    sortSchema: true,
    // Guards and filters also run on @ResolveField (the field-level checks on survivor data rely on it).
    fieldResolverEnhancers: ['guards', 'filters', 'interceptors'],
    // literalPathRule only records where inline values sit, for error messages that name the path, not the value.
    validationRules: [...queryLimitRules(config.production), literalPathRule],
    graphql: { parseOptions: { maxTokens: MAX_QUERY_TOKENS } },
    context: (req: FastifyRequest, reply: FastifyReply): GraphqlContext => ({
      req,
      reply,
      requestId: typeof req.id === 'string' && req.id !== '' ? req.id : randomUUID(),
    }),
    errorFormatter: (execution) => formatGraphqlErrors(execution),
    // Body too large, not JSON, wrong content type...: 400 / 413 / 415 with a request id, logged once.
    errorHandler: graphqlRouteErrorHandler,
  };
}
