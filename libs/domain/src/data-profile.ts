import { DataCategory } from './consent';
import { OrganisationType } from './organisation-type';
import { DataProfile } from './referral';

/** Person fields that hold personal data (all encrypted at rest in `persons`). */
export const PERSON_FIELDS = [
  'fullName',
  'dateOfBirth',
  'phone',
  'address',
  'narrative',
  'healthNotes',
  'dependants',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

/** Which person fields each data category unlocks. Every person field belongs to exactly one category. */
export const CATEGORY_FIELDS: Readonly<Record<DataCategory, readonly PersonField[]>> = {
  [DataCategory.IDENTITY]: ['fullName', 'dateOfBirth'],
  [DataCategory.CONTACT]: ['phone'],
  [DataCategory.LOCATION]: ['address'],
  [DataCategory.INCIDENT_NARRATIVE]: ['narrative'],
  [DataCategory.HEALTH]: ['healthNotes'],
  [DataCategory.CHILDREN]: ['dependants'],
};

const CATEGORY_ORDER = Object.values(DataCategory);
const ALL_CATEGORIES: readonly DataCategory[] = CATEGORY_ORDER;

/** The category that unlocks `field`. */
export function categoryOfField(field: PersonField): DataCategory {
  for (const category of CATEGORY_ORDER) {
    if (CATEGORY_FIELDS[category].includes(field)) return category;
  }
  /* istanbul ignore next -- every field is mapped (tested) */
  throw new Error(`unmapped person field ${String(field)}`);
}

export function isPersonField(name: string): name is PersonField {
  return (PERSON_FIELDS as readonly string[]).includes(name);
}

/** Person fields unlocked by `categories` (PERSON_FIELDS order). */
export function fieldsForCategories(categories: readonly DataCategory[]): PersonField[] {
  const set = new Set(categories.flatMap((c) => CATEGORY_FIELDS[c]));
  return PERSON_FIELDS.filter((f) => set.has(f));
}

/** The most a data profile can ever show, whatever the consent. */
export const PROFILE_CATEGORY_CEILING: Readonly<Record<DataProfile, readonly DataCategory[]>> = {
  [DataProfile.FULL]: ALL_CATEGORIES,
  /** Case code + needs: health needs and dependants, never identity, contact or address history. */
  [DataProfile.PSEUDONYMOUS]: [DataCategory.HEALTH, DataCategory.CHILDREN],
  [DataProfile.DE_IDENTIFIED]: [],
  [DataProfile.ANONYMOUS_INCIDENT]: [],
};

/**
 * The most each recipient organisation type can ever see, whatever the consent. SSA and shelters never
 * receive LOCATION (address history), and nor does anybody through a shelter.
 */
export const ORGANISATION_CATEGORY_CEILING: Readonly<Record<OrganisationType, readonly DataCategory[]>> = {
  [OrganisationType.HELPLINE]: ALL_CATEGORIES,
  [OrganisationType.DOST_CENTER]: ALL_CATEGORIES,
  [OrganisationType.POLICE]: ALL_CATEGORIES,
  [OrganisationType.SSA]: ALL_CATEGORIES.filter((c) => c !== DataCategory.LOCATION),
  [OrganisationType.SHELTER]: ALL_CATEGORIES.filter((c) => c !== DataCategory.LOCATION),
  [OrganisationType.MONITORING_GROUP]: ALL_CATEGORIES,
  [OrganisationType.CFSC]: ALL_CATEGORIES,
  [OrganisationType.NGO]: ALL_CATEGORIES,
  [OrganisationType.HEALTH]: ALL_CATEGORIES,
  [OrganisationType.EDUCATION]: ALL_CATEGORIES,
  [OrganisationType.EMPLOYMENT]: ALL_CATEGORIES,
  [OrganisationType.COORDINATOR]: ALL_CATEGORIES,
};

/**
 * The data profile a referral to `recipientType` uses, given the categories consented to that recipient:
 * SSA, SHELTER → PSEUDONYMOUS (always); MONITORING_GROUP → FULL with consent, else DE_IDENTIFIED;
 * POLICE → FULL with consent, else ANONYMOUS_INCIDENT; everyone else → FULL (limited to consented categories).
 */
export function defaultDataProfile(
  recipientType: OrganisationType,
  consentedCategories: readonly DataCategory[],
): DataProfile {
  const consented = consentedCategories.length > 0;
  switch (recipientType) {
    case OrganisationType.SSA:
    case OrganisationType.SHELTER:
      return DataProfile.PSEUDONYMOUS;
    case OrganisationType.MONITORING_GROUP:
      return consented ? DataProfile.FULL : DataProfile.DE_IDENTIFIED;
    case OrganisationType.POLICE:
      return consented ? DataProfile.FULL : DataProfile.ANONYMOUS_INCIDENT;
    case OrganisationType.HELPLINE:
    case OrganisationType.DOST_CENTER:
    case OrganisationType.CFSC:
    case OrganisationType.NGO:
    case OrganisationType.HEALTH:
    case OrganisationType.EDUCATION:
    case OrganisationType.EMPLOYMENT:
    case OrganisationType.COORDINATOR:
      return DataProfile.FULL;
  }
}

/** Categories a recipient may see: granted (consent or legal basis) ∩ profile ceiling ∩ organisation ceiling. */
export function allowedCategoriesFor(
  recipientType: OrganisationType,
  profile: DataProfile,
  grantedCategories: readonly DataCategory[],
): DataCategory[] {
  const profileCeiling = PROFILE_CATEGORY_CEILING[profile];
  const orgCeiling = ORGANISATION_CATEGORY_CEILING[recipientType];
  return CATEGORY_ORDER.filter(
    (c) => grantedCategories.includes(c) && profileCeiling.includes(c) && orgCeiling.includes(c),
  );
}

/** Person fields a recipient may see (see allowedCategoriesFor). */
export function allowedFieldsFor(
  recipientType: OrganisationType,
  profile: DataProfile,
  grantedCategories: readonly DataCategory[],
): PersonField[] {
  return fieldsForCategories(allowedCategoriesFor(recipientType, profile, grantedCategories));
}

/** Case-level (non-personal) fields each profile shows; personal fields come only through categories. */
export const PROFILE_CASE_FIELDS: Readonly<Record<DataProfile, readonly string[]>> = {
  [DataProfile.FULL]: ['id', 'caseCode', 'category', 'riskLevel', 'isChild', 'status', 'region', 'openedAt', 'incidentDate', 'incidentPlaceType'],
  [DataProfile.PSEUDONYMOUS]: ['id', 'caseCode', 'category', 'riskLevel', 'isChild', 'status'],
  [DataProfile.DE_IDENTIFIED]: ['id', 'category', 'riskLevel', 'isChild', 'status', 'region', 'openedAt'],
  // Consent rule 2: date, place, type, risk level, no identity (the place as a type only, never an address).
  [DataProfile.ANONYMOUS_INCIDENT]: ['category', 'riskLevel', 'region', 'incidentDate', 'incidentPlaceType'],
};

/**
 * A shelter's location (and the address of anyone it accommodates) is returned only to the shelter itself.
 */
export function canSeeShelterLocation(viewerOrganisationId: string, shelterOrganisationId: string): boolean {
  return viewerOrganisationId === shelterOrganisationId;
}
