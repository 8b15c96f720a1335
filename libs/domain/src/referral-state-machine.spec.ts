import { DomainError, DomainErrorCode } from './errors';
import { ReferralStatus } from './referral';
import {
  ACTIVE_REFERRAL_STATUSES,
  ReferralEventType as E,
  type ReferralEvent,
  allowedReferralEvents,
  applyReferralEvent,
  isActiveReferral,
  isTerminalReferral,
  returnsToSender,
  transitionReferral,
} from './referral-state-machine';

const S = ReferralStatus;
const events: Record<E, ReferralEvent> = {
  [E.ACCEPT]: { type: E.ACCEPT },
  [E.DECLINE]: { type: E.DECLINE, reason: 'no capacity this week' },
  [E.WITHDRAW]: { type: E.WITHDRAW, reason: 'survivor moved' },
  [E.EXPIRE]: { type: E.EXPIRE },
  [E.COMPLETE]: { type: E.COMPLETE, outcome: 'placed' },
  [E.ESCALATE]: { type: E.ESCALATE },
};

const expected: Record<ReferralStatus, Partial<Record<E, ReferralStatus>>> = {
  [S.PENDING]: { ACCEPT: S.ACCEPTED, DECLINE: S.DECLINED, WITHDRAW: S.WITHDRAWN, EXPIRE: S.EXPIRED },
  [S.ACCEPTED]: { COMPLETE: S.COMPLETED, WITHDRAW: S.WITHDRAWN, ESCALATE: S.ESCALATED },
  [S.ESCALATED]: { COMPLETE: S.COMPLETED, WITHDRAW: S.WITHDRAWN },
  [S.DECLINED]: {},
  [S.COMPLETED]: {},
  [S.WITHDRAWN]: {},
  [S.EXPIRED]: {},
};

function catchError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('referral state machine', () => {
  describe.each(Object.values(S))('from %s', (from) => {
    it.each(Object.values(E))('%s', (ev) => {
      const to = expected[from][ev];
      if (to) {
        expect(transitionReferral(from, events[ev])).toBe(to);
      } else {
        const err = catchError(() => transitionReferral(from, events[ev]));
        expect(err.code).toBe(DomainErrorCode.INVALID_TRANSITION);
      }
    });
  });

  it('lists allowed events', () => {
    expect(allowedReferralEvents(S.PENDING).sort()).toEqual(
      [E.ACCEPT, E.DECLINE, E.EXPIRE, E.WITHDRAW].sort(),
    );
    expect(allowedReferralEvents(S.COMPLETED)).toEqual([]);
  });

  it('requires a decline reason, with the field path', () => {
    const err = catchError(() => transitionReferral(S.PENDING, { type: E.DECLINE, reason: '   ' }));
    expect(err.code).toBe(DomainErrorCode.BAD_INPUT);
    expect(err.fields).toEqual([{ path: ['input', 'reason'], message: 'must not be empty' }]);
  });

  it('requires a withdraw reason from PENDING and from ACCEPTED', () => {
    for (const from of [S.PENDING, S.ACCEPTED, S.ESCALATED]) {
      const err = catchError(() => transitionReferral(from, { type: E.WITHDRAW, reason: '' }));
      expect(err.code).toBe(DomainErrorCode.BAD_INPUT);
      expect(err.fields[0]?.path).toEqual(['input', 'reason']);
    }
  });

  it('requires an outcome to complete, under a custom path prefix', () => {
    const err = catchError(() =>
      transitionReferral(S.ACCEPTED, { type: E.COMPLETE, outcome: undefined as unknown as string }, [
        'args',
        'data',
      ]),
    );
    expect(err.fields[0]?.path).toEqual(['args', 'data', 'outcome']);
  });

  it('rejects over-long text', () => {
    const err = catchError(() =>
      transitionReferral(S.PENDING, { type: E.DECLINE, reason: 'x'.repeat(2001) }),
    );
    expect(err.code).toBe(DomainErrorCode.BAD_INPUT);
    expect(transitionReferral(S.PENDING, { type: E.DECLINE, reason: 'x'.repeat(2000) })).toBe(S.DECLINED);
  });

  it('checks the transition before the text (terminal state wins)', () => {
    const err = catchError(() => transitionReferral(S.DECLINED, { type: E.DECLINE, reason: '' }));
    expect(err.code).toBe(DomainErrorCode.INVALID_TRANSITION);
  });

  it('returns trimmed text in the transition record', () => {
    expect(applyReferralEvent(S.PENDING, { type: E.DECLINE, reason: '  full  ' })).toEqual({
      from: S.PENDING,
      to: S.DECLINED,
      declineReason: 'full',
      withdrawReason: null,
      outcomeNote: null,
    });
    expect(applyReferralEvent(S.ESCALATED, { type: E.COMPLETE, outcome: ' done ' }).outcomeNote).toBe('done');
    expect(applyReferralEvent(S.ACCEPTED, { type: E.WITHDRAW, reason: ' r ' }).withdrawReason).toBe('r');
  });

  it('classifies statuses', () => {
    expect(ACTIVE_REFERRAL_STATUSES).toEqual([S.PENDING, S.ACCEPTED, S.ESCALATED]);
    for (const s of Object.values(S)) {
      const active = s === S.PENDING || s === S.ACCEPTED || s === S.ESCALATED;
      expect(isActiveReferral(s)).toBe(active);
      expect(isTerminalReferral(s)).toBe(!active);
      expect(returnsToSender(s)).toBe(s === S.DECLINED || s === S.EXPIRED);
    }
  });
});
