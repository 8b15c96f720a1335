import { DomainError } from '@lib/domain';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor';

const id = '3f1c2a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c';

function fieldsOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return (error as DomainError).fields;
  }
  throw new Error('expected a DomainError');
}

describe('keyset cursor', () => {
  it('round-trips a key at microsecond precision, or a null key, and is opaque', () => {
    for (const key of ['2026-11-22T07:01:02.123456Z', null]) {
      const raw = encodeKeysetCursor({ key, id });
      expect(raw).not.toContain(id);
      expect(decodeKeysetCursor(raw)).toEqual({ key, id });
    }
  });

  it('refuses anything it did not issue, on the given path, without echoing it', () => {
    const bad = [
      'not base64 json',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from(JSON.stringify(['2026-01-01T00:00:00Z', 'not-a-uuid'])).toString('base64url'),
      Buffer.from(JSON.stringify(['yesterday', id])).toString('base64url'),
      Buffer.from(JSON.stringify([1, id])).toString('base64url'),
    ];
    for (const raw of bad) {
      expect(fieldsOf(() => decodeKeysetCursor(raw, ['input', 'after']))).toEqual([{ path: ['input', 'after'], message: 'not a cursor returned by this API' }]);
    }
  });
});
