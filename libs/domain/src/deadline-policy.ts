import { RiskLevel } from './case';
import { DomainError } from './errors';
import { ServiceType } from './referral';
import { type FieldPath } from './validation';
import {
  BAKU_CALENDAR,
  DurationUnit,
  type PolicyDuration,
  type WorkingCalendar,
  addDuration,
  subtractDuration,
} from './working-time';

/**
 * Deadlines are policy DATA, not code: a typed table with a version. A referral records the version it was
 * timed with. DEFAULT_DEADLINE_POLICY follows domain.md; a deployment may load its own JSON through
 * validateDeadlinePolicy / parseDeadlinePolicyJson.
 */

export enum EscalationTarget {
  SENDER_SUPERVISOR = 'SENDER_SUPERVISOR',
  REGION_MONITORING_GROUP = 'REGION_MONITORING_GROUP',
}

export enum ReminderKind {
  /** When this fraction of the window (wall-clock) has elapsed, e.g. 0.5. */
  FRACTION_ELAPSED = 'FRACTION_ELAPSED',
  /** This long before the deadline, e.g. 1 hour. */
  BEFORE_DUE = 'BEFORE_DUE',
}

export type ReminderOffset =
  | { kind: ReminderKind.FRACTION_ELAPSED; fraction: number }
  | { kind: ReminderKind.BEFORE_DUE; before: PolicyDuration };

export interface ReferralDeadlineRule {
  /** The recipient must accept or decline within this. */
  response: PolicyDuration;
  /** The service must be delivered within this, counted from the referral's creation; null = no service clock. */
  service: PolicyDuration | null;
  reminders: ReminderOffset[];
  escalateTo: EscalationTarget[];
}

export type ReferralRuleOverride = Partial<ReferralDeadlineRule>;

export interface FollowUpRule {
  first: PolicyDuration;
  interval: PolicyDuration;
}

export interface DeadlinePolicy {
  version: string;
  calendar: WorkingCalendar;
  referral: {
    byRisk: Record<RiskLevel, ReferralDeadlineRule>;
    /** Per service type, per risk level: fields replacing the byRisk rule. */
    byService: Partial<Record<ServiceType, Partial<Record<RiskLevel, ReferralRuleOverride>>>>;
  };
  /** DOST service standard (seed 004). */
  dost: {
    frontOffice: PolicyDuration;
    operator: PolicyDuration;
    backOffice: PolicyDuration;
    wholeService: PolicyDuration;
  };
  followUp: Record<RiskLevel, FollowUpRule>;
  protectionOrder: {
    shortTermIssueWithin: PolicyDuration;
    shortTermMaxValidity: PolicyDuration;
    longTermMinValidity: PolicyDuration;
    longTermMaxValidity: PolicyDuration;
    expiryAlertBefore: PolicyDuration;
  };
}

