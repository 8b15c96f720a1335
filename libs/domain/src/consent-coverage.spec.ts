import { ConsentGrantor, ConsentPurpose as Pu, DataCategory as C } from './consent';
import {
  type ConsentRecord,
  assertConsentCovers,
  checkConsentCoverage,
  consentMatchesRecipient,
  consentedCategoriesFor,
  isConsentInForce,
  validateConsentInput,
} from './consent-coverage';
import { DomainError, DomainErrorCode } from './errors';
import { OrganisationType as T } from './organisation-type';

const ORG_POLICE = '00000000-0000-4000-8000-000000000001';
const ORG_OTHER_POLICE = '00000000-0000-4000-8000-000000000002';
const police = { organisationId: ORG_POLICE, organisationType: T.POLICE };
const otherPolice = { organisationId: ORG_OTHER_POLICE, organisationType: T.POLICE };
const ngo = { organisationId: '00000000-0000-4000-8000-000000000003', organisationType: T.NGO };
const now = new Date('2026-11-22T10:00:00Z');
const before = new Date('2026-11-01T00:00:00Z');
const later = new Date('2026-12-01T00:00:00Z');

function consent(over: Partial<ConsentRecord> = {}): ConsentRecord {
  return {
    id: 'c1',
    grantor: ConsentGrantor.SELF,
    recipientOrganisationId: ORG_POLICE,
    recipientOrganisationType: null,
    dataCategories: [C.IDENTITY],
    purposes: [Pu.LAW_ENFORCEMENT],
    grantedAt: before,
    expiresAt: null,
    withdrawnAt: null,
    ...over,
  };
}

describe('consent in force', () => {
  it('is in force from grantedAt until expiry or withdrawal (exclusive)', () => {
    expect(isConsentInForce(consent(), now)).toBe(true);
    expect(isConsentInForce(consent({ grantedAt: now }), now)).toBe(true);
    expect(isConsentInForce(consent({ grantedAt: later }), now)).toBe(false);
    expect(isConsentInForce(consent({ expiresAt: later }), now)).toBe(true);
    expect(isConsentInForce(consent({ expiresAt: now }), now)).toBe(false);
    expect(isConsentInForce(consent({ withdrawnAt: now }), now)).toBe(false);
    expect(isConsentInForce(consent({ withdrawnAt: later }), now)).toBe(true);
  });

  it('matches a named organisation or an organisation type', () => {
    expect(consentMatchesRecipient(consent(), police)).toBe(true);
    expect(consentMatchesRecipient(consent(), otherPolice)).toBe(false);
    const byType = consent({ recipientOrganisationId: null, recipientOrganisationType: T.POLICE });
    expect(consentMatchesRecipient(byType, otherPolice)).toBe(true);
    expect(consentMatchesRecipient(byType, ngo)).toBe(false);
    expect(consentMatchesRecipient(consent({ recipientOrganisationId: null }), police)).toBe(false);
  });
});

