import {
  CallerType,
  CaseCategory,
  ChildAgeBand,
  ContactChannel,
  InputIssues,
  PlaceType,
  RiskLevel,
  optionalText,
  requireEnum,
  requirePlausibleCalendarDate,
} from '@lib/domain';

/** A case opened from a first contact, as received (validated by validateOpenCase). */
export interface OpenCaseCommand {
  channel: unknown;
  anonymous: unknown;
  category: unknown;
  callerType: unknown;
  childAgeBand?: unknown;
  riskLevel: unknown;
  isChild: unknown;
  survivor?: {
    fullName?: unknown;
    dateOfBirth?: unknown;
    phone?: unknown;
    address?: unknown;
    narrative?: unknown;
    healthNotes?: unknown;
  } | null;
  dependants?: readonly { fullName?: unknown; dateOfBirth?: unknown }[] | null;
  /** When and where (type of place) the incident happened, if known. */
  incident?: { date?: unknown; placeType?: unknown } | null;
  idempotencyKey: unknown;
}

export interface ValidPersonData {
  fullName: string | null;
  dateOfBirth: string | null;
  phone: string | null;
  address: string | null;
  narrative: string | null;
  healthNotes: string | null;
}

export interface ValidOpenCase {
  channel: ContactChannel;
  anonymous: boolean;
  category: CaseCategory;
  callerType: CallerType;
  childAgeBand: ChildAgeBand | null;
  riskLevel: RiskLevel;
  isChild: boolean;
  survivor: ValidPersonData;
  dependants: { fullName: string | null; dateOfBirth: string | null }[];
  incident: { date: string | null; placeType: PlaceType | null };
  idempotencyKey: string;
}

const PHONE = /^\+?[0-9 ()-]{5,24}$/;
export const MAX_DEPENDANTS = 20;

/**
 * Validates an intake. Every wrong field is reported at once with its path under `input`. An anonymous contact must
 * not carry identity, contact or location data; a birth or incident date must be a real date
 * between 1900-01-01 and today.
 */
export function validateOpenCase(input: OpenCaseCommand, now: Date): ValidOpenCase {
  const p = (...f: string[]): string[] => ['input', ...f];
  const issues = new InputIssues();
  const channel = issues.check(() => requireEnum(ContactChannel, input.channel, p('channel')));
  const category = issues.check(() => requireEnum(CaseCategory, input.category, p('category')));
  const callerType = issues.check(() => requireEnum(CallerType, input.callerType, p('callerType')));
  const riskLevel = issues.check(() => requireEnum(RiskLevel, input.riskLevel, p('riskLevel')));
  const childAgeBand =
    input.childAgeBand === undefined || input.childAgeBand === null
      ? null
      : (issues.check(() => requireEnum(ChildAgeBand, input.childAgeBand, p('childAgeBand'))) ?? null);
  if (typeof input.anonymous !== 'boolean') issues.add(p('anonymous'), 'must be a boolean');
  if (typeof input.isChild !== 'boolean') issues.add(p('isChild'), 'must be a boolean');
  const anonymous = input.anonymous === true;
  const isChild = input.isChild === true;
  if (childAgeBand !== null && !isChild) issues.add(p('childAgeBand'), 'only for a case concerning a child');

  const key = issues.check(() => optionalText(input.idempotencyKey, p('idempotencyKey'), { maxLength: 200 }));
  if (key === null) issues.add(p('idempotencyKey'), 'must not be empty');

  const date = (value: unknown, path: string[]): string | null => {
    if (value === undefined || value === null || value === '') return null;
    return issues.check(() => requirePlausibleCalendarDate(value, 'PERSON_EVENT', now, path)) ?? null;
  };
  const text = (value: unknown, path: string[], maxLength: number): string | null =>
    issues.check(() => optionalText(value, path, { maxLength })) ?? null;

  const s = input.survivor ?? {};
  const survivor: ValidPersonData = {
    fullName: text(s.fullName, p('survivor', 'fullName'), 200),
    dateOfBirth: date(s.dateOfBirth, p('survivor', 'dateOfBirth')),
    phone: text(s.phone, p('survivor', 'phone'), 24),
    address: text(s.address, p('survivor', 'address'), 500),
    narrative: text(s.narrative, p('survivor', 'narrative'), 10000),
    healthNotes: text(s.healthNotes, p('survivor', 'healthNotes'), 5000),
  };
  if (survivor.phone !== null && !PHONE.test(survivor.phone)) issues.add(p('survivor', 'phone'), 'must be a phone number');
  if (anonymous) {
    for (const field of ['fullName', 'dateOfBirth', 'phone', 'address'] as const) {
      if (survivor[field] !== null) issues.add(p('survivor', field), 'must be empty for an anonymous contact');
    }
  }

  const rawDependants = input.dependants ?? [];
  if (rawDependants.length > MAX_DEPENDANTS) issues.add(p('dependants'), `at most ${MAX_DEPENDANTS}`);
  const dependants = rawDependants.slice(0, MAX_DEPENDANTS).map((d, i) => ({
    fullName: text(d.fullName, p('dependants', String(i), 'fullName'), 200),
    dateOfBirth: date(d.dateOfBirth, p('dependants', String(i), 'dateOfBirth')),
  }));
  if (anonymous && dependants.some((d) => d.fullName !== null || d.dateOfBirth !== null)) {
    issues.add(p('dependants'), 'must carry no identity for an anonymous contact');
  }

  const incident = {
    date: date(input.incident?.date, p('incident', 'date')),
    placeType:
      input.incident?.placeType === undefined || input.incident.placeType === null
        ? null
        : (issues.check(() => requireEnum(PlaceType, input.incident?.placeType, p('incident', 'placeType'))) ?? null),
  };

  issues.throwIfAny('Invalid case intake');
  return {
    channel: channel as ContactChannel,
    anonymous,
    category: category as CaseCategory,
    callerType: callerType as CallerType,
    childAgeBand,
    riskLevel: riskLevel as RiskLevel,
    isChild,
    survivor,
    dependants,
    incident,
    idempotencyKey: key as string,
  };
}
