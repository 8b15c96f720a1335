import { GraphQLScalarType, Kind } from 'graphql';
import { canonicalUuid } from '@lib/domain';

/**
 * A refusal by one of the API's own input scalars. Its message is fixed text (never the value), so the error
 * formatter may show it as the field's problem (see errors/error-formatter.ts).
 */
export class InputScalarError extends TypeError {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'InputScalarError';
  }
}

/** The problem a malformed UUID is reported with. */
export const UUID_PROBLEM = 'must be a UUID (8-4-4-4-12 hexadecimal digits)';

function parse(value: unknown): string {
  const id = canonicalUuid(value);
  if (id === null) throw new InputScalarError(UUID_PROBLEM);
  return id;
}

/**
 * Every id the API takes (arguments and input fields): validated and lower-cased during GraphQL coercion, before a
 * guard, service, hash, idempotency key or workflow id sees it. Upper and lower case therefore name the same record.
 * Ids in responses are always in this canonical form.
 */
export const GraphQLUUID = new GraphQLScalarType<string, string>({
  name: 'UUID',
  description:
    'A UUID in its canonical text form, 8-4-4-4-12 hexadecimal digits, as every id argument takes it: any case is accepted and means the same record (ids in responses are always lower case).',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc9562',
  serialize(value: unknown): string {
    const id = canonicalUuid(value);
    if (id === null) throw new TypeError('UUID cannot represent this value');
    return id;
  },
  parseValue: parse,
  parseLiteral(ast): string {
    if (ast.kind !== Kind.STRING) throw new InputScalarError(UUID_PROBLEM);
    return parse(ast.value);
  },
});
