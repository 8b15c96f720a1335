import { randomUUID } from 'node:crypto';
import { type MercuriusDriverConfig, MercuriusDriver } from '@nestjs/mercurius';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type ApiConfig } from '../config/api-config';
import { formatGraphqlErrors } from './errors/error-formatter';
import { type GraphqlContext } from './graphql-context';
import { queryLimitRules } from './limits';

/** Mercurius options: JIT, limits, no suggestions, introspection and GraphiQL only outside production. */
export function graphqlOptions(config: ApiConfig): MercuriusDriverConfig {
  return {
    driver: MercuriusDriver,
    path: '/graphql',
    jit: 1,
    graphiql: !config.production,
    autoSchemaFile: config.schemaFile ?? true,
    sortSchema: true,
    // Guards and filters also run on @ResolveField (the field-level checks on survivor data rely on it).
    fieldResolverEnhancers: ['guards', 'filters', 'interceptors'],
    validationRules: queryLimitRules(config.production),
    context: (req: FastifyRequest, reply: FastifyReply): GraphqlContext => ({
      req,
      reply,
      requestId: typeof req.id === 'string' && req.id !== '' ? req.id : randomUUID(),
    }),
    errorFormatter: (execution) => formatGraphqlErrors(execution),
  };
}