describe('consent coverage', () => {
  const consents = [
    consent({ id: 'a', dataCategories: [C.IDENTITY] }),
    consent({
      id: 'b',
      recipientOrganisationId: null,
      recipientOrganisationType: T.POLICE,
      dataCategories: [C.INCIDENT_NARRATIVE, C.CONTACT],
    }),
    consent({ id: 'c', dataCategories: [C.HEALTH], purposes: [Pu.HEALTH_CARE] }),
    consent({ id: 'd', dataCategories: [C.LOCATION], withdrawnAt: before }),
    consent({ id: 'e', dataCategories: [C.CHILDREN], expiresAt: before }),
  ];

  it('unions in-force consents matching recipient and purpose', () => {
    expect(consentedCategoriesFor(consents, police, Pu.LAW_ENFORCEMENT, now)).toEqual([
      C.IDENTITY,
      C.CONTACT,
      C.INCIDENT_NARRATIVE,
    ]);
    expect(consentedCategoriesFor(consents, otherPolice, Pu.LAW_ENFORCEMENT, now)).toEqual([
      C.CONTACT,
      C.INCIDENT_NARRATIVE,
    ]);
    expect(consentedCategoriesFor(consents, police, Pu.HEALTH_CARE, now)).toEqual([C.HEALTH]);
    expect(consentedCategoriesFor(consents, ngo, Pu.LAW_ENFORCEMENT, now)).toEqual([]);
  });

  it('covers a disclosure combining two consents and names the supporting ones', () => {
    const r = checkConsentCoverage(
      consents,
      { recipient: police, categories: [C.IDENTITY, C.INCIDENT_NARRATIVE], purpose: Pu.LAW_ENFORCEMENT },
      now,
    );
    expect(r).toEqual({ covered: true, missing: [], supportingConsentIds: ['a', 'b'] });
  });

  it('reports missing categories: withdrawn, expired, other purpose, other recipient', () => {
    const r = checkConsentCoverage(
      consents,
      {
        recipient: police,
        categories: [C.LOCATION, C.CHILDREN, C.HEALTH, C.IDENTITY],
        purpose: Pu.LAW_ENFORCEMENT,
      },
      now,
    );
    expect(r.covered).toBe(false);
    expect(r.missing).toEqual([C.HEALTH, C.CHILDREN, C.LOCATION]);
    expect(
      checkConsentCoverage(
        consents,
        { recipient: ngo, categories: [C.IDENTITY], purpose: Pu.LAW_ENFORCEMENT },
        now,
      ).missing,
    ).toEqual([C.IDENTITY]);
  });

  it('withdrawal takes effect at once', () => {
    const c = [consent({ withdrawnAt: now })];
    expect(
      checkConsentCoverage(
        c,
        { recipient: police, categories: [C.IDENTITY], purpose: Pu.LAW_ENFORCEMENT },
        now,
      ).covered,
    ).toBe(false);
    const justBefore = new Date(now.getTime() - 1);
    expect(
      checkConsentCoverage(
        c,
        { recipient: police, categories: [C.IDENTITY], purpose: Pu.LAW_ENFORCEMENT },
        justBefore,
      ).covered,
    ).toBe(true);
  });

  it('an empty disclosure is trivially covered', () => {
    expect(
      checkConsentCoverage([], { recipient: police, categories: [], purpose: Pu.MONITORING }, now).covered,
    ).toBe(true);
  });

  it('assertConsentCovers throws CONSENT_REQUIRED with the field path and no personal data', () => {
    try {
      assertConsentCovers(
        consents,
        { recipient: police, categories: [C.HEALTH], purpose: Pu.LAW_ENFORCEMENT },
        now,
      );
      throw new Error('expected throw');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      const de = e as DomainError;
      expect(de.code).toBe(DomainErrorCode.CONSENT_REQUIRED);
      expect(de.message).toContain('HEALTH');
      expect(de.fields[0]?.path).toEqual(['input', 'dataCategories']);
    }
    expect(
      assertConsentCovers(
        consents,
        { recipient: police, categories: [C.IDENTITY], purpose: Pu.LAW_ENFORCEMENT },
        now,
      ).covered,
    ).toBe(true);
  });
});

describe('validateConsentInput', () => {
  const base = {
    grantor: 'SELF',
    recipientOrganisationType: 'POLICE',
    dataCategories: ['INCIDENT_NARRATIVE', 'IDENTITY'],
    purposes: ['LAW_ENFORCEMENT'],
  };

  it('accepts a valid consent and defaults grantedAt to now', () => {
    const v = validateConsentInput(base, now);
    expect(v).toEqual({
      grantor: ConsentGrantor.SELF,
      recipientOrganisationId: null,
      recipientOrganisationType: T.POLICE,
      dataCategories: [C.IDENTITY, C.INCIDENT_NARRATIVE],
      purposes: [Pu.LAW_ENFORCEMENT],
      grantedAt: now,
      expiresAt: null,
    });
    const byId = validateConsentInput(
      {
        ...base,
        recipientOrganisationType: undefined,
        recipientOrganisationId: ORG_POLICE,
        expiresAt: later.toISOString(),
      },
      now,
    );
    expect(byId.recipientOrganisationId).toBe(ORG_POLICE);
    expect(byId.expiresAt).toEqual(later);
  });

  function paths(input: Record<string, unknown>): string[] {
    try {
      validateConsentInput(input as never, now);
    } catch (e) {
      return (e as DomainError).fields.map((f) => f.path.join('.'));
    }
    return [];
  }

  it('requires exactly one recipient', () => {
    expect(paths({ ...base, recipientOrganisationType: undefined })).toEqual([
      'input.recipientOrganisationId',
    ]);
    expect(paths({ ...base, recipientOrganisationId: ORG_POLICE })).toEqual([
      'input.recipientOrganisationId',
    ]);
    expect(paths({ ...base, recipientOrganisationType: 'MARS' })).toEqual([
      'input.recipientOrganisationType',
    ]);
    expect(paths({ ...base, recipientOrganisationType: null, recipientOrganisationId: 'x' })).toEqual([
      'input.recipientOrganisationId',
    ]);
  });

  it('reports every wrong field at once', () => {
    expect(
      paths({
        grantor: 'ME',
        recipientOrganisationType: 'NGO',
        dataCategories: [],
        purposes: ['X'],
        expiresAt: before.toISOString(),
      }),
    ).toEqual(['input.grantor', 'input.dataCategories', 'input.purposes.0', 'input.expiresAt']);
  });

  it('rejects grantedAt in the future and expiry not after grant', () => {
    expect(paths({ ...base, grantedAt: later.toISOString() })).toEqual(['input.grantedAt']);
    expect(paths({ ...base, grantedAt: '2026-11-23T00:00:00Z', expiresAt: '2026-11-22T12:00:00Z' })).toEqual([
      'input.grantedAt',
      'input.expiresAt',
    ]);
    expect(paths({ ...base, grantedAt: before.toISOString(), expiresAt: later.toISOString() })).toEqual([]);
  });
});
