import { RiskLevel as R } from './case';
import {
  DEFAULT_DEADLINE_POLICY as POLICY,
  type DeadlinePolicy,
  EscalationTarget,
  ProtectionOrderKind,
  ReminderKind,
  computeReferralDeadlines,
  dostServiceDeadlines,
  followUpSchedule,
  parseDeadlinePolicyJson,
  pinnedEscalationTargets,
  protectionOrderExpiryAlertAt,
  protectionOrderIssueDueAt,
  referralRule,
  reminderTimes,
  validateDeadlinePolicy,
  validateProtectionOrderTerm,
} from './deadline-policy';
import { DomainError, DomainErrorCode } from './errors';
import { ServiceType as S } from './referral';
import { DurationUnit as U } from './working-time';

const baku = (local: string): Date => new Date(`${local}+04:00`);
const H = 3_600_000;

function fail(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected DomainError');
}

describe('referral deadlines (default policy)', () => {
  it('high risk: respond within 4 hours, reminders at 50% and 1 h before, escalate to supervisor and monitoring group', () => {
    const created = new Date('2026-11-21T22:00:00Z'); // a Sunday in Baku: hours do not care about weekends
    const d = computeReferralDeadlines(POLICY, S.LEGAL_AID, R.HIGH, created);
    expect(d.policyVersion).toBe(POLICY.version);
    expect(d.responseDueAt).toEqual(new Date(created.getTime() + 4 * H));
    expect(d.responseReminders).toEqual([
      new Date(created.getTime() + 2 * H),
      new Date(created.getTime() + 3 * H),
    ]);
    expect(d.escalateTo).toEqual([
      EscalationTarget.SENDER_SUPERVISOR,
      EscalationTarget.REGION_MONITORING_GROUP,
    ]);
    expect(d.serviceDueAt).toEqual(new Date(created.getTime() + 24 * H));
  });

  it('medium and low risk: respond within 2 working days', () => {
    for (const risk of [R.MEDIUM, R.LOW]) {
      const d = computeReferralDeadlines(POLICY, S.LEGAL_AID, risk, baku('2026-11-20T15:00:00'));
      expect(d.responseDueAt).toEqual(baku('2026-11-24T15:00:00'));
      expect(d.responseReminders).toHaveLength(2);
      expect(d.responseReminders[1]).toEqual(baku('2026-11-24T14:00:00'));
    }
  });

  it('service-type overrides replace only the fields they name', () => {
    expect(
      computeReferralDeadlines(POLICY, S.ANONYMOUS_INCIDENT_NOTICE, R.HIGH, new Date(0)).serviceDueAt,
    ).toBeNull();
    const po = computeReferralDeadlines(POLICY, S.PROTECTION_ORDER_SUPPORT, R.LOW, new Date(0));
    expect(po.serviceDueAt).toEqual(new Date(24 * H));
    expect(referralRule(POLICY, S.PROTECTION_ORDER_SUPPORT, R.LOW).response).toEqual({
      amount: 2,
      unit: U.WORKING_DAYS,
    });
    expect(
      computeReferralDeadlines(POLICY, S.SHELTER_PLACEMENT, R.MEDIUM, baku('2026-11-20T15:00:00'))
        .serviceDueAt,
    ).toEqual(baku('2026-11-23T15:00:00'));
  });

  it('reminders outside the window are dropped and duplicates merged', () => {
    const start = new Date(0);
    const due = new Date(2 * H);
    const r = reminderTimes(start, due, [
      { kind: ReminderKind.FRACTION_ELAPSED, fraction: 0.5 },
      { kind: ReminderKind.BEFORE_DUE, before: { amount: 1, unit: U.HOURS } },
      { kind: ReminderKind.BEFORE_DUE, before: { amount: 3, unit: U.HOURS } },
    ]);
    expect(r).toEqual([new Date(H)]);
  });
});

