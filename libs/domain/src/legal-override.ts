import { CaseCategory } from './case-category';
import { RiskLevel } from './case';
import { DataCategory, LegalBasis } from './consent';
import { DomainError } from './errors';
import { OrganisationType } from './organisation-type';
import { defaultDataProfile, allowedCategoriesFor } from './data-profile';
import { DataProfile } from './referral';
import {
  type FieldPath,
  InputIssues,
  requireEnum,
  requireEnumArray,
  requireText,
  requirePlausibleCalendarDate,
} from './validation';

export const LEGAL_JUSTIFICATION_MIN_LENGTH = 20;
export const LEGAL_JUSTIFICATION_MAX_LENGTH = 2000;

export interface LegalBasisRule {
  /** Recipient organisation types this basis may disclose to. */
  recipients: readonly OrganisationType[];
  /** The maximum categories this basis discloses (minimum necessary). */
  categories: readonly DataCategory[];
  /** The case must concern a child. */
  requiresChildCase: boolean;
}

/**
 * Minimum necessary per legal basis. STATUTORY_DUTY is the DOST duty to inform the police: the incident only.
 * RISK_TO_LIFE: who, how to reach, where, what happened — to the agencies that can protect.
 * CHILD_AT_RISK: who, the children, what happened — to child-protection agencies.
 * The recipient's data profile still applies on top (SSA/SHELTER: CHILDREN only, never identity or location).
 */
export const LEGAL_BASIS_RULES: Readonly<Record<LegalBasis, LegalBasisRule>> = {
  [LegalBasis.STATUTORY_DUTY]: {
    recipients: [OrganisationType.POLICE],
    categories: [DataCategory.INCIDENT_NARRATIVE],
    requiresChildCase: false,
  },
  [LegalBasis.RISK_TO_LIFE]: {
    recipients: [
      OrganisationType.POLICE,
      OrganisationType.HEALTH,
      OrganisationType.DOST_CENTER,
      OrganisationType.MONITORING_GROUP,
    ],
    categories: [
      DataCategory.IDENTITY,
      DataCategory.CONTACT,
      DataCategory.LOCATION,
      DataCategory.INCIDENT_NARRATIVE,
    ],
    requiresChildCase: false,
  },
  [LegalBasis.CHILD_AT_RISK]: {
    recipients: [
      OrganisationType.CFSC,
      OrganisationType.POLICE,
      OrganisationType.SSA,
      OrganisationType.SHELTER,
      OrganisationType.HEALTH,
      OrganisationType.EDUCATION,
      OrganisationType.DOST_CENTER,
    ],
    categories: [DataCategory.IDENTITY, DataCategory.CHILDREN, DataCategory.INCIDENT_NARRATIVE],
    requiresChildCase: true,
  },
};

/**
 * The profile used when a legal basis (no consent) applies. POLICE under a basis gets FULL limited to the
 * basis categories; SSA/SHELTER stay PSEUDONYMOUS; the rest FULL.
 */
export function overrideDataProfile(recipientType: OrganisationType): DataProfile {
  // A legal basis stands in for consent: the profile is the one a consented referral would get.
  return defaultDataProfile(recipientType, LEGAL_BASIS_RULES[LegalBasis.STATUTORY_DUTY].categories);
}

/** Categories an override on `basis` to `recipientType` discloses: basis table ∩ the recipient's profile. */
export function overrideCategories(basis: LegalBasis, recipientType: OrganisationType): DataCategory[] {
  const rule = LEGAL_BASIS_RULES[basis];
  if (!rule.recipients.includes(recipientType)) return [];
  return allowedCategoriesFor(recipientType, overrideDataProfile(recipientType), rule.categories);
}

export interface LegalOverrideRequestInput {
  basis: unknown;
  justification: unknown;
  /** Categories the requester wants to disclose; omitted = the basis' full minimum set. */
  dataCategories?: unknown;
}

export interface LegalOverrideContext {
  recipientOrganisationType: OrganisationType;
  caseIsChild: boolean;
}

export interface ValidLegalOverride {
  basis: LegalBasis;
  justification: string;
  dataProfile: DataProfile;
  dataCategories: DataCategory[];
}

/**
 * Validates a request to disclose without consent: basis code, justification (≥ 20 chars after trimming),
 * CHILD_AT_RISK only on a child case, recipient type allowed for the basis, and requested categories within
 * the basis' minimum (a wider request is refused, never silently narrowed). Throws BAD_INPUT with paths.
 */
