import { DataCategory as C } from './consent';
import {
  CATEGORY_FIELDS,
  ORGANISATION_CATEGORY_CEILING,
  PERSON_FIELDS,
  PROFILE_CASE_FIELDS,
  allowedCategoriesFor,
  allowedFieldsFor,
  canSeeShelterLocation,
  categoryOfField,
  defaultDataProfile,
  fieldsForCategories,
  isPersonField,
} from './data-profile';
import { OrganisationType as T } from './organisation-type';
import { DataProfile as P } from './referral';

const ALL = Object.values(C);

describe('data categories → person fields', () => {
  it('maps each category to its fields', () => {
    expect(CATEGORY_FIELDS).toEqual({
      IDENTITY: ['fullName', 'dateOfBirth'],
      CONTACT: ['phone'],
      LOCATION: ['address'],
      INCIDENT_NARRATIVE: ['narrative'],
      HEALTH: ['healthNotes'],
      CHILDREN: ['dependants'],
    });
  });

  it('every person field belongs to exactly one category', () => {
    for (const f of PERSON_FIELDS) {
      expect(ALL.filter((c) => CATEGORY_FIELDS[c].includes(f))).toEqual([categoryOfField(f)]);
    }
    expect(fieldsForCategories(ALL)).toEqual([...PERSON_FIELDS]);
  });

  it('fieldsForCategories and isPersonField', () => {
    expect(fieldsForCategories([C.HEALTH, C.IDENTITY])).toEqual(['fullName', 'dateOfBirth', 'healthNotes']);
    expect(fieldsForCategories([])).toEqual([]);
    expect(isPersonField('address')).toBe(true);
    expect(isPersonField('caseCode')).toBe(false);
  });
});

describe('default data profile', () => {
  it.each([
    [T.SSA, [], P.PSEUDONYMOUS],
    [T.SSA, [C.IDENTITY], P.PSEUDONYMOUS],
    [T.SHELTER, [C.IDENTITY], P.PSEUDONYMOUS],
    [T.MONITORING_GROUP, [], P.DE_IDENTIFIED],
    [T.MONITORING_GROUP, [C.INCIDENT_NARRATIVE], P.FULL],
    [T.POLICE, [], P.ANONYMOUS_INCIDENT],
    [T.POLICE, [C.IDENTITY], P.FULL],
    [T.NGO, [], P.FULL],
    [T.HEALTH, [C.HEALTH], P.FULL],
    [T.CFSC, [], P.FULL],
  ])('%s with %j → %s', (type, consented, profile) => {
    expect(defaultDataProfile(type, consented)).toBe(profile);
  });

  it('every organisation type has a profile', () => {
    for (const t of Object.values(T)) expect(Object.values(P)).toContain(defaultDataProfile(t, []));
  });
});

describe('allowed categories and fields', () => {
  it('FULL is limited to granted categories', () => {
    expect(allowedCategoriesFor(T.NGO, P.FULL, [C.IDENTITY, C.CONTACT])).toEqual([C.IDENTITY, C.CONTACT]);
    expect(allowedFieldsFor(T.NGO, P.FULL, [C.CONTACT])).toEqual(['phone']);
    expect(allowedCategoriesFor(T.NGO, P.FULL, [])).toEqual([]);
  });

  it('SSA and shelters never get location, identity or contact, even with consent', () => {
    for (const t of [T.SSA, T.SHELTER]) {
      expect(ORGANISATION_CATEGORY_CEILING[t]).not.toContain(C.LOCATION);
      expect(allowedCategoriesFor(t, P.PSEUDONYMOUS, ALL)).toEqual([C.HEALTH, C.CHILDREN]);
      expect(allowedCategoriesFor(t, P.FULL, ALL)).not.toContain(C.LOCATION);
      expect(allowedFieldsFor(t, P.PSEUDONYMOUS, ALL)).toEqual(['healthNotes', 'dependants']);
    }
  });

  it('de-identified and anonymous-incident profiles show no person field whatever the consent', () => {
    expect(allowedFieldsFor(T.MONITORING_GROUP, P.DE_IDENTIFIED, ALL)).toEqual([]);
    expect(allowedFieldsFor(T.POLICE, P.ANONYMOUS_INCIDENT, ALL)).toEqual([]);
  });

  it('pseudonymous and anonymous case views carry no region/opened-at for re-identification where listed', () => {
    expect(PROFILE_CASE_FIELDS[P.PSEUDONYMOUS]).not.toContain('region');
    expect(PROFILE_CASE_FIELDS[P.ANONYMOUS_INCIDENT]).not.toContain('caseCode');
    expect(PROFILE_CASE_FIELDS[P.DE_IDENTIFIED]).not.toContain('caseCode');
  });

  it('shelter location is visible to the shelter only', () => {
    expect(canSeeShelterLocation('s1', 's1')).toBe(true);
    expect(canSeeShelterLocation('dost', 's1')).toBe(false);
  });
});
