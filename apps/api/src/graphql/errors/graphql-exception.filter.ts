import { type ArgumentsHost, Catch } from '@nestjs/common';
import { type GqlExceptionFilter, GqlExecutionContext } from '@nestjs/graphql';
import { type GraphqlContext } from '../graphql-context';
import { toClientError } from './to-client-error';

/** Global filter: every error leaving a resolver or guard is mapped (and never logged with its message). */
@Catch()
export class GraphqlExceptionFilter implements GqlExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): never {
    const ctx = GqlExecutionContext.create(host as Parameters<typeof GqlExecutionContext.create>[0]).getContext<GraphqlContext | undefined>();
    throw toClientError(exception, ctx?.requestId);
  }
}
