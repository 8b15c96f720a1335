import { ConsentGrantor, ConsentPurpose, DataCategory } from './consent';
import { DomainError, DomainErrorCode } from './errors';
import { OrganisationType } from './organisation-type';
import {
  type FieldPath,
  InputIssues,
  requireDate,
  requireEnum,
  requireEnumArray,
  requireFutureDate,
  requirePlausibleDate,
  requireUuid,
} from './validation';

/** A consent as the rules need it (mirrors the `consents` table; no personal data). */
export interface ConsentRecord {
  id?: string;
  grantor: ConsentGrantor;
  /** Exactly one of recipientOrganisationId / recipientOrganisationType is set. */
  recipientOrganisationId: string | null;
  recipientOrganisationType: OrganisationType | null;
  dataCategories: readonly DataCategory[];
  purposes: readonly ConsentPurpose[];
  grantedAt: Date;
  expiresAt: Date | null;
  withdrawnAt: Date | null;
}

export interface DisclosureRecipient {
  organisationId: string;
  organisationType: OrganisationType;
}

export interface Disclosure {
  recipient: DisclosureRecipient;
  categories: readonly DataCategory[];
  purpose: ConsentPurpose;
}

export interface ConsentCoverage {
  covered: boolean;
  /** Requested categories no in-force consent covers (enum order). */
  missing: DataCategory[];
  /** Ids of the in-force consents that contributed at least one requested category. */
  supportingConsentIds: string[];
}

const CATEGORY_ORDER = Object.values(DataCategory);

function sortCategories(categories: Iterable<DataCategory>): DataCategory[] {
  const set = new Set(categories);
  return CATEGORY_ORDER.filter((c) => set.has(c));
}

/** Granted at or before `now`, not yet expired, not withdrawn (withdrawal takes effect at once). */
export function isConsentInForce(consent: ConsentRecord, now: Date): boolean {
  const t = now.getTime();
  if (consent.grantedAt.getTime() > t) return false;
  if (consent.expiresAt !== null && consent.expiresAt.getTime() <= t) return false;
  if (consent.withdrawnAt !== null && consent.withdrawnAt.getTime() <= t) return false;
  return true;
}

/** The consent names this organisation, or this organisation's type. */
export function consentMatchesRecipient(consent: ConsentRecord, recipient: DisclosureRecipient): boolean {
  if (consent.recipientOrganisationId !== null)
    return consent.recipientOrganisationId === recipient.organisationId;
  if (consent.recipientOrganisationType !== null) {
    return consent.recipientOrganisationType === recipient.organisationType;
  }
  return false;
}

function applicable(
  consents: readonly ConsentRecord[],
  recipient: DisclosureRecipient,
  purpose: ConsentPurpose,
  now: Date,
): ConsentRecord[] {
  return consents.filter(
    (c) => isConsentInForce(c, now) && consentMatchesRecipient(c, recipient) && c.purposes.includes(purpose),
  );
}

/** Union of the categories of every in-force consent matching the recipient and the purpose. */
export function consentedCategoriesFor(
  consents: readonly ConsentRecord[],
  recipient: DisclosureRecipient,
  purpose: ConsentPurpose,
  now: Date,
): DataCategory[] {
  return sortCategories(applicable(consents, recipient, purpose, now).flatMap((c) => c.dataCategories));
}

/** Whether in-force consents (combined) cover every requested category for this recipient and purpose. */
export function checkConsentCoverage(
  consents: readonly ConsentRecord[],
  disclosure: Disclosure,
  now: Date,
): ConsentCoverage {
  const matching = applicable(consents, disclosure.recipient, disclosure.purpose, now);
  const granted = new Set(matching.flatMap((c) => c.dataCategories));
  const missing = sortCategories(disclosure.categories.filter((c) => !granted.has(c)));
  const supportingConsentIds = matching
    .filter((c) => c.id !== undefined && c.dataCategories.some((cat) => disclosure.categories.includes(cat)))
    .map((c) => c.id as string);
  return { covered: missing.length === 0, missing, supportingConsentIds };
}

