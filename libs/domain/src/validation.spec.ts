import { DomainError, DomainErrorCode } from './errors';
import { ReferralStatus } from './referral';
import {
  InputIssues,
  isUuid,
  optionalText,
  requireCalendarDate,
  requireDate,
  requireEnum,
  requireEnumArray,
  requireFutureDate,
  requirePastOrPresentDate,
  requirePositiveNumber,
  requireText,
  requireUuid,
} from './validation';

function err(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('no error');
}
const P = ['input', 'f'];
const now = new Date('2026-11-22T10:00:00Z');

describe('validation helpers', () => {
  it('requireText trims and checks bounds', () => {
    expect(requireText('  a  ', P)).toBe('a');
    expect(err(() => requireText('   ', P)).fields).toEqual([{ path: P, message: 'must not be empty' }]);
    expect(err(() => requireText(3, P)).code).toBe(DomainErrorCode.BAD_INPUT);
    expect(err(() => requireText('abc', P, { minLength: 4 })).fields[0]?.message).toMatch(/at least 4/);
    expect(requireText('abcd', P, { minLength: 4, maxLength: 4 })).toBe('abcd');
    expect(err(() => requireText('abcde', P, { maxLength: 4 })).fields[0]?.message).toMatch(/at most 4/);
  });

  it('optionalText', () => {
    expect(optionalText(undefined, P)).toBeNull();
    expect(optionalText(null, P)).toBeNull();
    expect(optionalText('  ', P)).toBeNull();
    expect(optionalText(' x ', P)).toBe('x');
    expect(() => optionalText(5, P)).toThrow(DomainError);
  });

  it('requireEnum / requireEnumArray', () => {
    expect(requireEnum(ReferralStatus, 'PENDING', P)).toBe(ReferralStatus.PENDING);
    expect(err(() => requireEnum(ReferralStatus, 'pending', P)).fields[0]?.path).toEqual(P);
    expect(requireEnumArray(ReferralStatus, ['PENDING', 'ACCEPTED', 'PENDING'], P)).toEqual([
      'PENDING',
      'ACCEPTED',
    ]);
    expect(err(() => requireEnumArray(ReferralStatus, [], P)).fields[0]?.message).toBe('must not be empty');
    expect(requireEnumArray(ReferralStatus, [], P, { allowEmpty: true })).toEqual([]);
    expect(err(() => requireEnumArray(ReferralStatus, ['PENDING', 'X'], P)).fields[0]?.path).toEqual([
      ...P,
      '1',
    ]);
    expect(err(() => requireEnumArray(ReferralStatus, 'PENDING', P)).fields[0]?.message).toBe(
      'must be a list',
    );
  });

  it('dates', () => {
    expect(requireDate('2026-11-22T10:00:00Z', P).toISOString()).toBe('2026-11-22T10:00:00.000Z');
    expect(requireDate('2026-11-22T14:00:00+04:00', P).toISOString()).toBe('2026-11-22T10:00:00.000Z');
    expect(() => requireDate('2026-11-22', P)).toThrow(DomainError); // no offset: ambiguous
    expect(() => requireDate('2026-13-40T10:00:00Z', P)).toThrow(DomainError);
    expect(() => requireDate(new Date('nope'), P)).toThrow(DomainError);
    expect(requireFutureDate('2026-11-22T10:00:01Z', now, P)).toBeInstanceOf(Date);
    expect(err(() => requireFutureDate('2026-11-22T10:00:00Z', now, P)).fields[0]?.message).toBe(
      'must be in the future',
    );
    expect(requirePastOrPresentDate(now, now, P)).toBe(now);
    expect(() => requirePastOrPresentDate('2026-11-22T10:00:01Z', now, P)).toThrow(DomainError);
    expect(requireCalendarDate('2024-02-29', P)).toBe('2024-02-29');
    expect(() => requireCalendarDate('2025-02-29', P)).toThrow(DomainError);
    expect(() => requireCalendarDate('2025-2-1', P)).toThrow(DomainError);
  });

  it('uuid and numbers', () => {
    const id = '3F2504E0-4F89-11D3-9A0C-0305E82C3301';
    expect(requireUuid(id, P)).toBe(id.toLowerCase());
    expect(isUuid(id)).toBe(true);
    expect(isUuid('x')).toBe(false);
    expect(() => requireUuid('not-a-uuid', P)).toThrow(DomainError);
    expect(requirePositiveNumber(0.5, P)).toBe(0.5);
    expect(() => requirePositiveNumber(0, P)).toThrow(DomainError);
    expect(() => requirePositiveNumber(-1, P)).toThrow(DomainError);
    expect(() => requirePositiveNumber(Number.NaN, P)).toThrow(DomainError);
  });

  it('InputIssues collects every field and rethrows foreign errors', () => {
    const issues = new InputIssues();
    expect(issues.check(() => requireText('', ['input', 'a']))).toBeUndefined();
    expect(issues.check(() => requireText('ok', ['input', 'b']))).toBe('ok');
    issues.add(['input', 'c'], 'bad');
    const e = err(() => issues.throwIfAny());
    expect(e.fields.map((f) => f.path.join('.'))).toEqual(['input.a', 'input.c']);
    expect(() => new InputIssues().throwIfAny()).not.toThrow();
    expect(() =>
      new InputIssues().check(() => {
        throw new TypeError('boom');
      }),
    ).toThrow(TypeError);
  });
});
