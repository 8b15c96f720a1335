import { type ExecutionResult, type FormattedExecutionResult, GraphQLError } from 'graphql';
import { InputScalarError } from '../uuid.scalar';
import { GraphqlErrorCode } from './graphql-error-code';
import { literalPathOf } from './literal-paths.rule';

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
// The last match: the path follows the (echoed) value, which could itself contain something path-like.
const AT_PATH = / at "([\w.[\]]+)"; (?!.* at "[\w.[\]]+"; )/s;
const MISSING_FIELD = /Field "(\w+)" of required type "[^"]+" was not provided\.$/;

/** The problem reported by one of our own input scalars (fixed text, never the value), if that is the cause. */
function scalarProblem(error: GraphQLError | undefined): string | undefined {
  let cause: unknown = error?.originalError;
  while (cause instanceof GraphQLError) cause = cause.originalError;
  return cause instanceof InputScalarError ? cause.problem : undefined;
}

/**
 * graphql-js variable-coercion errors echo the submitted value (possibly a whole input object with personal data).
 * Rebuild them from the path and the kind of problem only, as BAD_USER_INPUT with field paths like domain errors.
 */
export function variableError(message: string, scalarReason?: string): JsonError | null {
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
  } else if (scalarReason !== undefined) {
    problem = scalarReason;
  }
  return {
    message: `Invalid value for variable $${variable[1]!} at ${path}: ${problem}`,
    extensions: { code: GraphqlErrorCode.BAD_USER_INPUT, fields: [{ path, message: problem }] },
  };
}

const LITERAL = /^(Expected value of type "|Value .* does not exist in "|Enum "\w+" cannot represent |(Int|Float|String|Boolean|ID) cannot represent )/s;

/**
 * graphql-js validation errors about a value written inline in the query echo it ("found <value>"). Rebuild them
 * from the value's path (recorded by literalPathRule) and the kind of problem only.
 */
export function literalError(error: GraphQLError): JsonError | null {
  if (!LITERAL.test(error.message)) return null;
  const path = literalPathOf(error.nodes?.[0]);
  if (path === undefined) return null;
  const problem = / does not exist in "|^Enum "/.test(error.message) ? 'is not an allowed value' : (scalarProblem(error) ?? 'has the wrong type');
  return {
    message: `Invalid value at ${path}: ${problem}`,
    locations: error.locations,
    extensions: { code: GraphqlErrorCode.BAD_USER_INPUT, fields: [{ path, message: problem }] },
  };
}

const SYNTAX = /^Syntax Error: /;

/** graphql-js syntax errors quote the offending token (`Unexpected Name "..."`, `Invalid character: "..."`): drop it. */
export function syntaxError(error: GraphQLError): JsonError | null {
  if (!SYNTAX.test(error.message)) return null;
  const message = error.message.replace(/\s*"(?:[^"\\]|\\.)*"\.?/g, '').replace(/:\s*$/, '').replace(/\s*\.$/, '');
  return { message: `${message}.`, locations: error.locations, extensions: { code: GraphqlErrorCode.GRAPHQL_PARSE_FAILED } };
}

/** A GraphQL name or type reference (`$id`, `Case`, `[UUID!]!`): part of the query's syntax, safe to name back. */
const GRAPHQL_NAME = /^\$?\[*[_A-Za-z][_0-9A-Za-z]*[!\]]*$/;

/**
 * graphql-js and mercurius validation messages quote what the request said (`Unknown operation named "…"`): keep
 * quoted GraphQL names and types, drop anything else (a value or free text the client sent).
 */
export function unquoteValues(message: string): string {
  return message.replace(/"((?:[^"\\]|\\.)*)"/g, (quoted, inner: string) => (GRAPHQL_NAME.test(inner) ? quoted : '(not shown)'));
}

function format(error: GraphQLError): JsonError {
  const code = error.extensions?.code;
  if (typeof code === 'string') {
    const message = code === String(GraphqlErrorCode.GRAPHQL_VALIDATION_FAILED) ? unquoteValues(stripSuggestions(error.message)) : stripSuggestions(error.message);
    return { message, locations: error.locations, path: error.path, extensions: { ...error.extensions } };
  }
  // Coercion, inline-value and syntax errors from graphql-js (some caused by our own input scalars): rebuilt.
  const rebuilt = variableError(error.message, scalarProblem(error)) ?? literalError(error) ?? syntaxError(error);
  if (rebuilt) return rebuilt;
  if (error.originalError && !(error.originalError instanceof GraphQLError)) {
    // Not mapped by the exception filter (should not happen): never echo it.
    return { message: 'Internal error', path: error.path, extensions: { code: GraphqlErrorCode.INTERNAL_SERVER_ERROR } };
  }
  // Other validation errors from graphql-js itself.
  return {
    message: unquoteValues(stripSuggestions(error.message)),
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
