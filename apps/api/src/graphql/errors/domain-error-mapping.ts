import { GraphQLError } from 'graphql';
import { DomainError, DomainErrorCode } from '@lib/domain';
import { GraphqlErrorCode } from './graphql-error-code';

/** THE mapping from domain error codes to GraphQL codes. Exhaustive: a new DomainErrorCode fails type-checking here. */
export function graphqlCodeFor(code: DomainErrorCode): GraphqlErrorCode {
  switch (code) {
    case DomainErrorCode.BAD_INPUT:
      return GraphqlErrorCode.BAD_USER_INPUT;
    case DomainErrorCode.NOT_FOUND:
      return GraphqlErrorCode.NOT_FOUND;
    case DomainErrorCode.FORBIDDEN:
    case DomainErrorCode.CONSENT_REQUIRED:
      return GraphqlErrorCode.FORBIDDEN;
    case DomainErrorCode.CONFLICT:
    case DomainErrorCode.INVALID_TRANSITION:
      return GraphqlErrorCode.CONFLICT;
    case DomainErrorCode.UNAUTHENTICATED:
      return GraphqlErrorCode.UNAUTHENTICATED;
  }
}

/** Extra, non-personal details some domain errors carry (e.g. the data categories a consent is missing). */
function allowListedDetails(error: DomainError): Record<string, unknown> {
  const details = (error as DomainError & { details?: unknown }).details;
  if (!details || typeof details !== 'object') return {};
  const out: Record<string, unknown> = {};
  const missing = (details as { missingCategories?: unknown }).missingCategories;
  if (Array.isArray(missing)) out.missingCategories = missing.filter((m): m is string => typeof m === 'string');
  return out;
}

/** Domain error → client-facing GraphQL error. Domain messages carry ids and field names only, never personal data. */
export function toGraphqlError(error: DomainError): GraphQLError {
  const code = graphqlCodeFor(error.code);
  const extensions: Record<string, unknown> = { code, reason: error.code, ...allowListedDetails(error) };
  if (error.fields.length > 0 || code === GraphqlErrorCode.BAD_USER_INPUT) {
    extensions.fields = error.fields.map((f) => ({ path: f.path.join('.'), message: f.message }));
  }
  return new GraphQLError(error.message, { extensions });
}
