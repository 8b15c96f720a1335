import { DomainError } from './errors';
import { OrganisationType } from './organisation-type';
import { ServiceType } from './referral';
import {
  type FieldPath,
  InputIssues,
  optionalText,
  requireEnum,
  requireEnumArray,
  requireText,
} from './validation';

/** How an organisation can be reached (organisation contact details: not personal data of a survivor). */
export enum ContactPointKind {
  PHONE = 'PHONE',
  EMAIL = 'EMAIL',
  WEBSITE = 'WEBSITE',
  ADDRESS = 'ADDRESS',
}

export interface OrganisationNames {
  az: string;
  en: string | null;
  ru: string | null;
}

export interface ContactPoint {
  kind: ContactPointKind;
  value: string;
  label: string | null;
}

/** A validated organisation as the coordinator's administrators define it. */
export interface OrganisationDefinition {
  names: OrganisationNames;
  type: OrganisationType;
  region: string;
  services: ServiceType[];
  contactPoints: ContactPoint[];
  acceptsReferrals: boolean;
  /** Regions this monitoring group covers (MONITORING_GROUP only; empty for every other type). */
  coveredRegions: string[];
}

/** The region of agencies that serve the whole country. */
export const NATIONAL = 'national';

const MAX_CONTACT_POINTS = 10;
const MAX_REGIONS = 50;
const REGION = { maxLength: 80 };
const NAME = { maxLength: 200 };

/** The display name kept in `organisations.name` (existing readers): English when given, else Azerbaijani. */
export function displayName(names: OrganisationNames): string {
  return names.en ?? names.az;
}

function contactPoints(
  value: unknown,
  path: FieldPath,
  type: OrganisationType | undefined,
  issues: InputIssues,
): ContactPoint[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.add(path, 'must be a list');
    return [];
  }
  if (value.length > MAX_CONTACT_POINTS) issues.add(path, `at most ${MAX_CONTACT_POINTS} contact points`);
  const out: ContactPoint[] = [];
  value.slice(0, MAX_CONTACT_POINTS).forEach((raw: unknown, i) => {
    const at = [...path, String(i)];
    const item = (raw ?? {}) as Record<string, unknown>;
    const kind = issues.check(() => requireEnum(ContactPointKind, item.kind, [...at, 'kind']));
    const v = issues.check(() => requireText(item.value, [...at, 'value'], { maxLength: 300 }));
    const label = issues.check(() => optionalText(item.label, [...at, 'label'], { maxLength: 100 }));
    // A shelter's location is never disclosed to anyone: the directory carries no address for it.
    if (kind === ContactPointKind.ADDRESS && type === OrganisationType.SHELTER) {
      issues.add([...at, 'kind'], 'a shelter has no address in the directory');
    }
    if (kind === ContactPointKind.EMAIL && v !== undefined && !/^[^\s@]+@[^\s@]+$/.test(v)) {
      issues.add([...at, 'value'], 'must be an e-mail address');
    }
    if (kind !== undefined && v !== undefined && label !== undefined) out.push({ kind, value: v, label });
  });
  return out;
}

function regions(value: unknown, path: FieldPath, issues: InputIssues): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.add(path, 'must be a list');
    return [];
  }
  if (value.length > MAX_REGIONS) issues.add(path, `at most ${MAX_REGIONS} regions`);
  const out: string[] = [];
  value.forEach((r: unknown, i) => {
    const region = issues.check(() => requireText(r, [...path, String(i)], REGION));
    if (region !== undefined && !out.includes(region)) out.push(region);
  });
  return out;
}

/**
 * Validates a whole organisation definition (create, and update which replaces the definition). Every wrong field is
 * reported at once under `path` (e.g. ['input']); messages never repeat the submitted value.
 */
export function validateOrganisationDefinition(
  input: Record<string, unknown>,
  path: FieldPath,
): OrganisationDefinition {
  const p = (...f: string[]): string[] => [...path, ...f];
  const issues = new InputIssues();
  const rawNames = (input.names ?? null) as Record<string, unknown> | null;
  if (rawNames === null || typeof rawNames !== 'object') issues.add(p('names'), 'az is required');
  const az = issues.check(() => requireText(rawNames?.az, p('names', 'az'), NAME));
  const en = issues.check(() => optionalText(rawNames?.en, p('names', 'en'), NAME));
  const ru = issues.check(() => optionalText(rawNames?.ru, p('names', 'ru'), NAME));
  const type = issues.check(() => requireEnum(OrganisationType, input.type, p('type')));
  const region = issues.check(() => requireText(input.region, p('region'), REGION));
  const services = issues.check(() =>
    requireEnumArray(ServiceType, input.services ?? [], p('services'), { allowEmpty: true }),
  );
  const points = contactPoints(input.contactPoints, p('contactPoints'), type, issues);
  const acceptsReferrals = input.acceptsReferrals ?? true;
  if (typeof acceptsReferrals !== 'boolean') issues.add(p('acceptsReferrals'), 'must be true or false');
  const covered = regions(input.coveredRegions, p('coveredRegions'), issues);
  if (covered.length > 0 && type !== undefined && type !== OrganisationType.MONITORING_GROUP) {
    issues.add(p('coveredRegions'), 'only a monitoring group covers regions');
  }
  if (type === OrganisationType.COORDINATOR && acceptsReferrals === true && (services ?? []).length > 0) {
    issues.add(p('services'), 'the coordinator offers no referral services');
  }
  const needsService =
    type !== undefined && type !== OrganisationType.COORDINATOR && type !== OrganisationType.MONITORING_GROUP;
  if (acceptsReferrals === true && services !== undefined && services.length === 0 && needsService) {
    issues.add(p('services'), 'an organisation that takes referrals offers at least one service');
  }
  issues.throwIfAny('Invalid organisation');
  return {
    names: { az: az as string, en: en ?? null, ru: ru ?? null },
    type: type as OrganisationType,
    region: region as string,
    services: services as ServiceType[],
    contactPoints: points,
    acceptsReferrals: acceptsReferrals as boolean,
    coveredRegions: covered,
  };
}

/** An organisation's referral intake: an inactive one, or one that takes no referrals, receives none. */
export function requireTakesReferrals(
  org: { active: boolean; acceptsReferrals: boolean },
  path: FieldPath,
): void {
  if (!org.active || !org.acceptsReferrals) {
    throw DomainError.badInput('Recipient takes no referrals', [
      { path: [...path], message: 'this organisation takes no new referrals' },
    ]);
  }
}

/** A mutation's idempotency key: 1-200 characters. */
export function requireIdempotencyKey(value: unknown, path: FieldPath): string {
  return requireText(value, path, { maxLength: 200 });
}

/** An `expectedVersion`: a positive integer. */
export function requireExpectedVersion(value: unknown, path: FieldPath): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw DomainError.badInput('Invalid version', [
      { path: [...path], message: 'must be a positive integer' },
    ]);
  }
  return value;
}
