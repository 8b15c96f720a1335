import {
  DataCategory as C,
  DataProfile,
  DomainError,
  DomainErrorCode,
  PERSON_FIELDS,
  StaffRole as R,
} from '@lib/domain';
import { allowedCaseFields, allowedPersonFields, assertFieldsAllowed } from './fields';
import { CASE_FIELDS, DE_IDENTIFIED_CASE_FIELDS } from './subjects';
import { ORG, actor, caseOf } from './test/fixtures';

const ALL = Object.values(C);
const DOST_WORKERS = [R.INTAKE_OFFICER, R.CASE_MANAGER, R.LAWYER, R.PSYCHOLOGIST, R.AGENCY_OFFICER, R.MONITORING_OFFICER, R.AUDITOR, R.ADMINISTRATOR];
const toPolice = caseOf('dost', {
  recipientOrganisationIds: [ORG.police.id],
  teamIds: DOST_WORKERS.map((r) => actor([r]).staffId),
  assignedOrganisationIds: [ORG.dost.id],
});

describe('allowedPersonFields', () => {
  it('owning-organisation case roles see every field, whatever the consent', () => {
    for (const role of [R.INTAKE_OFFICER, R.CASE_MANAGER, R.LAWYER, R.PSYCHOLOGIST, R.SUPERVISOR]) {
      expect(allowedPersonFields(actor([role]), toPolice, [])).toEqual([...PERSON_FIELDS]);
    }
  });

  it('access follows assignment: a colleague off the case sees nothing; its SUPERVISOR-role members and team see all', () => {
    const colleague = actor([R.CASE_MANAGER], 'dost', 'colleague');
    expect(allowedPersonFields(colleague, toPolice, ALL)).toEqual([]);
    expect(allowedCaseFields(colleague, toPolice)).toEqual([]);
    const teamSupervisor = actor([R.CASE_MANAGER], 'dost', 'team-lead');
    expect(allowedPersonFields(teamSupervisor, { ...toPolice, teamIds: [...toPolice.teamIds, 'team-lead'] }, [])).toEqual([...PERSON_FIELDS]);
    expect(allowedPersonFields(actor([R.SUPERVISOR], 'dost', 'any-supervisor'), toPolice, [])).toEqual([...PERSON_FIELDS]);
  });

  it('a recipient organisation: its recipient roles while nobody of it is assigned, then its worker and supervisors', () => {
    const officer = actor([R.AGENCY_OFFICER], 'police', 'officer');
    const other = actor([R.AGENCY_OFFICER], 'police', 'other-officer');
    const accepted = { ...toPolice, teamIds: [...toPolice.teamIds, 'officer'], assignedOrganisationIds: [ORG.dost.id, ORG.police.id] };
    expect(allowedPersonFields(other, toPolice, [C.IDENTITY])).toEqual(['fullName', 'dateOfBirth']);
    expect(allowedPersonFields(officer, accepted, [C.IDENTITY])).toEqual(['fullName', 'dateOfBirth']);
    expect(allowedPersonFields(other, accepted, [C.IDENTITY])).toEqual([]);
    expect(allowedPersonFields(actor([R.SUPERVISOR], 'police', 'police-sup'), accepted, [C.IDENTITY])).toEqual(['fullName', 'dateOfBirth']);
  });

  it('non-case roles of the owning organisation see nothing', () => {
    for (const role of [R.AGENCY_OFFICER, R.MONITORING_OFFICER, R.AUDITOR, R.ADMINISTRATOR]) {
      expect(allowedPersonFields(actor([role]), toPolice, ALL)).toEqual([]);
    }
  });

  it('a recipient sees only consented categories', () => {
    const officer = actor([R.AGENCY_OFFICER], 'police');
    expect(allowedPersonFields(officer, toPolice, [C.IDENTITY, C.INCIDENT_NARRATIVE])).toEqual([
      'fullName',
      'dateOfBirth',
      'narrative',
    ]);
    expect(allowedPersonFields(actor([R.SUPERVISOR], 'police'), toPolice, [C.CONTACT])).toEqual(['phone']);
  });

  it('police without consent: anonymous incident profile, no person field', () => {
    expect(allowedPersonFields(actor([R.AGENCY_OFFICER], 'police'), toPolice, [])).toEqual([]);
    expect(
      allowedPersonFields(actor([R.AGENCY_OFFICER], 'police'), toPolice, ALL, {
        dataProfile: DataProfile.ANONYMOUS_INCIDENT,
      }),
    ).toEqual([]);
  });

  it('a shelter never sees address, identity or contact, even with consent to everything', () => {
    const c = caseOf('dost', { recipientOrganisationIds: [ORG.shelter.id] });
    const f = allowedPersonFields(actor([R.AGENCY_OFFICER], 'shelter'), c, ALL);
    expect(f).toEqual(['healthNotes', 'dependants']);
    expect(f).not.toContain('address');
  });

  it('no active referral to the organisation: nothing, consent or not', () => {
    expect(allowedPersonFields(actor([R.AGENCY_OFFICER], 'police'), caseOf('dost'), ALL)).toEqual([]);
    expect(allowedPersonFields(actor([R.LAWYER], 'police'), toPolice, ALL)).toEqual([]);
  });

  it('monitoring officers: nothing without an active referral and consent; consented fields with them', () => {
    const mo = actor([R.MONITORING_OFFICER], 'mg');
    expect(allowedPersonFields(mo, caseOf('dost2'), ALL)).toEqual([]);
    const withMg = caseOf('dost2', { recipientOrganisationIds: [ORG.mg.id] });
    expect(allowedPersonFields(mo, withMg, [])).toEqual([]);
    expect(allowedPersonFields(mo, withMg, [C.INCIDENT_NARRATIVE])).toEqual(['narrative']);
    const otherRegion = caseOf('dostGanja', { recipientOrganisationIds: [ORG.mg.id] });
    expect(allowedPersonFields(mo, otherRegion, ALL)).toEqual([]);
  });

  it('break-glass grants every field only where the ability allows it', () => {
    const sup = actor([R.SUPERVISOR]);
    expect(allowedPersonFields(sup, caseOf('dost2'), [], { breakGlass: true })).toEqual([...PERSON_FIELDS]);
    expect(allowedPersonFields(sup, caseOf('dost2'), [])).toEqual([]);
    expect(allowedPersonFields(sup, caseOf('dostGanja'), [], { breakGlass: true })).toEqual([]);
    expect(allowedPersonFields(actor([R.CASE_MANAGER]), caseOf('dost2'), [], { breakGlass: true })).toEqual(
      [],
    );
    expect(
      allowedPersonFields(actor([R.SUPERVISOR], 'police'), caseOf('dost2'), [], { breakGlass: true }),
    ).toEqual([]);
  });
});

