import { randomUUID } from 'node:crypto';
import { type Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { GraphqlErrorCode } from './graphql-error-code';

const logger = new Logger('HttpErrors');

interface ClientRefusal {
  status: 400 | 408 | 431;
  reason: string;
  message: string;
}

/** Node's HTTP parser error (or a timeout) → the answer; never the parser's message, which can quote the request. */
function refusalOf(code: string): ClientRefusal {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, reason: 'Request Header Fields Too Large', message: 'Request headers too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request Timeout', message: 'Request timed out' };
    default:
      return { status: 400, reason: 'Bad Request', message: 'Malformed HTTP request' };
  }
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refuses before Fastify sees it (headers too large,
 * malformed request line or headers) gets the same GraphQL-shaped answer as every other transport error
 * (`{ errors: [{ message, extensions: { code, requestId } }] }`) and one log line with the request id and the
 * parser's error code, instead of Fastify's default body. Nothing of the request is repeated.
 */
export function graphqlClientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  const code = typeof error.code === 'string' ? error.code : 'UNKNOWN';
  if (code === 'ECONNRESET' || code === 'EPIPE' || !socket.writable) {
    socket.destroy();
    return;
  }
  const refusal = refusalOf(code);
  const requestId = randomUUID();
  logger.log({ msg: 'Request refused', requestId, status: refusal.status, errorClass: code });
  const body = JSON.stringify({
    errors: [{ message: refusal.message, extensions: { code: GraphqlErrorCode.BAD_REQUEST, requestId } }],
  });
  socket.end(
    `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      'Cache-Control: no-store\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
