import { DEFAULT_DEADLINE_POLICY as P, ProtectionOrderKind as K } from './deadline-policy';
import { DomainError } from './errors';
import {
  ProtectionOrderCondition as C,
  ProtectionOrderIssuer,
  protectionOrderAlertAt,
  protectionOrderIssuer,
  validateProtectionOrderConditions,
  validateProtectionOrderExtension,
  validateProtectionOrderIssue,
} from './protection-order';

const D = 24 * 3_600_000;
const t0 = new Date('2026-12-01T10:00:00Z');
const at = (days: number) => new Date(t0.getTime() + days * D);

function fail(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected DomainError');
}

describe('protection order rules', () => {
  it('short-term orders come from the executive authority, long-term from a court', () => {
    expect(protectionOrderIssuer(K.SHORT_TERM)).toBe(ProtectionOrderIssuer.EXECUTIVE_AUTHORITY);
    expect(protectionOrderIssuer(K.LONG_TERM)).toBe(ProtectionOrderIssuer.COURT);
  });

  it('alerts exactly 7 days before expiry, or half-way through a term shorter than 14 days', () => {
    expect(protectionOrderAlertAt(P, t0, at(60))).toEqual(at(53));
    expect(protectionOrderAlertAt(P, t0, at(14))).toEqual(at(7));
    expect(protectionOrderAlertAt(P, t0, at(10))).toEqual(at(5));
  });

  it('issuance: a short-term order up to 60 days, a long-term one 60 to 180 days; not before the application, not in the future', () => {
    expect(validateProtectionOrderIssue(P, K.SHORT_TERM, t0, t0, at(60), at(1))).toEqual(at(53));
    expect(fail(() => validateProtectionOrderIssue(P, K.SHORT_TERM, t0, t0, at(61), at(1))).fields).toEqual([
      { path: ['input', 'expiresAt'], message: 'a short-term order is valid up to 60 DAYS' },
    ]);
    expect(validateProtectionOrderIssue(P, K.LONG_TERM, t0, at(1), at(181), at(1))).toEqual(at(174));
    expect(fail(() => validateProtectionOrderIssue(P, K.LONG_TERM, t0, at(1), at(60), at(1))).fields[0]?.path).toEqual(['input', 'expiresAt']);
    expect(fail(() => validateProtectionOrderIssue(P, K.SHORT_TERM, t0, at(-1), at(10), at(1))).fields).toEqual([
      { path: ['input', 'issuedAt'], message: 'must not be before the application' },
    ]);
    expect(fail(() => validateProtectionOrderIssue(P, K.SHORT_TERM, t0, at(2), at(10), at(1))).fields).toEqual([
      { path: ['input', 'issuedAt'], message: 'must not be in the future' },
    ]);
  });

  it('extension: later than the current expiry, within the maximum term from issuance', () => {
    expect(validateProtectionOrderExtension(P, K.SHORT_TERM, t0, at(30), at(60))).toEqual(at(53));
    expect(fail(() => validateProtectionOrderExtension(P, K.SHORT_TERM, t0, at(30), at(30))).fields[0]?.message).toBe('must be after the current expiry');
    expect(fail(() => validateProtectionOrderExtension(P, K.SHORT_TERM, t0, at(30), at(61))).fields[0]?.path).toEqual(['input', 'expiresAt']);
  });

  it('conditions: at least one, each a known code, each once; the path names the entry, never the value', () => {
    expect(validateProtectionOrderConditions([C.NO_CONTACT, C.NO_APPROACH])).toEqual([C.NO_CONTACT, C.NO_APPROACH]);
    expect(fail(() => validateProtectionOrderConditions([])).fields).toEqual([
      { path: ['input', 'conditions'], message: 'must name at least one condition' },
    ]);
    expect(fail(() => validateProtectionOrderConditions(undefined)).fields[0]?.path).toEqual(['input', 'conditions']);
    const unknown = fail(() => validateProtectionOrderConditions([C.NO_CONTACT, 'STAY_AT_HOME_SECRET']));
    expect(unknown.fields).toEqual([{ path: ['input', 'conditions', '1'], message: 'is not a known condition' }]);
    expect(JSON.stringify(unknown)).not.toContain('STAY_AT_HOME_SECRET');
    expect(fail(() => validateProtectionOrderConditions([C.NO_CONTACT, C.NO_CONTACT])).fields).toEqual([
      { path: ['input', 'conditions', '1'], message: 'is repeated' },
    ]);
  });
});