describe('allowedCaseFields', () => {
  it('owners see every case field', () => {
    expect(allowedCaseFields(actor([R.CASE_MANAGER]), toPolice)).toEqual([...CASE_FIELDS]);
  });
  it('recipients see their profile’s case fields', () => {
    const shelterCase = caseOf('dost', { recipientOrganisationIds: [ORG.shelter.id] });
    const f = allowedCaseFields(actor([R.AGENCY_OFFICER], 'shelter'), shelterCase);
    expect(f).toContain('caseCode');
    expect(f).not.toContain('region');
    expect(f).not.toContain('caseManagerId');
    expect(allowedCaseFields(actor([R.AGENCY_OFFICER], 'police'), toPolice, [C.IDENTITY])).toContain(
      'caseCode',
    );
    expect(allowedCaseFields(actor([R.AGENCY_OFFICER], 'police'), toPolice, [])).not.toContain('caseCode');
  });
  it('monitoring officers: de-identified fields of their region only', () => {
    expect(allowedCaseFields(actor([R.MONITORING_OFFICER], 'mg'), caseOf('dost2'))).toEqual([
      ...DE_IDENTIFIED_CASE_FIELDS,
    ]);
    expect(allowedCaseFields(actor([R.MONITORING_OFFICER], 'mg'), caseOf('dostGanja'))).toEqual([]);
  });
  it('others: nothing', () => {
    expect(allowedCaseFields(actor([R.AUDITOR]), toPolice)).toEqual([]);
    expect(allowedCaseFields(actor([R.CASE_MANAGER], 'dost2'), toPolice)).toEqual([]);
  });
});

describe('assertFieldsAllowed', () => {
  it('passes when every field is allowed', () => {
    expect(() => assertFieldsAllowed(['phone'], ['phone', 'fullName'])).not.toThrow();
    expect(() => assertFieldsAllowed([], [])).not.toThrow();
  });
  it('refuses with FORBIDDEN and a path per refused field', () => {
    try {
      assertFieldsAllowed(['phone', 'address', 'fullName'], ['phone'], ['case', 'persons', '0']);
      throw new Error('expected throw');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      const de = e as DomainError;
      expect(de.code).toBe(DomainErrorCode.FORBIDDEN);
      expect(de.fields.map((f) => f.path.join('.'))).toEqual([
        'case.persons.0.address',
        'case.persons.0.fullName',
      ]);
    }
  });
});
