import { Logger } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { GraphQLError, getOperationAST, parse } from 'graphql';
import { safeErrorSummary } from './safe-error-log';
import { MAX_JSON_DEPTH } from '../json-body.parser';
import { formatGraphqlErrors } from './error-formatter';
import { GraphqlErrorCode } from './graphql-error-code';

const logger = new Logger('HttpErrors');

/**
 * Most tokens a query may have: graphql-js' recursive-descent parser stops there, so a query nested 100,000 deep is
 * refused after 2,000 tokens (at most ~1,000 levels: graphql-js overflows the stack near 2,500) in well under a
 * millisecond. Real operations have a few hundred tokens.
 */
export const MAX_QUERY_TOKENS = 2000;

/** A request refused before GraphQL could read it. */
export interface TransportError {
  status: 400 | 405 | 413 | 415 | 429 | 503;
  code: GraphqlErrorCode;
  /** Fixed text: never the request's content or the parser's message (which can quote the body). */
  message: string;
  /** What is logged as the error class: Fastify's or mercurius' error code, or the error's class. */
  errorClass: string;
  /** Not logged one line per request (overload refusals come in floods: /metrics counts them). */
  quiet?: true;
}

/** Error codes of the overload protection (apps/api/src/overload); the reply carries Retry-After already. */
export const OVERLOADED_ERROR_CODE = 'NRM_ERR_OVERLOADED';
export const RATE_LIMITED_ERROR_CODE = 'NRM_ERR_RATE_LIMITED';

const BAD_REQUEST = (message: string, errorClass: string): TransportError => ({
  status: 400,
  code: GraphqlErrorCode.BAD_REQUEST,
  message,
  errorClass,
});

/**
 * Fastify's body parsing / route validation errors and mercurius' request errors → HTTP status, code and message.
 * null: not a transport error (GraphQL validation and execution errors keep their GraphQL answer).
 */
export function transportErrorOf(error: unknown): TransportError | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { code?: unknown; statusCode?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        code: GraphqlErrorCode.PAYLOAD_TOO_LARGE,
        message: 'Request body too large',
        errorClass: code,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        code: GraphqlErrorCode.UNSUPPORTED_MEDIA_TYPE,
        message: 'Unsupported content type: send application/json',
        errorClass: code,
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return BAD_REQUEST('Empty request body', code);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return BAD_REQUEST('Request body is not valid JSON', code);
    case 'NRM_ERR_JSON_TOO_DEEP':
      return BAD_REQUEST(`Request body nests deeper than ${MAX_JSON_DEPTH} levels`, code);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return BAD_REQUEST('Content-Length does not match the body', code);
    case OVERLOADED_ERROR_CODE:
      return {
        status: 503,
        code: GraphqlErrorCode.SERVICE_UNAVAILABLE,
        message: 'The service is overloaded: retry after the time in the Retry-After header',
        errorClass: code,
        quiet: true,
      };
    case RATE_LIMITED_ERROR_CODE:
      return {
        status: 429,
        code: GraphqlErrorCode.RATE_LIMITED,
        message: 'Too many requests: retry after the time in the Retry-After header',
        errorClass: code,
        quiet: true,
      };
    case 'MER_ERR_METHOD_NOT_ALLOWED':
      return {
        status: 405,
        code: GraphqlErrorCode.METHOD_NOT_ALLOWED,
        message: 'Mutations need POST',
        errorClass: code,
      };
    case 'MER_ERR_GQL_VALIDATION': {
      // Raised by mercurius for GET `variables`/`extensions` that are not JSON (a SyntaxError) and for a request
      // that does not match its route schema (an ajv error: no `query`, `variables` not an object...). GraphQL
      // validation errors carry GraphQLErrors instead and keep their GraphQL answer.
      if (error instanceof SyntaxError)
        return BAD_REQUEST('Query-string variables or extensions are not valid JSON', code);
      const inner: unknown[] = Array.isArray(e.errors) ? (e.errors as unknown[]) : [];
      const schemaError = inner.find((x) => typeof x === 'object' && x !== null && 'validation' in x);
      return schemaError
        ? BAD_REQUEST('Not a GraphQL request: a JSON object with a string "query" is expected', code)
        : null;
    }
  }
  // Any other client error from Fastify itself (headers, encodings...).
  if (
    code.startsWith('FST_') &&
    typeof e.statusCode === 'number' &&
    e.statusCode >= 400 &&
    e.statusCode < 500
  ) {
    return BAD_REQUEST('Bad request', code);
  }
  return null;
}

/**
 * An error mercurius raised before execution that is not one of its own request errors: a request that is not a
 * GraphQL request after all (no query, a query that is not GraphQL (mercurius then tries it as a JSON AST), an
 * operationName naming no operation)? null when the request is well-formed: the error is then our fault.
 */
export function malformedRequestOf(request: FastifyRequest): TransportError | null {
  const params = (request.method === 'GET' ? request.query : request.body) as {
    query?: unknown;
    operationName?: unknown;
  } | null;
  const source = params?.query;
  if (typeof source !== 'string' || source.trim() === '')
    return BAD_REQUEST('No GraphQL query in the request', 'MissingQuery');
  let operationName: string | undefined;
  if (typeof params?.operationName === 'string') operationName = params.operationName;
  try {
    const document = parse(source, { maxTokens: MAX_QUERY_TOKENS });
    if (getOperationAST(document, operationName) === null)
      return BAD_REQUEST('operationName names no operation of the query', 'UnknownOperation');
  } catch {
    return BAD_REQUEST('The query is not GraphQL', 'UnparsableQuery');
  }
  return null;
}

function requestIdOf(request: FastifyRequest): string {
  return typeof request.id === 'string' && request.id !== '' ? request.id : 'unknown';
}

/**
 * Mercurius `errorHandler` (the /graphql routes' Fastify error handler): transport failures answer their HTTP status
 * with a GraphQL-shaped body `{ errors: [{ message, extensions: { code, requestId } }] }` and one log line (request
 * id, status, error class: no body content); everything else is formatted as mercurius would, by our formatter.
 */
export function graphqlRouteErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const graphqlErrors =
    error instanceof GraphQLError ||
    (typeof error === 'object' && error !== null && Array.isArray((error as { errors?: unknown }).errors));
  const transport = transportErrorOf(error) ?? (graphqlErrors ? null : malformedRequestOf(request));
  if (transport) {
    const requestId = requestIdOf(request);
    if (!transport.quiet)
      logger.log({
        msg: 'Request refused',
        requestId,
        status: transport.status,
        errorClass: transport.errorClass,
      });
    void reply
      .code(transport.status)
      .send({ errors: [{ message: transport.message, extensions: { code: transport.code, requestId } }] });
    return;
  }
  if (!graphqlErrors) {
    // A well-formed request and an unexpected error outside any resolver: ours. Logged like resolver errors.
    const requestId = requestIdOf(request);
    logger.error({ msg: 'Unexpected error before execution', requestId, ...safeErrorSummary(error) });
    void reply.code(500).send({
      errors: [
        {
          message: `Internal error (request ${requestId})`,
          extensions: { code: GraphqlErrorCode.INTERNAL_SERVER_ERROR, requestId },
        },
      ],
    });
    return;
  }
  // GraphQL parse and validation errors (mercurius wraps them): the GraphQL answer, as mercurius would give it.
  const graphqlError =
    error instanceof GraphQLError
      ? error
      : new GraphQLError((error as Error).message, { originalError: error as Error });
  const { statusCode, response } = formatGraphqlErrors({ errors: [graphqlError] });
  void reply.code(statusCode).send(response);
}