const d = (amount: number, unit: DurationUnit): PolicyDuration => ({ amount, unit });
const STANDARD_REMINDERS: ReminderOffset[] = [
  { kind: ReminderKind.FRACTION_ELAPSED, fraction: 0.5 },
  { kind: ReminderKind.BEFORE_DUE, before: d(1, DurationUnit.HOURS) },
];
const ESCALATE_BOTH = [EscalationTarget.SENDER_SUPERVISOR, EscalationTarget.REGION_MONITORING_GROUP];

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  version: '2026-11-default-1',
  calendar: BAKU_CALENDAR,
  referral: {
    byRisk: {
      // high risk: hours, not days
      [RiskLevel.HIGH]: {
        response: d(4, DurationUnit.HOURS),
        service: d(1, DurationUnit.DAYS),
        reminders: STANDARD_REMINDERS,
        escalateTo: ESCALATE_BOTH,
      },
      [RiskLevel.MEDIUM]: {
        response: d(2, DurationUnit.WORKING_DAYS),
        service: d(10, DurationUnit.WORKING_DAYS),
        reminders: STANDARD_REMINDERS,
        escalateTo: ESCALATE_BOTH,
      },
      [RiskLevel.LOW]: {
        response: d(2, DurationUnit.WORKING_DAYS),
        service: d(20, DurationUnit.WORKING_DAYS),
        reminders: STANDARD_REMINDERS,
        escalateTo: ESCALATE_BOTH,
      },
    },
    byService: {
      // DOST standard: the whole service (incl. the SSA application) within 1 day
      [ServiceType.SHELTER_PLACEMENT]: {
        [RiskLevel.MEDIUM]: { service: d(1, DurationUnit.WORKING_DAYS) },
        [RiskLevel.LOW]: { service: d(1, DurationUnit.WORKING_DAYS) },
      },
      // short-term protection order: issued within 24 h of application
      [ServiceType.PROTECTION_ORDER_SUPPORT]: {
        [RiskLevel.HIGH]: { service: d(24, DurationUnit.HOURS) },
        [RiskLevel.MEDIUM]: { service: d(24, DurationUnit.HOURS) },
        [RiskLevel.LOW]: { service: d(24, DurationUnit.HOURS) },
      },
      // a notice is acknowledged, not "served"
      [ServiceType.ANONYMOUS_INCIDENT_NOTICE]: {
        [RiskLevel.HIGH]: { service: null },
        [RiskLevel.MEDIUM]: { service: null },
        [RiskLevel.LOW]: { service: null },
      },
    },
  },
  dost: {
    frontOffice: d(1, DurationUnit.HOURS),
    operator: d(60, DurationUnit.MINUTES),
    backOffice: d(1, DurationUnit.WORKING_DAYS),
    wholeService: d(1, DurationUnit.WORKING_DAYS),
  },
  followUp: {
    [RiskLevel.HIGH]: { first: d(24, DurationUnit.HOURS), interval: d(7, DurationUnit.DAYS) },
    [RiskLevel.MEDIUM]: { first: d(3, DurationUnit.DAYS), interval: d(14, DurationUnit.DAYS) },
    [RiskLevel.LOW]: { first: d(7, DurationUnit.DAYS), interval: d(1, DurationUnit.MONTHS) },
  },
  protectionOrder: {
    shortTermIssueWithin: d(24, DurationUnit.HOURS),
    shortTermMaxValidity: d(60, DurationUnit.DAYS),
    longTermMinValidity: d(60, DurationUnit.DAYS),
    longTermMaxValidity: d(180, DurationUnit.DAYS),
    expiryAlertBefore: d(7, DurationUnit.DAYS),
  },
};

/** The rule for a service type and risk level (byRisk with the byService fields applied). */
export function referralRule(
  policy: DeadlinePolicy,
  serviceType: ServiceType,
  risk: RiskLevel,
): ReferralDeadlineRule {
  return { ...policy.referral.byRisk[risk], ...(policy.referral.byService[serviceType]?.[risk] ?? {}) };
}

export interface ReferralDeadlines {
  policyVersion: string;
  responseDueAt: Date;
  serviceDueAt: Date | null;
  /** Reminder instants strictly between createdAt and responseDueAt, ascending, distinct. */
  responseReminders: Date[];
  escalateTo: EscalationTarget[];
}

/** Reminder instants for a window [start, due): strictly inside the window, sorted, de-duplicated. */
export function reminderTimes(
  start: Date,
  due: Date,
  reminders: readonly ReminderOffset[],
  cal: WorkingCalendar = BAKU_CALENDAR,
): Date[] {
  const times = new Set<number>();
  for (const r of reminders) {
    let t: number;
    switch (r.kind) {
      case ReminderKind.FRACTION_ELAPSED:
        t = start.getTime() + Math.round((due.getTime() - start.getTime()) * r.fraction);
        break;
      case ReminderKind.BEFORE_DUE:
        t = subtractDuration(due, r.before, cal).getTime();
        break;
    }
    if (t > start.getTime() && t < due.getTime()) times.add(t);
  }
  return [...times].sort((a, b) => a - b).map((t) => new Date(t));
}

/** Response and service deadlines, reminders and escalation targets for a referral created at `createdAt`. */
export function computeReferralDeadlines(
  policy: DeadlinePolicy,
  serviceType: ServiceType,
  risk: RiskLevel,
  createdAt: Date,
): ReferralDeadlines {
  const rule = referralRule(policy, serviceType, risk);
  const responseDueAt = addDuration(createdAt, rule.response, policy.calendar);
  return {
    policyVersion: policy.version,
    responseDueAt,
    serviceDueAt: rule.service === null ? null : addDuration(createdAt, rule.service, policy.calendar),
    responseReminders: reminderTimes(createdAt, responseDueAt, rule.reminders, policy.calendar),
    escalateTo: [...rule.escalateTo],
  };
}

