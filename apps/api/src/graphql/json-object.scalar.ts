import { GraphQLScalarType, Kind } from 'graphql';

/** Output-only JSON object (timeline details: ids and enum values). Refuses input. */
export const GraphQLJSONObject = new GraphQLScalarType({
  name: 'JSONObject',
  description: 'A JSON object (output only).',
  serialize(value: unknown): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('JSONObject must be an object');
    return value as Record<string, unknown>;
  },
  parseValue(): never {
    throw new TypeError('JSONObject is output only');
  },
  parseLiteral(ast): never {
    throw new TypeError(`JSONObject is output only (got ${ast.kind === Kind.OBJECT ? 'object' : ast.kind})`);
  },
});
