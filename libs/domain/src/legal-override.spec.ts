import { CaseCategory } from './case-category';
import { RiskLevel } from './case';
import { DataCategory as C, LegalBasis as B } from './consent';
import { DomainError, DomainErrorCode } from './errors';
import {
  ANONYMOUS_INCIDENT_NOTICE_FIELDS,
  LEGAL_BASIS_RULES,
  PlaceType,
  assertCanCountersign,
  buildAnonymousIncidentNotice,
  overrideCategories,
  overrideDataProfile,
  validateLegalOverrideRequest,
} from './legal-override';
import { OrganisationType as T } from './organisation-type';
import { DataProfile } from './referral';

const J = 'Survivor reports threats to kill tonight; immediate police protection needed.';

function fail(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected DomainError');
}

describe('minimum necessary per legal basis', () => {
  it('matches the table', () => {
    expect(overrideCategories(B.STATUTORY_DUTY, T.POLICE)).toEqual([C.INCIDENT_NARRATIVE]);
    expect(overrideCategories(B.RISK_TO_LIFE, T.POLICE)).toEqual([
      C.IDENTITY,
      C.CONTACT,
      C.INCIDENT_NARRATIVE,
      C.LOCATION,
    ]);
    expect(overrideCategories(B.CHILD_AT_RISK, T.CFSC)).toEqual([
      C.IDENTITY,
      C.INCIDENT_NARRATIVE,
      C.CHILDREN,
    ]);
  });

  it('discloses nothing to recipients outside the basis', () => {
    expect(overrideCategories(B.STATUTORY_DUTY, T.NGO)).toEqual([]);
    expect(overrideCategories(B.RISK_TO_LIFE, T.EMPLOYMENT)).toEqual([]);
    expect(overrideCategories(B.CHILD_AT_RISK, T.NGO)).toEqual([]);
  });

  it('still applies the recipient profile (SSA/shelter: children only, never identity or location)', () => {
    expect(overrideCategories(B.CHILD_AT_RISK, T.SSA)).toEqual([C.CHILDREN]);
    expect(overrideCategories(B.CHILD_AT_RISK, T.SHELTER)).toEqual([C.CHILDREN]);
    expect(overrideDataProfile(T.SHELTER)).toBe(DataProfile.PSEUDONYMOUS);
    expect(overrideDataProfile(T.POLICE)).toBe(DataProfile.FULL);
  });

  it('never exceeds the basis categories for any recipient', () => {
    for (const b of Object.values(B)) {
      for (const t of Object.values(T)) {
        for (const c of overrideCategories(b, t)) expect(LEGAL_BASIS_RULES[b].categories).toContain(c);
      }
    }
  });
});

