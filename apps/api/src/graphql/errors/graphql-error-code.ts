/** The `extensions.code` values clients can rely on. */
export enum GraphqlErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  /** The query text is not GraphQL. */
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  /** Transport failures (HTTP 400 / 413 / 415 / 405): the request never reached GraphQL. */
  BAD_REQUEST = 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  /**
   * HTTP 503 with Retry-After: the API is at capacity and did no work for the request (apps/api/src/overload). Also,
   * inside a 200 answer, a mutation that needed the workflow engine while it did not answer: retry later.
   */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** HTTP 429 with Retry-After: the caller's (staff member's, organisation's or address's) budget is spent. */
  RATE_LIMITED = 'RATE_LIMITED',
}