describe('escalation targets', () => {
  const monitoringOnly: DeadlinePolicy = {
    ...POLICY,
    version: 'monitoring-only',
    referral: {
      ...POLICY.referral,
      byRisk: {
        [R.HIGH]: {
          ...POLICY.referral.byRisk[R.HIGH],
          escalateTo: [EscalationTarget.REGION_MONITORING_GROUP],
        },
        [R.MEDIUM]: { ...POLICY.referral.byRisk[R.MEDIUM], escalateTo: [] },
        [R.LOW]: POLICY.referral.byRisk[R.LOW],
      },
      byService: { [S.LEGAL_AID]: { [R.HIGH]: { escalateTo: [EscalationTarget.SENDER_SUPERVISOR] } } },
    },
  };
  const at = baku('2026-11-16T10:00');

  it('come from the rule for the risk level, a service override replacing them, and may be none', () => {
    expect(computeReferralDeadlines(monitoringOnly, S.SHELTER_PLACEMENT, R.HIGH, at).escalateTo).toEqual([
      EscalationTarget.REGION_MONITORING_GROUP,
    ]);
    expect(computeReferralDeadlines(monitoringOnly, S.LEGAL_AID, R.HIGH, at).escalateTo).toEqual([
      EscalationTarget.SENDER_SUPERVISOR,
    ]);
    expect(computeReferralDeadlines(monitoringOnly, S.SHELTER_PLACEMENT, R.MEDIUM, at).escalateTo).toEqual(
      [],
    );
    expect(computeReferralDeadlines(monitoringOnly, S.SHELTER_PLACEMENT, R.LOW, at).escalateTo).toEqual([
      EscalationTarget.SENDER_SUPERVISOR,
      EscalationTarget.REGION_MONITORING_GROUP,
    ]);
  });

  it('are a copy: changing the computed list does not change the policy', () => {
    const d = computeReferralDeadlines(monitoringOnly, S.SHELTER_PLACEMENT, R.HIGH, at);
    d.escalateTo.push(EscalationTarget.SENDER_SUPERVISOR);
    expect(monitoringOnly.referral.byRisk[R.HIGH].escalateTo).toEqual([
      EscalationTarget.REGION_MONITORING_GROUP,
    ]);
  });

  it('read back from a referral: validated, de-duplicated, in order; unpinned (null) means every target', () => {
    expect(pinnedEscalationTargets(['REGION_MONITORING_GROUP'])).toEqual([
      EscalationTarget.REGION_MONITORING_GROUP,
    ]);
    expect(
      pinnedEscalationTargets(['REGION_MONITORING_GROUP', 'SENDER_SUPERVISOR', 'SENDER_SUPERVISOR']),
    ).toEqual([EscalationTarget.SENDER_SUPERVISOR, EscalationTarget.REGION_MONITORING_GROUP]);
    expect(pinnedEscalationTargets([])).toEqual([]);
    expect(pinnedEscalationTargets(null)).toEqual([
      EscalationTarget.SENDER_SUPERVISOR,
      EscalationTarget.REGION_MONITORING_GROUP,
    ]);
    const e = fail(() => pinnedEscalationTargets(['SENDER_SUPERVISOR', 'THE_PRESS']));
    expect(e.code).toBe(DomainErrorCode.BAD_INPUT);
    expect(e.message).not.toContain('THE_PRESS');
  });
});

describe('follow-ups', () => {
  const from = baku('2026-01-10T10:00:00');
  it('high: within 24 h then weekly', () => {
    expect(followUpSchedule(R.HIGH, from, 3)).toEqual([
      baku('2026-01-11T10:00:00'),
      baku('2026-01-18T10:00:00'),
      baku('2026-01-25T10:00:00'),
    ]);
  });
  it('medium: within 3 days then fortnightly', () => {
    expect(followUpSchedule(R.MEDIUM, from, 2)).toEqual([
      baku('2026-01-13T10:00:00'),
      baku('2026-01-27T10:00:00'),
    ]);
  });
  it('low: within 7 days then monthly, without drifting on short months', () => {
    const f = followUpSchedule(R.LOW, baku('2026-01-24T10:00:00'), 4);
    expect(f).toEqual([
      baku('2026-01-31T10:00:00'),
      baku('2026-02-28T10:00:00'),
      baku('2026-03-31T10:00:00'),
      baku('2026-04-30T10:00:00'),
    ]);
  });
  it('count 0 → none; negative → BAD_INPUT', () => {
    expect(followUpSchedule(R.HIGH, from, 0)).toEqual([]);
    expect(fail(() => followUpSchedule(R.HIGH, from, -1)).code).toBe(DomainErrorCode.BAD_INPUT);
  });
});

describe('DOST service standard', () => {
  it('front office 1 h, operator 60 min, back office and whole service 1 working day', () => {
    const t = baku('2026-11-20T15:00:00');
    expect(dostServiceDeadlines(POLICY, t)).toEqual({
      frontOfficeDueAt: baku('2026-11-20T16:00:00'),
      operatorDueAt: baku('2026-11-20T16:00:00'),
      backOfficeDueAt: baku('2026-11-23T15:00:00'),
      wholeServiceDueAt: baku('2026-11-23T15:00:00'),
    });
  });
});

