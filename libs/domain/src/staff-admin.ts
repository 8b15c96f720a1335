import { DomainError } from './errors';
import { OrganisationType } from './organisation-type';
import { PreferredLanguage, StaffRole } from './staff-role';
import {
  type FieldPath,
  InputIssues,
  optionalText,
  requireEnum,
  requireEnumArray,
  requireText,
  requireUuid,
} from './validation';

/** The roles that administer an organisation's staff (the coordinator's ADMINISTRATOR administers every organisation). */
export function adminRolesOf(organisationType: OrganisationType): readonly StaffRole[] {
  return organisationType === OrganisationType.COORDINATOR
    ? [StaffRole.ADMINISTRATOR, StaffRole.ORGANISATION_ADMIN]
    : [StaffRole.ORGANISATION_ADMIN];
}

/** Which roles an organisation of `type` may give its staff. */
export function rolesAllowedIn(type: OrganisationType): readonly StaffRole[] {
  // The national administrator and the audit of every chain belong to the State Committee; monitoring officers to
  // monitoring groups. Every other role exists in any organisation.
  return Object.values(StaffRole).filter((role) => {
    if (role === StaffRole.ADMINISTRATOR) return type === OrganisationType.COORDINATOR;
    if (role === StaffRole.MONITORING_OFFICER) return type === OrganisationType.MONITORING_GROUP;
    return true;
  });
}

export interface IdentityLink {
  issuer: string;
  /** The identity provider's subject, or the verified e-mail address (lower-cased) when that is the linking claim. */
  subject: string;
}

export type IdentityClaim = 'sub' | 'email';

/**
 * The identity a member signs in with: the issuer (defaults to the API's configured issuer) and the value of the
 * configured claim. An e-mail is compared lower-cased, as the verifier reads it.
 */
export function validateIdentity(
  input: unknown,
  defaultIssuer: string,
  claim: IdentityClaim,
  path: FieldPath,
): IdentityLink | null {
  if (input === undefined || input === null) return null;
  const raw = input as Record<string, unknown>;
  const issues = new InputIssues();
  const issuer =
    issues.check(() => optionalText(raw.issuer, [...path, 'issuer'], { maxLength: 300 })) ?? defaultIssuer;
  let subject = issues.check(() => requireText(raw.subject, [...path, 'subject'], { maxLength: 255 }));
  if (subject !== undefined && /\s/.test(subject))
    issues.add([...path, 'subject'], 'must not contain spaces');
  if (subject !== undefined && claim === 'email') {
    if (!/^[^\s@]+@[^\s@]+$/.test(subject))
      issues.add([...path, 'subject'], 'must be an e-mail address (the linking claim is email)');
    subject = subject.toLowerCase();
  }
  issues.throwIfAny('Invalid identity');
  return { issuer, subject: subject as string };
}

export interface StaffDefinition {
  username: string;
  displayName: string;
  roles: StaffRole[];
  supervisorId: string | null;
  preferredLanguage: PreferredLanguage;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

/** addStaffMember's fields (the organisation and identity are checked by the caller). */
export function validateStaffDefinition(
  input: Record<string, unknown>,
  organisationType: OrganisationType,
  path: FieldPath,
): StaffDefinition {
  const p = (f: string): string[] => [...path, f];
  const issues = new InputIssues();
  const username = issues.check(() => requireText(input.username, p('username'), { maxLength: 63 }));
  if (username !== undefined && !USERNAME.test(username))
    issues.add(p('username'), 'lower-case letters, digits, dot, dash, underscore (2-63)');
  const displayName = issues.check(() =>
    requireText(input.displayName, p('displayName'), { maxLength: 200 }),
  );
  const roles = issues.check(() => validateRoles(input.roles, organisationType, p('roles')));
  const supervisorId =
    input.supervisorId === null || input.supervisorId === undefined
      ? null
      : issues.check(() => requireUuid(input.supervisorId, p('supervisorId')));
  const preferredLanguage = issues.check(() =>
    requireEnum(PreferredLanguage, input.preferredLanguage ?? PreferredLanguage.AZ, p('preferredLanguage')),
  );
  issues.throwIfAny('Invalid staff member');
  return {
    username: username as string,
    displayName: displayName as string,
    roles: roles as StaffRole[],
    supervisorId: supervisorId ?? null,
    preferredLanguage: preferredLanguage as PreferredLanguage,
  };
}

/** A non-empty set of roles the organisation's type allows. */
export function validateRoles(
  value: unknown,
  organisationType: OrganisationType,
  path: FieldPath,
): StaffRole[] {
  const roles = requireEnumArray(StaffRole, value, path);
  const allowed = rolesAllowedIn(organisationType);
  const refused = roles.filter((r) => !allowed.includes(r));
  if (refused.length > 0) {
    throw DomainError.badInput('Invalid roles', [
      { path: [...path], message: `not a role of a ${organisationType}: ${refused.join(', ')}` },
    ]);
  }
  return roles;
}

/**
 * The last administrator of an organisation cannot remove themself (deactivate, or drop their administrator role):
 * the organisation would be left with nobody to manage its staff. `otherActiveAdmins` excludes the actor.
 */
export function checkNotLastAdmin(change: {
  actorId: string;
  targetId: string;
  organisationType: OrganisationType;
  rolesAfter: readonly StaffRole[] | null;
  otherActiveAdmins: number;
}): void {
  if (change.actorId !== change.targetId || change.otherActiveAdmins > 0) return;
  const admins = adminRolesOf(change.organisationType);
  const stillAdmin = change.rolesAfter !== null && change.rolesAfter.some((r) => admins.includes(r));
  if (!stillAdmin) {
    throw DomainError.conflict(
      'You are the last administrator of your organisation: add another administrator first',
    );
  }
}
