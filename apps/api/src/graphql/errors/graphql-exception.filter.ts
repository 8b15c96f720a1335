import { type ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { type GqlExceptionFilter, GqlExecutionContext } from '@nestjs/graphql';
import { type FastifyReply } from 'fastify';
import { type GraphqlContext } from '../graphql-context';
import { safeErrorSummary } from './safe-error-log';
import { toClientError } from './to-client-error';

const logger = new Logger('HttpErrors');

/**
 * Global filter: every error leaving a resolver or guard is mapped (and never logged with its message). Plain HTTP
 * routes (unknown paths, GraphiQL assets) get their status and a generic body.
 */
@Catch()
export class GraphqlExceptionFilter implements GqlExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType<string>() !== 'graphql') {
      const status: number = exception instanceof HttpException ? exception.getStatus() : 500;
      if (!(exception instanceof HttpException)) logger.error({ msg: 'Unexpected HTTP error', ...safeErrorSummary(exception) });
      void host
        .switchToHttp()
        .getResponse<FastifyReply>()
        .status(status)
        .send({ statusCode: status, message: status === 404 ? 'Not found' : 'Request failed' });
      return;
    }
    const ctx = GqlExecutionContext.create(host as Parameters<typeof GqlExecutionContext.create>[0]).getContext<GraphqlContext | undefined>();
    throw toClientError(exception, ctx?.requestId);
  }
}
