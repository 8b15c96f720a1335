import { type DeadlinePolicy, ProtectionOrderKind, protectionOrderExpiryAlertAt, validateProtectionOrderTerm } from './deadline-policy';
import { DomainError } from './errors';
import { type FieldPath } from './validation';

/**
 * Protection orders (Law No. 1058-IIIQ, Articles 10-12; domain.md): applied for, then issued (short-term by the
 * executive authority, long-term by a court), extended, expired; breaches reported. The terms are policy data
 * (DeadlinePolicy.protectionOrder); these are the pure rules on top of them.
 */
export enum ProtectionOrderStatus {
  APPLIED = 'APPLIED',
  ISSUED = 'ISSUED',
  EXPIRED = 'EXPIRED',
}

export enum ProtectionOrderIssuer {
  EXECUTIVE_AUTHORITY = 'EXECUTIVE_AUTHORITY',
  COURT = 'COURT',
}

/**
 * What an issued order forbids or requires of the perpetrator, as codes (no free text, so no personal data): the
 * prohibitions protection orders commonly carry. The order's own text (the authority's or the court's) governs; these
 * codes are what the police enforce and what a breach is reported against.
 */
export enum ProtectionOrderCondition {
  /** Not to commit domestic violence against the protected person. */
  NO_VIOLENCE = 'NO_VIOLENCE',
  /** No contact, directly or through others (calls, messages, social media). */
  NO_CONTACT = 'NO_CONTACT',
  /** Not to approach the protected person's home, work or school. */
  NO_APPROACH = 'NO_APPROACH',
  /** Not to seek out where the protected person is staying. */
  NO_SEARCH = 'NO_SEARCH',
  /** To leave, and keep away from, the shared home. */
  LEAVE_SHARED_HOME = 'LEAVE_SHARED_HOME',
  /** To hand over weapons and not acquire any. */
  SURRENDER_WEAPONS = 'SURRENDER_WEAPONS',
  /** Contact with the children only as the order allows. */
  CHILD_CONTACT_RESTRICTED = 'CHILD_CONTACT_RESTRICTED',
  /** To attend a perpetrator programme. */
  ATTEND_PROGRAMME = 'ATTEND_PROGRAMME',
}

/** Checks an issued order's conditions: at least one, each once (BAD_INPUT at input.conditions, never echoed). */
export function validateProtectionOrderConditions(raw: unknown): ProtectionOrderCondition[] {
  const path: FieldPath = ['input', 'conditions'];
  const allowed = new Set<string>(Object.values(ProtectionOrderCondition));
  if (!Array.isArray(raw) || raw.length === 0) {
    throw DomainError.badInput('Invalid protection order', [{ path: [...path], message: 'must name at least one condition' }]);
  }
  const seen = new Set<string>();
  raw.forEach((c: unknown, i) => {
    if (typeof c !== 'string' || !allowed.has(c)) {
      throw DomainError.badInput('Invalid protection order', [{ path: [...path, String(i)], message: 'is not a known condition' }]);
    }
    if (seen.has(c)) throw DomainError.badInput('Invalid protection order', [{ path: [...path, String(i)], message: 'is repeated' }]);
    seen.add(c);
  });
  return [...seen] as ProtectionOrderCondition[];
}

/** Who issues each kind: a short-term order the executive authority, a long-term order a court. */
export function protectionOrderIssuer(kind: ProtectionOrderKind): ProtectionOrderIssuer {
  switch (kind) {
    case ProtectionOrderKind.SHORT_TERM:
      return ProtectionOrderIssuer.EXECUTIVE_AUTHORITY;
    case ProtectionOrderKind.LONG_TERM:
      return ProtectionOrderIssuer.COURT;
  }
}

const FOURTEEN_DAYS_MS = 14 * 24 * 3_600_000;

/**
 * When to alert the case owner and the police before an order expires: the policy's offset (7 days) before expiry, or
 * half-way through the term when the term is shorter than 14 days (domain.md).
 */
export function protectionOrderAlertAt(policy: DeadlinePolicy, issuedAt: Date, expiresAt: Date): Date {
  const term = expiresAt.getTime() - issuedAt.getTime();
  if (term < FOURTEEN_DAYS_MS) return new Date(issuedAt.getTime() + Math.round(term / 2));
  return protectionOrderExpiryAlertAt(policy, expiresAt);
}

/**
 * Checks an issuance: issued at or after the application and not in the future, a term the kind allows (BAD_INPUT at
 * input.issuedAt / input.expiresAt). Returns the expiry alert instant.
 */
export function validateProtectionOrderIssue(
  policy: DeadlinePolicy,
  kind: ProtectionOrderKind,
  appliedAt: Date,
  issuedAt: Date,
  expiresAt: Date,
  now: Date,
): Date {
  const issuedPath: FieldPath = ['input', 'issuedAt'];
  if (issuedAt.getTime() < appliedAt.getTime()) {
    throw DomainError.badInput('Invalid protection order', [{ path: [...issuedPath], message: 'must not be before the application' }]);
  }
  if (issuedAt.getTime() > now.getTime()) {
    throw DomainError.badInput('Invalid protection order', [{ path: [...issuedPath], message: 'must not be in the future' }]);
  }
  validateProtectionOrderTerm(policy, kind, issuedAt, expiresAt, ['input', 'expiresAt']);
  return protectionOrderAlertAt(policy, issuedAt, expiresAt);
}

/** Checks an extension: a later expiry, still within the kind's maximum term counted from the issue date. */
export function validateProtectionOrderExtension(
  policy: DeadlinePolicy,
  kind: ProtectionOrderKind,
  issuedAt: Date,
  currentExpiresAt: Date,
  newExpiresAt: Date,
): Date {
  if (newExpiresAt.getTime() <= currentExpiresAt.getTime()) {
    throw DomainError.badInput('Invalid extension', [{ path: ['input', 'expiresAt'], message: 'must be after the current expiry' }]);
  }
  validateProtectionOrderTerm(policy, kind, issuedAt, newExpiresAt, ['input', 'expiresAt']);
  return protectionOrderAlertAt(policy, issuedAt, newExpiresAt);
}