/** Throws CONSENT_REQUIRED naming the missing categories (no personal data in the message). */
export function assertConsentCovers(
  consents: readonly ConsentRecord[],
  disclosure: Disclosure,
  now: Date,
  path: FieldPath = ['input', 'dataCategories'],
): ConsentCoverage {
  const coverage = checkConsentCoverage(consents, disclosure, now);
  if (!coverage.covered) {
    const message = `No consent in force for ${coverage.missing.join(', ')} to this recipient for ${disclosure.purpose}`;
    throw new DomainError(DomainErrorCode.CONSENT_REQUIRED, message, [{ path: [...path], message }]);
  }
  return coverage;
}

/** Input for recording a consent, as received from a client. */
export interface RecordConsentInput {
  grantor: unknown;
  recipientOrganisationId?: unknown;
  recipientOrganisationType?: unknown;
  dataCategories: unknown;
  purposes: unknown;
  grantedAt?: unknown;
  expiresAt?: unknown;
}

export interface ValidConsentInput {
  grantor: ConsentGrantor;
  recipientOrganisationId: string | null;
  recipientOrganisationType: OrganisationType | null;
  dataCategories: DataCategory[];
  purposes: ConsentPurpose[];
  grantedAt: Date;
  expiresAt: Date | null;
}

/**
 * Validates a consent to record: exactly one recipient (organisation id or type), non-empty categories and
 * purposes, grantedAt not in the future (defaults to now), expiresAt (optional) after now and after grantedAt.
 * Throws BAD_INPUT listing every wrong field under `pathPrefix`.
 */
export function validateConsentInput(
  input: RecordConsentInput,
  now: Date,
  pathPrefix: FieldPath = ['input'],
): ValidConsentInput {
  const p = (f: string): string[] => [...pathPrefix, f];
  const issues = new InputIssues();
  const grantor = issues.check(() => requireEnum(ConsentGrantor, input.grantor, p('grantor')));
  const hasId = input.recipientOrganisationId !== undefined && input.recipientOrganisationId !== null;
  const hasType = input.recipientOrganisationType !== undefined && input.recipientOrganisationType !== null;
  let recipientOrganisationId: string | null = null;
  let recipientOrganisationType: OrganisationType | null = null;
  if (hasId === hasType) {
    issues.add(
      p('recipientOrganisationId'),
      'exactly one of recipientOrganisationId or recipientOrganisationType is required',
    );
  } else if (hasId) {
    recipientOrganisationId =
      issues.check(() => requireUuid(input.recipientOrganisationId, p('recipientOrganisationId'))) ?? null;
  } else {
    recipientOrganisationType =
      issues.check(() =>
        requireEnum(OrganisationType, input.recipientOrganisationType, p('recipientOrganisationType')),
      ) ?? null;
  }
  const dataCategories = issues.check(() =>
    requireEnumArray(DataCategory, input.dataCategories, p('dataCategories')),
  );
  const purposes = issues.check(() => requireEnumArray(ConsentPurpose, input.purposes, p('purposes')));
  let grantedAt: Date | undefined = now;
  if (input.grantedAt !== undefined && input.grantedAt !== null) {
    grantedAt = issues.check(() => requireDate(input.grantedAt, p('grantedAt')));
    if (grantedAt && grantedAt.getTime() > now.getTime())
      issues.add(p('grantedAt'), 'must not be in the future');
    else if (grantedAt)
      grantedAt = issues.check(() => requirePlausibleDate(grantedAt as Date, 'CONSENT_GRANTED', now, p('grantedAt')));
  }
  let expiresAt: Date | null = null;
  if (input.expiresAt !== undefined && input.expiresAt !== null) {
    expiresAt = issues.check(() => requireFutureDate(input.expiresAt, now, p('expiresAt'))) ?? null;
    if (expiresAt)
      expiresAt = issues.check(() => requirePlausibleDate(expiresAt as Date, 'CONSENT_EXPIRY', now, p('expiresAt'))) ?? null;
    if (expiresAt && grantedAt && expiresAt.getTime() <= grantedAt.getTime()) {
      issues.add(p('expiresAt'), 'must be after grantedAt');
    }
  }
  issues.throwIfAny('Invalid consent');
  return {
    grantor: grantor as ConsentGrantor,
    recipientOrganisationId,
    recipientOrganisationType,
    dataCategories: sortCategories(dataCategories as DataCategory[]),
    purposes: purposes as ConsentPurpose[],
    grantedAt: grantedAt as Date,
    expiresAt,
  };
}
