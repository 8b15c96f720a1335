import { DomainError, DomainErrorCode } from './errors';
import { ReferralStatus } from './referral';
import { type FieldPath, requireText } from './validation';

/** Longest free-text reason / outcome note accepted. */
export const REFERRAL_TEXT_MAX_LENGTH = 2000;

export enum ReferralEventType {
  ACCEPT = 'ACCEPT',
  DECLINE = 'DECLINE',
  WITHDRAW = 'WITHDRAW',
  EXPIRE = 'EXPIRE',
  COMPLETE = 'COMPLETE',
  ESCALATE = 'ESCALATE',
}

export type ReferralEvent =
  | { type: ReferralEventType.ACCEPT }
  | { type: ReferralEventType.DECLINE; reason: string }
  | { type: ReferralEventType.WITHDRAW; reason: string }
  | { type: ReferralEventType.EXPIRE }
  | { type: ReferralEventType.COMPLETE; outcome: string }
  | { type: ReferralEventType.ESCALATE };

/** The result of a valid transition; free text trimmed. */
export interface ReferralTransition {
  from: ReferralStatus;
  to: ReferralStatus;
  declineReason: string | null;
  withdrawReason: string | null;
  outcomeNote: string | null;
}

const TRANSITIONS: Record<ReferralStatus, Partial<Record<ReferralEventType, ReferralStatus>>> = {
  [ReferralStatus.PENDING]: {
    [ReferralEventType.ACCEPT]: ReferralStatus.ACCEPTED,
    [ReferralEventType.DECLINE]: ReferralStatus.DECLINED,
    [ReferralEventType.WITHDRAW]: ReferralStatus.WITHDRAWN,
    [ReferralEventType.EXPIRE]: ReferralStatus.EXPIRED,
  },
  [ReferralStatus.ACCEPTED]: {
    [ReferralEventType.COMPLETE]: ReferralStatus.COMPLETED,
    [ReferralEventType.WITHDRAW]: ReferralStatus.WITHDRAWN,
    [ReferralEventType.ESCALATE]: ReferralStatus.ESCALATED,
  },
  [ReferralStatus.ESCALATED]: {
    [ReferralEventType.COMPLETE]: ReferralStatus.COMPLETED,
    [ReferralEventType.WITHDRAW]: ReferralStatus.WITHDRAWN,
  },
  [ReferralStatus.DECLINED]: {},
  [ReferralStatus.COMPLETED]: {},
  [ReferralStatus.WITHDRAWN]: {},
  [ReferralStatus.EXPIRED]: {},
};

/** Events accepted in `status` (empty for terminal states). */
export function allowedReferralEvents(status: ReferralStatus): ReferralEventType[] {
  return Object.keys(TRANSITIONS[status]) as ReferralEventType[];
}

/**
 * Applies `event` to a referral in `current` and returns the transition (new status + trimmed text).
 * Throws INVALID_TRANSITION when the event is not allowed in `current`, BAD_INPUT (with the field path
 * `[...pathPrefix, 'reason' | 'outcome']`) when a required reason/outcome is missing or too long.
 */
export function applyReferralEvent(
  current: ReferralStatus,
  event: ReferralEvent,
  pathPrefix: FieldPath = ['input'],
): ReferralTransition {
  const to = TRANSITIONS[current][event.type];
  if (to === undefined) {
    throw new DomainError(
      DomainErrorCode.INVALID_TRANSITION,
      `Referral cannot ${event.type} when ${current}` +
        (isTerminalReferral(current)
          ? ' (terminal)'
          : `; allowed: ${allowedReferralEvents(current).join(', ')}`),
    );
  }
  const result: ReferralTransition = {
    from: current,
    to,
    declineReason: null,
    withdrawReason: null,
    outcomeNote: null,
  };
  const rule = { maxLength: REFERRAL_TEXT_MAX_LENGTH };
  switch (event.type) {
    case ReferralEventType.DECLINE:
      result.declineReason = requireText(event.reason, [...pathPrefix, 'reason'], rule);
      break;
    case ReferralEventType.WITHDRAW:
      result.withdrawReason = requireText(event.reason, [...pathPrefix, 'reason'], rule);
      break;
    case ReferralEventType.COMPLETE:
      result.outcomeNote = requireText(event.outcome, [...pathPrefix, 'outcome'], rule);
      break;
    case ReferralEventType.ACCEPT:
    case ReferralEventType.EXPIRE:
    case ReferralEventType.ESCALATE:
      break;
  }
  return result;
}

/** The new status after `event`; same checks as applyReferralEvent. */
export function transitionReferral(
  current: ReferralStatus,
  event: ReferralEvent,
  pathPrefix: FieldPath = ['input'],
): ReferralStatus {
  return applyReferralEvent(current, event, pathPrefix).to;
}

/** PENDING, ACCEPTED, ESCALATED: the recipient is engaged and (with consent in force) may see the case. */
export function isActiveReferral(status: ReferralStatus): boolean {
  return (
    status === ReferralStatus.PENDING ||
    status === ReferralStatus.ACCEPTED ||
    status === ReferralStatus.ESCALATED
  );
}

/** DECLINED, COMPLETED, WITHDRAWN, EXPIRED: no further transitions. */
export function isTerminalReferral(status: ReferralStatus): boolean {
  return allowedReferralEvents(status).length === 0;
}

/** DECLINED and EXPIRED referrals go back to the sender with a suggestion to re-route. */
export function returnsToSender(status: ReferralStatus): boolean {
  return status === ReferralStatus.DECLINED || status === ReferralStatus.EXPIRED;
}

export const ACTIVE_REFERRAL_STATUSES: readonly ReferralStatus[] =
  Object.values(ReferralStatus).filter(isActiveReferral);
