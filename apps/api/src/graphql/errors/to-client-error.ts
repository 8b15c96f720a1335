import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { DomainError } from '@lib/domain';
import { isWorkflowEngineUnavailable } from '@lib/temporal';
import { toGraphqlError } from './domain-error-mapping';
import { GraphqlErrorCode } from './graphql-error-code';
import { safeErrorSummary } from './safe-error-log';

const logger = new Logger('GraphqlErrors');

/** Nest HTTP exceptions thrown by framework pieces (guards returning false, pipes) → client codes. */
function fromHttpException(error: HttpException): GraphQLError {
  const status = error.getStatus();
  const mapped: Partial<Record<number, [GraphqlErrorCode, string]>> = {
    [HttpStatus.UNAUTHORIZED]: [GraphqlErrorCode.UNAUTHENTICATED, 'Authentication required'],
    [HttpStatus.FORBIDDEN]: [GraphqlErrorCode.FORBIDDEN, 'Not allowed'],
    [HttpStatus.NOT_FOUND]: [GraphqlErrorCode.NOT_FOUND, 'Not found'],
    [HttpStatus.BAD_REQUEST]: [GraphqlErrorCode.BAD_USER_INPUT, 'Invalid input'],
  };
  const [code, message] = mapped[status] ?? [GraphqlErrorCode.INTERNAL_SERVER_ERROR, 'Request failed'];
  return new GraphQLError(message, { extensions: code === GraphqlErrorCode.BAD_USER_INPUT ? { code, fields: [] } : { code } });
}

/**
 * Anything a resolver throws → the error the client sees. Unexpected errors become INTERNAL_SERVER_ERROR with a
 * generic message and the request id; what is logged about them is name, driver code and stack frames only.
 */
export function toClientError(error: unknown, requestId: string | undefined): GraphQLError {
  if (error instanceof DomainError) return toGraphqlError(error);
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string') return error;
  if (error instanceof HttpException) return fromHttpException(error);
  if (isWorkflowEngineUnavailable(error)) {
    // Not a fault of this process: the workflow engine is down or slow. Typed, so an integration knows to retry.
    logger.warn({ msg: 'Workflow engine unavailable', requestId, ...safeErrorSummary(error) });
    return new GraphQLError('The workflow engine did not answer; retry later (a retry never applies a change twice)', {
      extensions: { code: GraphqlErrorCode.SERVICE_UNAVAILABLE, requestId },
    });
  }
  logger.error({ msg: 'Unexpected error while resolving', requestId, ...safeErrorSummary(error) });
  return new GraphQLError(`Internal error (request ${requestId ?? 'unknown'})`, {
    extensions: { code: GraphqlErrorCode.INTERNAL_SERVER_ERROR, requestId },
  });
}
