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
