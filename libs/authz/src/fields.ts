import {
  type DataCategory,
  type DataProfile,
  DomainError,
  DomainErrorCode,
  type FieldIssue,
  PERSON_FIELDS,
  PROFILE_CASE_FIELDS,
  type PersonField,
  StaffRole,
  allowedFieldsFor,
  defaultDataProfile,
} from '@lib/domain';
import { type AppAbility, Action, defineAbilityFor } from './ability';
import { type Actor, CASE_ROLES, REFERRAL_RECIPIENT_ROLES, hasAnyRole } from './actor';
import { ownerReaches, recipientReaches } from './case-assignment';
import { CASE_FIELDS, type CaseField, type CaseSubject, DE_IDENTIFIED_CASE_FIELDS } from './subjects';

export interface FieldAccessOptions {
  /** The data profile recorded on the active referral to the actor's organisation (default: derived). */
  dataProfile?: DataProfile;
  /** The service has verified a break-glass justification and will audit it. */
  breakGlass?: boolean;
  /** A prebuilt ability for `actor` (saves rebuilding it). */
  ability?: AppAbility;
}

function ownsCase(actor: Actor, c: CaseSubject): boolean {
  return c.owningOrganisationId === actor.organisationId && hasAnyRole(actor, CASE_ROLES) && ownerReaches(actor, c);
}

function receivesCase(actor: Actor, c: CaseSubject): boolean {
  if (!c.recipientOrganisationIds.includes(actor.organisationId)) return false;
  if (hasAnyRole(actor, REFERRAL_RECIPIENT_ROLES) && recipientReaches(actor, c)) return true;
  return actor.roles.includes(StaffRole.MONITORING_OFFICER) && c.region === actor.region;
}

/**
 * The person fields `actor` may read on `caseSubject`:
 * - owning-organisation case roles: every field;
 * - a supervisor breaking the glass (ability allows it, service audits it): every field;
 * - a recipient organisation of an ACTIVE referral (agency officer, supervisor; monitoring officer of the region):
 *   the fields of `consentedCategories` (in-force consent, or the referral's legal-basis categories, for the
 *   actor's organisation and the referral's purpose) within the recipient's data profile;
 * - everyone else: none.
 * The API refuses any other requested field with FORBIDDEN (assertFieldsAllowed), never a silent null.
 */
export function allowedPersonFields(
  actor: Actor,
  caseSubject: CaseSubject,
  consentedCategories: readonly DataCategory[],
  options: FieldAccessOptions = {},
): PersonField[] {
  if (ownsCase(actor, caseSubject)) return [...PERSON_FIELDS];
  if (options.breakGlass) {
    const ability = options.ability ?? defineAbilityFor(actor);
    if (ability.can(Action.BreakGlass, caseSubject)) return [...PERSON_FIELDS];
  }
  if (receivesCase(actor, caseSubject)) {
    const profile = options.dataProfile ?? defaultDataProfile(actor.organisationType, consentedCategories);
    return allowedFieldsFor(actor.organisationType, profile, consentedCategories);
  }
  return [];
}

/** The case-level fields `actor` may read (owners all; recipients per profile; monitoring de-identified). */
export function allowedCaseFields(
  actor: Actor,
  caseSubject: CaseSubject,
  consentedCategories: readonly DataCategory[] = [],
  options: FieldAccessOptions = {},
): CaseField[] {
  const ability = options.ability ?? defineAbilityFor(actor);
  if (ownsCase(actor, caseSubject)) return [...CASE_FIELDS];
  if (options.breakGlass && ability.can(Action.BreakGlass, caseSubject)) return [...CASE_FIELDS];
  if (receivesCase(actor, caseSubject) && hasAnyRole(actor, REFERRAL_RECIPIENT_ROLES)) {
    const profile = options.dataProfile ?? defaultDataProfile(actor.organisationType, consentedCategories);
    const fields = PROFILE_CASE_FIELDS[profile];
    return CASE_FIELDS.filter((f) => fields.includes(f));
  }
  return CASE_FIELDS.filter(
    (f) => DE_IDENTIFIED_CASE_FIELDS.includes(f) && ability.can(Action.Read, caseSubject, f),
  );
}

/**
 * Throws FORBIDDEN naming each requested field that is not allowed (path = [...pathPrefix, field]).
 * Use it before resolving: a refused field is an error, not a null.
 */
export function assertFieldsAllowed(
  requested: readonly string[],
  allowed: readonly string[],
  pathPrefix: readonly string[] = [],
): void {
  const refused = requested.filter((f) => !allowed.includes(f));
  if (refused.length === 0) return;
  const fields: FieldIssue[] = refused.map((f) => ({
    path: [...pathPrefix, f],
    message: 'not allowed for you',
  }));
  throw new DomainError(DomainErrorCode.FORBIDDEN, `Access to ${refused.join(', ')} is not allowed`, fields);
}
