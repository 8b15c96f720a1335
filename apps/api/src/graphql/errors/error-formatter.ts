import { type ExecutionResult, type FormattedExecutionResult, GraphQLError } from 'graphql';
import { GraphqlErrorCode } from './graphql-error-code';

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** Removes graphql-js "Did you mean ...?" hints: they reveal schema names the client did not ask for. */
export function stripSuggestions(message: string): string {
  return message.replace(SUGGESTION, '').trim();
}

interface JsonError {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions: Record<string, unknown>;
}

function flatten(errors: readonly GraphQLError[]): GraphQLError[] {
  // Mercurius wraps validation failures in one error whose originalError carries the list.
  return errors.flatMap((error) => {
    const inner = (error.originalError as { errors?: unknown } | undefined)?.errors;
    if (Array.isArray(inner)) return inner.map((e) => (e instanceof GraphQLError ? e : new GraphQLError(String((e as Error).message ?? e))));
    return [error];
  });
}

const VARIABLE = /^Variable "\$(\w+)" got invalid value /;
const AT_PATH = / at "([\w.[\]]+)"; /;
const MISSING_FIELD = /Field "(\w+)" of required type "[^"]+" was not provided\.$/;

/**
 * graphql-js variable-coercion errors echo the submitted value (possibly a whole input object with personal data).
 * Rebuild them from the path and the kind of problem only, as BAD_USER_INPUT with field paths like domain errors.
 */
export function variableError(message: string): JsonError | null {
  const variable = VARIABLE.exec(message);
  if (!variable) return null;
  const base = AT_PATH.exec(message)?.[1] ?? variable[1]!;
  const missing = MISSING_FIELD.exec(message);
  let path = base;
  let problem = 'has the wrong type';
  if (missing) {
    path = `${base}.${missing[1]!}`;
    problem = 'is required';
  } else if (message.includes('does not exist in')) {
    problem = 'is not an allowed value';
  } else if (message.includes('is not defined by type')) {
    problem = 'is not a known field';
  }
  return {
    message: `Invalid value for variable $${variable[1]!} at ${path}: ${problem}`,
    extensions: { code: GraphqlErrorCode.BAD_USER_INPUT, fields: [{ path, message: problem }] },
  };
}

function format(error: GraphQLError): JsonError {
  const code = error.extensions?.code;
  if (typeof code === 'string') {
    return { message: stripSuggestions(error.message), locations: error.locations, path: error.path, extensions: { ...error.extensions } };
  }
  if (error.originalError && !(error.originalError instanceof GraphQLError)) {
    // Not mapped by the exception filter (should not happen): never echo it.
    return { message: 'Internal error', path: error.path, extensions: { code: GraphqlErrorCode.INTERNAL_SERVER_ERROR } };
  }
  const coercion = variableError(error.message);
  if (coercion) return coercion;
  // Parse and validation errors from graphql-js itself.
  return {
    message: stripSuggestions(error.message),
    locations: error.locations,
    path: error.path,
    extensions: { code: GraphqlErrorCode.GRAPHQL_VALIDATION_FAILED },
  };
}

/** Mercurius `errorFormatter`: allow-listed error shape, no suggestions, no logging of messages. */
export function formatGraphqlErrors(execution: ExecutionResult & { statusCode?: number }): {
  statusCode: number;
  response: FormattedExecutionResult;
} {
  const errors = flatten(execution.errors ?? []).map(format);
  const statusCode = execution.data ? 200 : (execution.statusCode ?? 200);
  return { statusCode, response: { data: execution.data ?? null, errors: errors } };
}