/**
 * The escalation targets pinned on a referral when it opened, read back from storage: validated (an unknown value is
 * BAD_INPUT, never silently dropped), de-duplicated, in declaration order. `null` means the referral was opened before
 * targets were pinned: it escalates to every target, as referrals then did.
 */
export function pinnedEscalationTargets(stored: readonly string[] | null): EscalationTarget[] {
  const all = Object.values(EscalationTarget);
  if (stored === null) return all;
  const unknown = stored.filter((t) => !(all as string[]).includes(t));
  if (unknown.length > 0) {
    throw DomainError.badInput('Unknown escalation target', [
      { path: ['referral', 'escalateTo'], message: `must be one of ${all.join(', ')}` },
    ]);
  }
  return all.filter((t) => stored.includes(t));
}

/** `count` follow-up instants: the first after `first`, then every `interval`. */
export function followUpSchedule(
  risk: RiskLevel,
  from: Date,
  count: number,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): Date[] {
  if (!Number.isInteger(count) || count < 0)
    throw DomainError.badInput('count must be a non-negative integer');
  const rule = policy.followUp[risk];
  const out: Date[] = [];
  let next = addDuration(from, rule.first, policy.calendar);
  for (let i = 0; i < count; i++) {
    out.push(next);
    // months are added from the first date so day-of-month clamping does not drift
    next =
      rule.interval.unit === DurationUnit.MONTHS
        ? addDuration(
            out[0] as Date,
            { amount: rule.interval.amount * (i + 1), unit: DurationUnit.MONTHS },
            policy.calendar,
          )
        : addDuration(next, rule.interval, policy.calendar);
  }
  return out;
}

export interface DostServiceDeadlines {
  frontOfficeDueAt: Date;
  operatorDueAt: Date;
  backOfficeDueAt: Date;
  wholeServiceDueAt: Date;
}

/** DOST service-standard deadlines counted from the queue ticket. */
export function dostServiceDeadlines(policy: DeadlinePolicy, ticketAt: Date): DostServiceDeadlines {
  const c = policy.calendar;
  return {
    frontOfficeDueAt: addDuration(ticketAt, policy.dost.frontOffice, c),
    operatorDueAt: addDuration(ticketAt, policy.dost.operator, c),
    backOfficeDueAt: addDuration(ticketAt, policy.dost.backOffice, c),
    wholeServiceDueAt: addDuration(ticketAt, policy.dost.wholeService, c),
  };
}

export enum ProtectionOrderKind {
  SHORT_TERM = 'SHORT_TERM',
  LONG_TERM = 'LONG_TERM',
}

/** A short-term order must be issued (perpetrator warned) by this instant. */
export function protectionOrderIssueDueAt(policy: DeadlinePolicy, appliedAt: Date): Date {
  return addDuration(appliedAt, policy.protectionOrder.shortTermIssueWithin, policy.calendar);
}

/**
 * Checks an order's validity window: short-term up to 60 days; long-term 60 to 180 days (policy values).
 * Throws BAD_INPUT at `path` otherwise. Returns the expiry alert instant.
 */
export function validateProtectionOrderTerm(
  policy: DeadlinePolicy,
  kind: ProtectionOrderKind,
  issuedAt: Date,
  expiresAt: Date,
  path: FieldPath = ['input', 'expiresAt'],
): Date {
  const po = policy.protectionOrder;
  const fail = (message: string): never => {
    throw DomainError.badInput(message, [{ path: [...path], message }]);
  };
  if (expiresAt.getTime() <= issuedAt.getTime()) fail('must be after the issue date');
  const e = expiresAt.getTime();
  switch (kind) {
    case ProtectionOrderKind.SHORT_TERM:
      if (e > addDuration(issuedAt, po.shortTermMaxValidity, policy.calendar).getTime()) {
        fail(
          `a short-term order is valid up to ${po.shortTermMaxValidity.amount} ${po.shortTermMaxValidity.unit}`,
        );
      }
      break;
    case ProtectionOrderKind.LONG_TERM:
      if (
        e < addDuration(issuedAt, po.longTermMinValidity, policy.calendar).getTime() ||
        e > addDuration(issuedAt, po.longTermMaxValidity, policy.calendar).getTime()
      ) {
        fail(
          `a long-term order is valid from ${po.longTermMinValidity.amount} ${po.longTermMinValidity.unit} ` +
            `to ${po.longTermMaxValidity.amount} ${po.longTermMaxValidity.unit}`,
        );
      }
      break;
  }
  return protectionOrderExpiryAlertAt(policy, expiresAt);
}

