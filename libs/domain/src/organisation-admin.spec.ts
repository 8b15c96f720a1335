import { DomainError } from './errors';
import {
  ContactPointKind,
  requireTakesReferrals,
  validateOrganisationDefinition,
} from './organisation-admin';
import { OrganisationType } from './organisation-type';
import { ServiceType } from './referral';

const valid = {
  names: { az: 'Hüquq Klinikası', en: 'Legal Clinic', ru: null },
  type: OrganisationType.NGO,
  region: 'Baku',
  services: [ServiceType.LEGAL_AID],
};

function fieldsOf(fn: () => unknown): { path: string[]; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.fields;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('validateOrganisationDefinition', () => {
  it('accepts a definition, defaults, and keeps names per language', () => {
    expect(validateOrganisationDefinition(valid, ['input'])).toEqual({
      names: { az: 'Hüquq Klinikası', en: 'Legal Clinic', ru: null },
      type: OrganisationType.NGO,
      region: 'Baku',
      services: [ServiceType.LEGAL_AID],
      contactPoints: [],
      acceptsReferrals: true,
      coveredRegions: [],
    });
  });

  it('reports every wrong field at once, by path, without repeating values', () => {
    const fields = fieldsOf(() =>
      validateOrganisationDefinition(
        {
          names: { az: ' ' },
          type: 'CASTLE',
          region: '',
          services: ['NOPE'],
          contactPoints: [{ kind: 'EMAIL', value: 'secret-not-an-email' }],
        },
        ['input'],
      ),
    );
    expect(fields.map((f) => f.path.join('.'))).toEqual([
      'input.names.az',
      'input.type',
      'input.region',
      'input.services.0',
      'input.contactPoints.0.value',
    ]);
    expect(JSON.stringify(fields)).not.toContain('secret-not-an-email');
  });

  it('never gives a shelter an address, and only monitoring groups cover regions', () => {
    expect(
      fieldsOf(() =>
        validateOrganisationDefinition(
          {
            ...valid,
            type: OrganisationType.SHELTER,
            services: [ServiceType.SHELTER_PLACEMENT],
            contactPoints: [{ kind: ContactPointKind.ADDRESS, value: 'x' }],
          },
          ['input'],
        ),
      ),
    ).toEqual([
      { path: ['input', 'contactPoints', '0', 'kind'], message: 'a shelter has no address in the directory' },
    ]);
    expect(
      fieldsOf(() => validateOrganisationDefinition({ ...valid, coveredRegions: ['Baku'] }, ['input']))[0]
        ?.path,
    ).toEqual(['input', 'coveredRegions']);
    expect(
      validateOrganisationDefinition(
        {
          ...valid,
          type: OrganisationType.MONITORING_GROUP,
          services: [],
          coveredRegions: ['Baku', 'Sumgait', 'Baku'],
        },
        ['input'],
      ).coveredRegions,
    ).toEqual(['Baku', 'Sumgait']);
  });

  it('an organisation that takes referrals offers a service', () => {
    expect(
      fieldsOf(() => validateOrganisationDefinition({ ...valid, services: [] }, ['input']))[0]?.path,
    ).toEqual(['input', 'services']);
    expect(
      validateOrganisationDefinition({ ...valid, services: [], acceptsReferrals: false }, ['input'])
        .acceptsReferrals,
    ).toBe(false);
  });
});

describe('requireTakesReferrals', () => {
  it('refuses an inactive organisation and one that takes no referrals', () => {
    expect(() =>
      requireTakesReferrals({ active: true, acceptsReferrals: true }, ['input', 'toOrganisationId']),
    ).not.toThrow();
    for (const org of [
      { active: false, acceptsReferrals: true },
      { active: true, acceptsReferrals: false },
    ]) {
      expect(fieldsOf(() => requireTakesReferrals(org, ['input', 'toOrganisationId']))).toEqual([
        { path: ['input', 'toOrganisationId'], message: 'this organisation takes no new referrals' },
      ]);
    }
  });
});
