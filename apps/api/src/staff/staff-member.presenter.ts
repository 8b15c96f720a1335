import { type Actor, Action, defineAbilityFor } from '@lib/authz';
import { type StaffMemberEntity } from '@lib/organisations';
import { StaffIdentityModel, StaffMemberModel } from './staff-member.model';

/** Allow-lists a staff member's fields; the linked identity only for those who administer the member. */
export function presentStaffMember(s: StaffMemberEntity, actor: Actor): StaffMemberModel {
  const administers = defineAbilityFor(actor).can(Action.Update, {
    kind: 'StaffMember',
    id: s.id,
    organisationId: s.organisationId,
  });
  const linked = s.identityIssuer !== null && s.identitySubject !== null;
  return Object.assign(new StaffMemberModel(), {
    id: s.id,
    organisationId: s.organisationId,
    username: s.username,
    displayName: s.displayName,
    roles: s.roles,
    supervisorId: s.supervisorId,
    preferredLanguage: s.preferredLanguage,
    active: s.active,
    identityLinked: linked,
    identity:
      linked && administers
        ? Object.assign(new StaffIdentityModel(), { issuer: s.identityIssuer, subject: s.identitySubject })
        : null,
    version: s.version,
  });
}