/** When to alert before an order expires (7 days by default). */
export function protectionOrderExpiryAlertAt(policy: DeadlinePolicy, expiresAt: Date): Date {
  return subtractDuration(expiresAt, policy.protectionOrder.expiryAlertBefore, policy.calendar);
}

// ---------------------------------------------------------------------------------------------------------
// Validation of a policy loaded from configuration
// ---------------------------------------------------------------------------------------------------------

type Issues = { path: string[]; message: string }[];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkDuration(v: unknown, path: string[], issues: Issues): PolicyDuration | undefined {
  if (!isRecord(v)) {
    issues.push({ path, message: 'must be a duration { amount, unit }' });
    return undefined;
  }
  const units = Object.values(DurationUnit) as string[];
  let ok = true;
  if (typeof v.unit !== 'string' || !units.includes(v.unit)) {
    issues.push({ path: [...path, 'unit'], message: `must be one of ${units.join(', ')}` });
    ok = false;
  }
  if (typeof v.amount !== 'number' || !Number.isFinite(v.amount) || v.amount <= 0) {
    issues.push({ path: [...path, 'amount'], message: 'must be a positive number' });
    ok = false;
  } else if (
    (v.unit === DurationUnit.WORKING_DAYS || v.unit === DurationUnit.MONTHS) &&
    !Number.isInteger(v.amount)
  ) {
    issues.push({ path: [...path, 'amount'], message: 'must be a whole number for this unit' });
    ok = false;
  }
  return ok ? { amount: v.amount as number, unit: v.unit as DurationUnit } : undefined;
}

function checkReminders(v: unknown, path: string[], issues: Issues): void {
  if (!Array.isArray(v)) {
    issues.push({ path, message: 'must be a list' });
    return;
  }
  v.forEach((r: unknown, i) => {
    const p = [...path, String(i)];
    if (!isRecord(r)) {
      issues.push({ path: p, message: 'must be a reminder' });
    } else if (r.kind === ReminderKind.FRACTION_ELAPSED) {
      if (typeof r.fraction !== 'number' || !(r.fraction > 0 && r.fraction < 1)) {
        issues.push({ path: [...p, 'fraction'], message: 'must be strictly between 0 and 1' });
      }
    } else if (r.kind === ReminderKind.BEFORE_DUE) {
      checkDuration(r.before, [...p, 'before'], issues);
    } else {
      issues.push({
        path: [...p, 'kind'],
        message: `must be one of ${Object.values(ReminderKind).join(', ')}`,
      });
    }
  });
}

function checkEscalation(v: unknown, path: string[], issues: Issues): void {
  const targets = Object.values(EscalationTarget) as string[];
  if (!Array.isArray(v)) {
    issues.push({ path, message: 'must be a list' });
    return;
  }
  v.forEach((t: unknown, i) => {
    if (typeof t !== 'string' || !targets.includes(t)) {
      issues.push({ path: [...path, String(i)], message: `must be one of ${targets.join(', ')}` });
    }
  });
}

function checkRule(v: unknown, path: string[], issues: Issues, partial: boolean): void {
  if (!isRecord(v)) {
    issues.push({ path, message: 'must be an object' });
    return;
  }
  if (!partial || 'response' in v) checkDuration(v.response, [...path, 'response'], issues);
  if ((!partial || 'service' in v) && v.service !== null)
    checkDuration(v.service, [...path, 'service'], issues);
  if (!partial || 'reminders' in v) checkReminders(v.reminders, [...path, 'reminders'], issues);
  if (!partial || 'escalateTo' in v) checkEscalation(v.escalateTo, [...path, 'escalateTo'], issues);
}