export function validateLegalOverrideRequest(
  input: LegalOverrideRequestInput,
  ctx: LegalOverrideContext,
  pathPrefix: FieldPath = ['input'],
): ValidLegalOverride {
  const p = (f: string): string[] => [...pathPrefix, f];
  const issues = new InputIssues();
  const basis = issues.check(() => requireEnum(LegalBasis, input.basis, p('legalBasis')));
  const justification = issues.check(() =>
    requireText(input.justification, p('justification'), {
      minLength: LEGAL_JUSTIFICATION_MIN_LENGTH,
      maxLength: LEGAL_JUSTIFICATION_MAX_LENGTH,
    }),
  );
  let dataCategories: DataCategory[] = [];
  if (basis !== undefined) {
    const rule = LEGAL_BASIS_RULES[basis];
    if (rule.requiresChildCase && !ctx.caseIsChild) {
      issues.add(p('legalBasis'), `${basis} requires a case concerning a child`);
    }
    const allowed = overrideCategories(basis, ctx.recipientOrganisationType);
    if (allowed.length === 0) {
      issues.add(p('legalBasis'), `${basis} does not allow disclosure to ${ctx.recipientOrganisationType}`);
    } else if (input.dataCategories === undefined || input.dataCategories === null) {
      dataCategories = allowed;
    } else {
      const requested = issues.check(() =>
        requireEnumArray(DataCategory, input.dataCategories, p('dataCategories')),
      );
      if (requested) {
        const excess = requested.filter((c) => !allowed.includes(c));
        if (excess.length > 0) {
          issues.add(
            p('dataCategories'),
            `${basis} allows only ${allowed.join(', ')}; not ${excess.join(', ')}`,
          );
        }
        dataCategories = allowed.filter((c) => requested.includes(c));
      }
    }
  }
  issues.throwIfAny('Invalid legal override');
  return {
    basis: basis as LegalBasis,
    justification: justification as string,
    dataProfile: overrideDataProfile(ctx.recipientOrganisationType),
    dataCategories,
  };
}

export interface Countersigner {
  staffId: string;
  organisationId: string;
  isSupervisor: boolean;
}

/**
 * A legal override needs a supervisor of the requesting organisation, other than the requester, to countersign.
 * Throws FORBIDDEN otherwise.
 */
export function assertCanCountersign(
  requestedBy: { staffId: string; organisationId: string },
  countersigner: Countersigner,
): void {
  if (!countersigner.isSupervisor)
    throw DomainError.forbidden('Only a supervisor can countersign a legal override');
  if (countersigner.staffId === requestedBy.staffId) {
    throw DomainError.forbidden('A legal override must be countersigned by someone other than the requester');
  }
  if (countersigner.organisationId !== requestedBy.organisationId) {
    throw DomainError.forbidden('Only a supervisor of the requesting organisation can countersign');
  }
}

/** Where the incident happened, by kind only (no address); `cases.incident_place_type`, GraphQL `IncidentPlaceType`. */
export enum PlaceType {
  HOME = 'HOME',
  RELATIVES_HOME = 'RELATIVES_HOME',
  PUBLIC_PLACE = 'PUBLIC_PLACE',
  WORKPLACE = 'WORKPLACE',
  SCHOOL = 'SCHOOL',
  ONLINE = 'ONLINE',
  OTHER = 'OTHER',
}

/** The anonymous incident notice police receive when an adult refuses consent: no identity. */
export interface AnonymousIncidentNotice {
  /** Local calendar date YYYY-MM-DD (no time of day). */
  incidentDate: string;
  placeType: PlaceType;
  region: string;
  incidentCategory: CaseCategory;
  riskLevel: RiskLevel;
}

export const ANONYMOUS_INCIDENT_NOTICE_FIELDS = [
  'incidentDate',
  'placeType',
  'region',
  'incidentCategory',
  'riskLevel',
] as const satisfies readonly (keyof AnonymousIncidentNotice)[];

/**
 * Builds the notice from allow-listed fields only (anything else in `input` is dropped, never copied);
 * validates each field; the incident date must not be after `now` (compared as UTC date).
 */
export function buildAnonymousIncidentNotice(
  input: Record<string, unknown>,
  now: Date,
  pathPrefix: FieldPath = ['input'],
): AnonymousIncidentNotice {
  const p = (f: string): string[] => [...pathPrefix, f];
  const issues = new InputIssues();
  const incidentDate = issues.check(() =>
    requirePlausibleCalendarDate(input.incidentDate, 'PERSON_EVENT', now, p('incidentDate')),
  );
  const placeType = issues.check(() => requireEnum(PlaceType, input.placeType, p('placeType')));
  const region = issues.check(() => requireText(input.region, p('region'), { maxLength: 100 }));
  const incidentCategory = issues.check(() =>
    requireEnum(CaseCategory, input.incidentCategory, p('incidentCategory')),
  );
  const riskLevel = issues.check(() => requireEnum(RiskLevel, input.riskLevel, p('riskLevel')));
  issues.throwIfAny('Invalid anonymous incident notice');
  return {
    incidentDate: incidentDate as string,
    placeType: placeType as PlaceType,
    region: region as string,
    incidentCategory: incidentCategory as CaseCategory,
    riskLevel: riskLevel as RiskLevel,
  };
}
