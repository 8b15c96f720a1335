import { findActiveStaffId, parseTokenCliArgs, parseTtl, type Queryable } from './token-args';

describe('token CLI arguments', () => {
  it('username with the default 12 h', () => {
    expect(parseTokenCliArgs(['dost.manager'])).toEqual({ username: 'dost.manager', ttlSeconds: 43200 });
  });
  it('--ttl in h, m or s', () => {
    expect(parseTokenCliArgs(['dost.manager', '--ttl', '2h']).ttlSeconds).toBe(7200);
    expect(parseTokenCliArgs(['--ttl', '90m', 'x']).ttlSeconds).toBe(5400);
    expect(parseTtl('3600')).toBe(3600);
    expect(parseTtl('25h')).toBeNull();
    expect(parseTtl('12h')).toBe(43200);
    expect(parseTtl('0')).toBeNull();
    expect(parseTtl('1d')).toBeNull();
  });
  it('refuses a --ttl over the token lifetime cap (12 h by default, or the configured one)', () => {
    expect(() => parseTokenCliArgs(['dost.manager', '--ttl', '13h'])).toThrow(/invalid --ttl/);
    expect(parseTokenCliArgs(['dost.manager', '--ttl', '13h'], 24 * 3600).ttlSeconds).toBe(13 * 3600);
    expect(() => parseTokenCliArgs(['dost.manager', '--ttl', '2h'], 3600)).toThrow(/invalid --ttl/);
    expect(parseTokenCliArgs(['dost.manager'], 3600).ttlSeconds).toBe(3600);
  });
  it('refuses missing, extra or unknown arguments', () => {
    expect(() => parseTokenCliArgs([])).toThrow(/usage/);
    expect(() => parseTokenCliArgs(['a', 'b'])).toThrow(/unexpected argument b/);
    expect(() => parseTokenCliArgs(['a', '--admin'])).toThrow(/unexpected/);
    expect(() => parseTokenCliArgs(['a', '--ttl'])).toThrow(/invalid --ttl/);
  });
});

describe('findActiveStaffId', () => {
  const db = (rows: { id: string; active: boolean }[]): Queryable & { calls: unknown[][] } => {
    const calls: unknown[][] = [];
    return {
      calls,
      query: <R>(text: string, values: unknown[]) => {
        calls.push([text, values]);
        return Promise.resolve({ rows: rows as R[] });
      },
    };
  };
  it('returns the id of an active member, using a bound parameter', async () => {
    const q = db([{ id: 'id-1', active: true }]);
    await expect(findActiveStaffId(q, "x' OR 1=1")).resolves.toBe('id-1');
    expect(q.calls[0]?.[1]).toEqual(["x' OR 1=1"]);
  });
  it('refuses unknown and inactive members', async () => {
    await expect(findActiveStaffId(db([]), 'ghost')).rejects.toThrow(/no staff member/);
    await expect(findActiveStaffId(db([{ id: 'i', active: false }]), 'gone')).rejects.toThrow(/not active/);
  });
});
