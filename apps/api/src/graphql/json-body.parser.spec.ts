import { jsonNestsDeeperThan } from './json-body.parser';

describe('jsonNestsDeeperThan', () => {
  it('counts nesting of arrays and objects, not brackets inside strings or escaped quotes', () => {
    expect(jsonNestsDeeperThan('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(jsonNestsDeeperThan(JSON.stringify({ query: '{'.repeat(100) + '[['.repeat(50) }), 2)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify({ q: '\\"[[[[[[' }) + '', 1)).toBe(false);
    expect(jsonNestsDeeperThan('['.repeat(100_000) + ']'.repeat(100_000), 32)).toBe(true);
    expect(jsonNestsDeeperThan('[' + '[],'.repeat(1000) + '[]]', 2)).toBe(false);
    expect(jsonNestsDeeperThan('', 32)).toBe(false);
  });
});
