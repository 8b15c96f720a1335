import { DomainError, DomainErrorCode } from './errors';
import { ReferralStatus } from './referral';
import {
  InputIssues,
  canonicalUuid,
  dateRangeProblem,
  freeTextProblem,
  isUuid,
  keyProblem,
  plausibleDateRange,
  optionalText,
  requireCalendarDate,
  requireDate,
  requireEnum,
  requireEnumArray,
  requireFutureDate,
  requireKey,
  requirePastOrPresentDate,
  requirePlausibleCalendarDate,
  requirePlausibleDate,
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

describe('edge rules: canonical ids, keys, free text, plausible dates', () => {
  it('canonicalUuid accepts only 8-4-4-4-12 hex and lower-cases it', () => {
    expect(canonicalUuid('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301');
    for (const bad of [
      '{3f2504e0-4f89-11d3-9a0c-0305e82c3301}',
      'urn:uuid:3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      '3f2504e04f8911d39a0c0305e82c3301',
      ' 3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      '3f2504e0-4f89-11d3-9a0c-0305e82c3301\n',
      '3f2504e0-4f89-11d3-9a0c-0305e82c330g',
      '3f2504e0-4f89-11d3-9a0c-0305e82c3301\u0000',
      '３f2504e0-4f89-11d3-9a0c-0305e82c3301',
      '',
      5,
      null,
    ]) {
      expect(canonicalUuid(bad)).toBeNull();
    }
  });

  it('keys refuse every control, format and separator character, and length over 200', () => {
    expect(keyProblem('demo-1 ключ açar')).toBeNull();
    for (const c of ['\u0000', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u200b', '\u202e', '\u2066', '\u2028', '\u2029', '\ufeff', '\ud800']) {
      expect(keyProblem(`a${c}b`)).toBe('must not contain control, format or separator characters');
    }
    expect(keyProblem('x'.repeat(201))).toBe('must be at most 200 characters');
    const e = err(() => requireKey('a\u0000', P));
    expect(e.fields).toEqual([{ path: P, message: 'must not contain control, format or separator characters' }]);
    expect(e.message).not.toContain('\u0000');
  });

  it('free text keeps tab, new lines and bidi marks, refuses other C0 controls, DEL and lone surrogates', () => {
    expect(freeTextProblem('line 1\r\n\tline 2 \u202bمرحبا\u202c \u{1F600}')).toBeNull();
    for (const c of ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001f', '\u007f', '\udc00']) {
      expect(freeTextProblem(`a${c}b`)).toBe('must not contain control characters');
    }
  });

  it('plausible date ranges per kind, naming the bound and never the value', () => {
    const range = plausibleDateRange('PERSON_EVENT', now);
    expect(dateRangeProblem(new Date('1899-12-31T23:59:59Z'), range)).toBe('must not be before 1900-01-01');
    expect(dateRangeProblem(new Date('1900-01-01T00:00:00Z'), range)).toBeNull();
    expect(dateRangeProblem(new Date(now.getTime() + 1), range)).toBe('must not be after 2026-11-22');
    expect(dateRangeProblem(new Date(Number.NaN), range)).toBe('must be a valid date');
    expect(requirePlausibleDate(now, 'CONSENT_GRANTED', now, P)).toBe(now);
    expect(err(() => requirePlausibleDate(new Date('1999-12-31T00:00:00Z'), 'CONSENT_GRANTED', now, P)).fields[0]?.message).toBe(
      'must not be before 2000-01-01',
    );
    expect(err(() => requirePlausibleDate(new Date('2037-01-01T00:00:00Z'), 'CONSENT_EXPIRY', now, P)).fields[0]?.message).toBe(
      'must not be after 2036-11-22',
    );
    expect(requirePlausibleDate(new Date('2036-11-01T00:00:00Z'), 'CONSENT_EXPIRY', now, P)).toBeInstanceOf(Date);
    expect(dateRangeProblem(new Date('2026-11-23T09:00:00Z'), plausibleDateRange('REPORTING_PERIOD', now))).toBeNull();
    expect(dateRangeProblem(new Date('2026-11-24T10:00:01Z'), plausibleDateRange('REPORTING_PERIOD', now))).toMatch(/after/);
    expect(dateRangeProblem(new Date('+275760-09-13T00:00:00Z'), plausibleDateRange('ANY', now))).toMatch(/after/);
    expect(dateRangeProblem(new Date('0001-01-01T00:00:00Z'), plausibleDateRange('DEADLINE_FILTER', now))).toBe('must not be before 2000-01-01');
  });

  it('calendar dates of a person: 1900 to today', () => {
    expect(requirePlausibleCalendarDate('1900-01-01', 'PERSON_EVENT', now, P)).toBe('1900-01-01');
    expect(requirePlausibleCalendarDate('2026-11-22', 'PERSON_EVENT', now, P)).toBe('2026-11-22');
    expect(err(() => requirePlausibleCalendarDate('1899-12-31', 'PERSON_EVENT', now, P)).fields[0]?.message).toBe('must not be before 1900-01-01');
    expect(err(() => requirePlausibleCalendarDate('2026-11-23', 'PERSON_EVENT', now, P)).fields[0]?.message).toBe('must not be in the future');
    expect(err(() => requirePlausibleCalendarDate('0000-01-01', 'PERSON_EVENT', now, P)).fields[0]?.path).toEqual(P);
  });
});