function checkCalendar(v: unknown, path: string[], issues: Issues): void {
  if (!isRecord(v)) {
    issues.push({ path, message: 'must be an object' });
    return;
  }
  const off = v.utcOffsetMinutes;
  if (typeof off !== 'number' || !Number.isInteger(off) || off < -720 || off > 840) {
    issues.push({ path: [...path, 'utcOffsetMinutes'], message: 'must be an integer between -720 and 840' });
  }
  const wd = v.workingWeekdays;
  if (
    !Array.isArray(wd) ||
    wd.length === 0 ||
    !wd.every((x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 6)
  ) {
    issues.push({ path: [...path, 'workingWeekdays'], message: 'must be a non-empty list of 0..6' });
  }
  const hol = v.holidays;
  if (
    !Array.isArray(hol) ||
    !hol.every((h: unknown) => typeof h === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(h))
  ) {
    issues.push({ path: [...path, 'holidays'], message: 'must be a list of YYYY-MM-DD' });
  }
}

const RISKS = Object.values(RiskLevel);

/**
 * Validates an untrusted policy object (e.g. parsed from a JSON config file): every duration positive with
 * a known unit, fractions in (0, 1), known escalation targets, a non-empty version. Throws BAD_INPUT listing
 * every issue with its path under ['policy', …]; returns the value typed.
 */
export function validateDeadlinePolicy(input: unknown): DeadlinePolicy {
  const issues: Issues = [];
  const root = ['policy'];
  if (!isRecord(input))
    throw DomainError.badInput('Invalid deadline policy', [{ path: root, message: 'must be an object' }]);
  if (typeof input.version !== 'string' || input.version.trim() === '') {
    issues.push({ path: [...root, 'version'], message: 'must be a non-empty string' });
  }
  checkCalendar(input.calendar, [...root, 'calendar'], issues);
  const referral = input.referral;
  if (!isRecord(referral)) {
    issues.push({ path: [...root, 'referral'], message: 'must be an object' });
  } else {
    const byRisk = referral.byRisk;
    if (!isRecord(byRisk))
      issues.push({ path: [...root, 'referral', 'byRisk'], message: 'must be an object' });
    else for (const r of RISKS) checkRule(byRisk[r], [...root, 'referral', 'byRisk', r], issues, false);
    const byService = referral.byService ?? {};
    if (!isRecord(byService)) {
      issues.push({ path: [...root, 'referral', 'byService'], message: 'must be an object' });
    } else {
      const services = Object.values(ServiceType) as string[];
      for (const [svc, perRisk] of Object.entries(byService)) {
        const p = [...root, 'referral', 'byService', svc];
        if (!services.includes(svc)) issues.push({ path: p, message: 'unknown service type' });
        else if (!isRecord(perRisk)) issues.push({ path: p, message: 'must be an object' });
        else
          for (const [risk, rule] of Object.entries(perRisk)) {
            if (!(RISKS as string[]).includes(risk))
              issues.push({ path: [...p, risk], message: 'unknown risk level' });
            else checkRule(rule, [...p, risk], issues, true);
          }
      }
    }
  }
  const dost = input.dost;
  if (!isRecord(dost)) issues.push({ path: [...root, 'dost'], message: 'must be an object' });
  else
    for (const k of ['frontOffice', 'operator', 'backOffice', 'wholeService']) {
      checkDuration(dost[k], [...root, 'dost', k], issues);
    }
  const followUp = input.followUp;
  if (!isRecord(followUp)) issues.push({ path: [...root, 'followUp'], message: 'must be an object' });
  else
    for (const r of RISKS) {
      const f = followUp[r];
      if (!isRecord(f)) issues.push({ path: [...root, 'followUp', r], message: 'must be an object' });
      else {
        checkDuration(f.first, [...root, 'followUp', r, 'first'], issues);
        checkDuration(f.interval, [...root, 'followUp', r, 'interval'], issues);
      }
    }
  const po = input.protectionOrder;
  if (!isRecord(po)) issues.push({ path: [...root, 'protectionOrder'], message: 'must be an object' });
  else {
    const keys = [
      'shortTermIssueWithin',
      'shortTermMaxValidity',
      'longTermMinValidity',
      'longTermMaxValidity',
      'expiryAlertBefore',
    ];
    for (const k of keys) checkDuration(po[k], [...root, 'protectionOrder', k], issues);
  }
  if (issues.length > 0) throw DomainError.badInput('Invalid deadline policy', issues);
  return input as unknown as DeadlinePolicy;
}

/** Parses and validates a JSON policy document (e.g. read from DEADLINE_POLICY_FILE by the caller). */
export function parseDeadlinePolicyJson(json: string): DeadlinePolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw DomainError.badInput('Invalid deadline policy', [
      { path: ['policy'], message: 'must be valid JSON' },
    ]);
  }
  return validateDeadlinePolicy(parsed);
}
