import { DomainError, DomainErrorCode } from './errors';
import { OrganisationType } from './organisation-type';
import {
  checkNotLastAdmin,
  rolesAllowedIn,
  validateIdentity,
  validateRoles,
  validateStaffDefinition,
} from './staff-admin';
import { PreferredLanguage, StaffRole } from './staff-role';

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('staff administration rules', () => {
  it('the national administrator role belongs to the coordinator; monitoring officers to monitoring groups', () => {
    expect(rolesAllowedIn(OrganisationType.COORDINATOR)).toContain(StaffRole.ADMINISTRATOR);
    expect(rolesAllowedIn(OrganisationType.NGO)).not.toContain(StaffRole.ADMINISTRATOR);
    expect(rolesAllowedIn(OrganisationType.NGO)).toContain(StaffRole.ORGANISATION_ADMIN);
    expect(rolesAllowedIn(OrganisationType.DOST_CENTER)).not.toContain(StaffRole.MONITORING_OFFICER);
    expect(
      errorOf(() => validateRoles([StaffRole.ADMINISTRATOR], OrganisationType.NGO, ['input', 'roles']))
        .fields[0]?.path,
    ).toEqual(['input', 'roles']);
    expect(errorOf(() => validateRoles([], OrganisationType.NGO, ['input', 'roles'])).code).toBe(
      DomainErrorCode.BAD_INPUT,
    );
  });

  it('validates a new member, defaulting the language', () => {
    expect(
      validateStaffDefinition(
        { username: 'clinic.lawyer', displayName: 'Lawyer', roles: [StaffRole.AGENCY_OFFICER] },
        OrganisationType.NGO,
        ['input'],
      ),
    ).toEqual({
      username: 'clinic.lawyer',
      displayName: 'Lawyer',
      roles: [StaffRole.AGENCY_OFFICER],
      supervisorId: null,
      preferredLanguage: PreferredLanguage.AZ,
    });
    const e = errorOf(() =>
      validateStaffDefinition(
        {
          username: 'Bad Name',
          displayName: '',
          roles: ['KING'],
          supervisorId: 'x',
          preferredLanguage: 'fr',
        },
        OrganisationType.NGO,
        ['input'],
      ),
    );
    expect(e.fields.map((f) => f.path.join('.'))).toEqual([
      'input.username',
      'input.displayName',
      'input.roles.0',
      'input.supervisorId',
      'input.preferredLanguage',
    ]);
  });

  it('links an identity by subject, or by e-mail (lower-cased) when that is the claim', () => {
    expect(validateIdentity({ subject: 'abc|123' }, 'https://idp', 'sub', ['input', 'identity'])).toEqual({
      issuer: 'https://idp',
      subject: 'abc|123',
    });
    expect(
      validateIdentity({ issuer: 'https://other', subject: 'Leyla@Example.AZ' }, 'https://idp', 'email', [
        'i',
      ]),
    ).toEqual({
      issuer: 'https://other',
      subject: 'leyla@example.az',
    });
    expect(validateIdentity(null, 'https://idp', 'sub', ['i'])).toBeNull();
    expect(
      errorOf(() => validateIdentity({ subject: 'not an email' }, 'https://idp', 'email', ['i'])).fields[0]
        ?.path,
    ).toEqual(['i', 'subject']);
  });

  it('the last administrator of an organisation cannot remove themself; others and the coordinator can', () => {
    const base = {
      actorId: 'a',
      targetId: 'a',
      organisationType: OrganisationType.NGO,
      otherActiveAdmins: 0,
    };
    expect(errorOf(() => checkNotLastAdmin({ ...base, rolesAfter: null })).code).toBe(
      DomainErrorCode.CONFLICT,
    );
    expect(errorOf(() => checkNotLastAdmin({ ...base, rolesAfter: [StaffRole.CASE_MANAGER] })).code).toBe(
      DomainErrorCode.CONFLICT,
    );
    expect(() =>
      checkNotLastAdmin({ ...base, rolesAfter: [StaffRole.ORGANISATION_ADMIN, StaffRole.CASE_MANAGER] }),
    ).not.toThrow();
    expect(() => checkNotLastAdmin({ ...base, rolesAfter: null, otherActiveAdmins: 1 })).not.toThrow();
    expect(() => checkNotLastAdmin({ ...base, targetId: 'b', rolesAfter: null })).not.toThrow();
    expect(() =>
      checkNotLastAdmin({
        ...base,
        organisationType: OrganisationType.COORDINATOR,
        rolesAfter: [StaffRole.ADMINISTRATOR],
      }),
    ).not.toThrow();
  });
});