describe('validateLegalOverrideRequest', () => {
  const adultToPolice = { recipientOrganisationType: T.POLICE, caseIsChild: false };

  it('accepts a justified statutory notification and defaults to the minimum set', () => {
    expect(
      validateLegalOverrideRequest({ basis: 'STATUTORY_DUTY', justification: `  ${J}  ` }, adultToPolice),
    ).toEqual({
      basis: B.STATUTORY_DUTY,
      justification: J,
      dataProfile: DataProfile.FULL,
      dataCategories: [C.INCIDENT_NARRATIVE],
    });
  });

  it('accepts a narrower request', () => {
    const v = validateLegalOverrideRequest(
      { basis: B.RISK_TO_LIFE, justification: J, dataCategories: ['CONTACT'] },
      adultToPolice,
    );
    expect(v.dataCategories).toEqual([C.CONTACT]);
  });

  it('refuses categories beyond the basis rather than narrowing silently', () => {
    const e = fail(() =>
      validateLegalOverrideRequest(
        { basis: B.STATUTORY_DUTY, justification: J, dataCategories: ['INCIDENT_NARRATIVE', 'IDENTITY'] },
        adultToPolice,
      ),
    );
    expect(e.code).toBe(DomainErrorCode.BAD_INPUT);
    expect(e.fields).toHaveLength(1);
    expect(e.fields[0]?.path).toEqual(['input', 'dataCategories']);
    expect(e.fields[0]?.message).toContain('IDENTITY');
  });

  it('requires a justification of at least 20 characters', () => {
    const e = fail(() =>
      validateLegalOverrideRequest({ basis: B.STATUTORY_DUTY, justification: ' too short  ' }, adultToPolice),
    );
    expect(e.fields.map((f) => f.path.join('.'))).toEqual(['input.justification']);
    expect(
      validateLegalOverrideRequest({ basis: B.STATUTORY_DUTY, justification: 'x'.repeat(20) }, adultToPolice)
        .justification,
    ).toHaveLength(20);
    expect(() =>
      validateLegalOverrideRequest({ basis: B.STATUTORY_DUTY, justification: 'x'.repeat(19) }, adultToPolice),
    ).toThrow(DomainError);
  });

  it('requires a known basis', () => {
    const e = fail(() => validateLegalOverrideRequest({ basis: 'BECAUSE', justification: J }, adultToPolice));
    expect(e.fields.map((f) => f.path.join('.'))).toEqual(['input.legalBasis']);
  });

  it('CHILD_AT_RISK requires a child case', () => {
    const e = fail(() =>
      validateLegalOverrideRequest(
        { basis: B.CHILD_AT_RISK, justification: J },
        { recipientOrganisationType: T.CFSC, caseIsChild: false },
      ),
    );
    expect(e.fields[0]?.path).toEqual(['input', 'legalBasis']);
    expect(
      validateLegalOverrideRequest(
        { basis: B.CHILD_AT_RISK, justification: J },
        { recipientOrganisationType: T.CFSC, caseIsChild: true },
      ).dataCategories,
    ).toEqual([C.IDENTITY, C.INCIDENT_NARRATIVE, C.CHILDREN]);
  });

  it('refuses a basis to a recipient it does not cover', () => {
    const e = fail(() =>
      validateLegalOverrideRequest(
        { basis: B.STATUTORY_DUTY, justification: J },
        { recipientOrganisationType: T.NGO, caseIsChild: false },
      ),
    );
    expect(e.fields[0]?.message).toContain('NGO');
  });
});

describe('countersignature', () => {
  const requester = { staffId: 'u1', organisationId: 'o1' };
  it('accepts another supervisor of the same organisation', () => {
    expect(() =>
      assertCanCountersign(requester, { staffId: 'u2', organisationId: 'o1', isSupervisor: true }),
    ).not.toThrow();
  });
  it.each([
    ['the requester themselves', { staffId: 'u1', organisationId: 'o1', isSupervisor: true }],
    ['a non-supervisor', { staffId: 'u2', organisationId: 'o1', isSupervisor: false }],
    ['a supervisor of another organisation', { staffId: 'u2', organisationId: 'o2', isSupervisor: true }],
  ])('refuses %s', (_label, cs) => {
    expect(fail(() => assertCanCountersign(requester, cs)).code).toBe(DomainErrorCode.FORBIDDEN);
  });
});

describe('anonymous incident notice', () => {
  const now = new Date('2026-11-22T10:00:00Z');
  const input = {
    incidentDate: '2026-11-21',
    placeType: 'HOME',
    region: ' Ganja ',
    incidentCategory: 'DOMESTIC_VIOLENCE',
    riskLevel: 'HIGH',
    fullName: 'must never pass',
    phone: '+994 00 000 00 00',
    address: 'secret',
  };

  it('keeps only the allow-listed fields', () => {
    const n = buildAnonymousIncidentNotice(input, now);
    expect(n).toEqual({
      incidentDate: '2026-11-21',
      placeType: PlaceType.HOME,
      region: 'Ganja',
      incidentCategory: CaseCategory.DOMESTIC_VIOLENCE,
      riskLevel: RiskLevel.HIGH,
    });
    expect(Object.keys(n).sort()).toEqual([...ANONYMOUS_INCIDENT_NOTICE_FIELDS].sort());
    expect(JSON.stringify(n)).not.toMatch(/never|secret|994/);
  });

  it('validates every field', () => {
    const e = fail(() =>
      buildAnonymousIncidentNotice(
        {
          incidentDate: '2026-11-23',
          placeType: 'MOON',
          region: '',
          incidentCategory: 'X',
          riskLevel: 'EXTREME',
        },
        now,
      ),
    );
    expect(e.fields.map((f) => f.path.join('.'))).toEqual([
      'input.incidentDate',
      'input.placeType',
      'input.region',
      'input.incidentCategory',
      'input.riskLevel',
    ]);
    expect(() => buildAnonymousIncidentNotice({ ...input, incidentDate: '2026-02-30' }, now)).toThrow(
      DomainError,
    );
  });
});