describe('protection orders', () => {
  const issued = new Date('2026-01-01T00:00:00Z');
  const days = (n: number): Date => new Date(issued.getTime() + n * 24 * H);
  it('short-term issued within 24 h of application', () => {
    expect(protectionOrderIssueDueAt(POLICY, issued)).toEqual(days(1));
  });
  it('short-term valid up to 60 days', () => {
    expect(validateProtectionOrderTerm(POLICY, ProtectionOrderKind.SHORT_TERM, issued, days(60))).toEqual(
      days(53),
    );
    expect(
      fail(() => validateProtectionOrderTerm(POLICY, ProtectionOrderKind.SHORT_TERM, issued, days(61)))
        .fields[0]?.path,
    ).toEqual(['input', 'expiresAt']);
    expect(() => validateProtectionOrderTerm(POLICY, ProtectionOrderKind.SHORT_TERM, issued, issued)).toThrow(
      DomainError,
    );
  });
  it('long-term 60 to 180 days', () => {
    expect(() =>
      validateProtectionOrderTerm(POLICY, ProtectionOrderKind.LONG_TERM, issued, days(60)),
    ).not.toThrow();
    expect(() =>
      validateProtectionOrderTerm(POLICY, ProtectionOrderKind.LONG_TERM, issued, days(180)),
    ).not.toThrow();
    expect(() =>
      validateProtectionOrderTerm(POLICY, ProtectionOrderKind.LONG_TERM, issued, days(59)),
    ).toThrow(DomainError);
    expect(() =>
      validateProtectionOrderTerm(POLICY, ProtectionOrderKind.LONG_TERM, issued, days(181)),
    ).toThrow(DomainError);
  });
  it('alerts 7 days before expiry', () => {
    expect(protectionOrderExpiryAlertAt(POLICY, days(100))).toEqual(days(93));
  });
});

describe('policy validation', () => {
  const clone = (): Record<string, any> => JSON.parse(JSON.stringify(POLICY));
  const paths = (p: unknown): string[] =>
    fail(() => validateDeadlinePolicy(p)).fields.map((f) => f.path.join('.'));

  it('accepts the default policy (round-tripped through JSON)', () => {
    const p: DeadlinePolicy = parseDeadlinePolicyJson(JSON.stringify(POLICY));
    expect(p).toEqual(POLICY);
  });

  it('rejects zero and negative durations with their paths', () => {
    const p = clone();
    p.referral.byRisk.HIGH.response.amount = 0;
    p.followUp.LOW.interval.amount = -7;
    p.dost.operator = { amount: 60, unit: 'FORTNIGHTS' };
    expect(paths(p)).toEqual([
      'policy.referral.byRisk.HIGH.response.amount',
      'policy.dost.operator.unit',
      'policy.followUp.LOW.interval.amount',
    ]);
  });

  it('rejects bad reminders, targets, overrides, calendar and version', () => {
    const p = clone();
    p.version = ' ';
    p.calendar.workingWeekdays = [];
    p.referral.byRisk.LOW.reminders = [{ kind: 'FRACTION_ELAPSED', fraction: 1 }, { kind: 'NEVER' }];
    p.referral.byRisk.LOW.escalateTo = ['THE_PRESS'];
    p.referral.byService.LEGAL_AID = { HIGH: { service: { amount: -1, unit: 'HOURS' } } };
    p.referral.byService.TELEPORT = {};
    p.protectionOrder.expiryAlertBefore = { amount: 1.5, unit: 'WORKING_DAYS' };
    expect(paths(p)).toEqual([
      'policy.version',
      'policy.calendar.workingWeekdays',
      'policy.referral.byRisk.LOW.reminders.0.fraction',
      'policy.referral.byRisk.LOW.reminders.1.kind',
      'policy.referral.byRisk.LOW.escalateTo.0',
      'policy.referral.byService.LEGAL_AID.HIGH.service.amount',
      'policy.referral.byService.TELEPORT',
      'policy.protectionOrder.expiryAlertBefore.amount',
    ]);
  });

  it('rejects a missing rule and non-JSON', () => {
    const p = clone();
    delete p.referral.byRisk.MEDIUM;
    expect(paths(p)).toEqual(['policy.referral.byRisk.MEDIUM']);
    expect(paths(null)).toEqual(['policy']);
    expect(fail(() => parseDeadlinePolicyJson('{nope')).fields[0]?.message).toBe('must be valid JSON');
  });
});
