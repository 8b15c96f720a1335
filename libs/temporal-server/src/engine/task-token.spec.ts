import { decodeToken, encodeToken, isStandaloneToken, type TokenData } from './task-token';

describe('task tokens', () => {
  const runId = 'd3b07384-d9a7-4f3e-9c1a-0a5b8c3e2f11';

  it.each<TokenData>([
    { k: 'wft', r: runId, s: 3, a: 1 },
    { k: 'act', r: runId, s: 12, a: 4 },
    { k: 'q', r: runId, q: '6f1c2a9e-51b4-4c2e-8a57-1f0e9d3c4b7a' },
    { k: 'sa', r: runId, a: 2 },
  ])('reads back what it wrote ($k)', (t) => {
    expect(decodeToken(encodeToken(t))).toEqual(t);
  });

  it('still reads the JSON tokens handed out before', () => {
    const legacy = Buffer.from(JSON.stringify({ k: 'act', r: runId, s: 5, a: 2 }), 'utf8');
    expect(decodeToken(legacy)).toEqual({ k: 'act', r: runId, s: 5, a: 2 });
  });

  it.each([['nothing', ''], ['an unknown kind', `x|${runId}|1|1`], ['a non-numeric event id', `wft|${runId}|one|1`], ['extra fields', `q|${runId}|a|b`], ['broken JSON', '{"k":'], ['JSON without a kind', '{}']])(
    'rejects %s',
    (_name, text) => {
      expect(decodeToken(Buffer.from(text, 'utf8'))).toBeUndefined();
    },
  );

  it('tells a standalone activity’s token from a workflow activity’s without parsing it', () => {
    expect(isStandaloneToken(encodeToken({ k: 'sa', r: runId, a: 1 }))).toBe(true);
    expect(isStandaloneToken(Buffer.from(JSON.stringify({ k: 'sa', r: runId, a: 1 }), 'utf8'))).toBe(true);
    expect(isStandaloneToken(encodeToken({ k: 'act', r: runId, s: 5, a: 1 }))).toBe(false);
    expect(isStandaloneToken(Buffer.alloc(0))).toBe(false);
  });
});
