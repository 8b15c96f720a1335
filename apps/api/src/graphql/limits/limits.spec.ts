import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { aliasLimitRule, costLimitRule, depthLimitRule } from '.';
import { stripSuggestions } from '../errors/error-formatter';

// A cyclic schema, like Case.referrals / Referral.case: the shape depth attacks need.
const schema = buildSchema(`
  type Query { node(id: ID!): Node, list(first: Int): [Node!]! }
  type Node { id: ID!, child: Node, children(first: Int): [Node!]! }
`);

function errors(query: string, rules = [depthLimitRule(3), aliasLimitRule(3), costLimitRule(100)]): string[] {
  return validate(schema, parse(query), [...specifiedRules, ...rules]).map((e) => e.message);
}

describe('depth limit', () => {
  it('accepts a query at the limit and rejects one beyond it', () => {
    expect(errors('{ node(id: 1) { child { id } } }')).toEqual([]);
    expect(errors('{ node(id: 1) { child { child { id } } } }')).toEqual(['Query exceeds the maximum depth of 3']);
  });

  it('counts depth through named fragments (no bypass by hiding nesting in fragments)', () => {
    const query = `
      query { node(id: 1) { ...A } }
      fragment A on Node { child { ...B } }
      fragment B on Node { child { id } }
    `;
    expect(errors(query)).toContain('Query exceeds the maximum depth of 3');
  });

  it('counts depth through inline fragments', () => {
    expect(errors('{ node(id: 1) { ... on Node { child { ... on Node { child { id } } } } } }')).toContain(
      'Query exceeds the maximum depth of 3',
    );
  });

  it('does not loop on fragment cycles (graphql reports the cycle itself)', () => {
    const result = errors('{ node(id: 1) { ...A } } fragment A on Node { child { ...A } }');
    expect(result.some((m) => m.includes('Cannot spread fragment "A" within itself'))).toBe(true);
  });

  it('exempts introspection', () => {
    expect(errors('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }')).toEqual([]);
  });
});

describe('alias limit', () => {
  it('rejects more aliases than allowed, counting each use of a fragment', () => {
    expect(errors('{ a: node(id: 1) { id } b: node(id: 2) { id } c: node(id: 3) { id } }')).toEqual([]);
    const viaFragment = `{ node(id: 1) { ...F } list { ...F } } fragment F on Node { x: id y: id }`;
    expect(errors(viaFragment)).toContain('Query uses more than 3 aliases');
  });
});

describe('cost limit', () => {
  it('multiplies by page sizes', () => {
    expect(errors('{ list(first: 10) { id } }')).toEqual([]);
    expect(errors('{ list(first: 50) { children(first: 50) { id } } }')).toContain('Query exceeds the maximum cost of 100');
  });
});

describe('suggestion stripping', () => {
  it('removes "Did you mean" hints from graphql messages', () => {
    const [message] = errors('{ nod(id: 1) { id } }', []);
    expect(message).toContain('Did you mean');
    expect(stripSuggestions(message!)).toBe('Cannot query field "nod" on type "Query".');
  });
});
