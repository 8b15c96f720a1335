import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type CryptoKey, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { bootstrapCoordinator } from '@lib/organisations';
import { codeOf } from './support/api-harness';
import { ACCEPT, CREATE_REFERRAL, RECORD_CONSENT, key, openCaseInput, OPEN_CASE } from './support/operations';
import { eventually, startTemporalApi, type TemporalApi } from './support/temporal-api';

/**
 * Issue 14's "done when": from an empty installation (no demo seed) with an OIDC identity provider, the coordinator's
 * first administrator creates a DOST centre and an NGO, appoints their administrators, who add and link their staff;
 * a referral goes from the new DOST centre to the new NGO through the referral workflow and is accepted; a deactivated
 * member's next request is refused with the token they still hold; a deactivated organisation's pending referral goes
 * back to its sender with a REROUTE task and it receives no new ones.
 */
const ISSUER = 'https://idp.onboarding.test';
const AUDIENCE = 'nrm-api';

class TestIdentityProvider {
  private constructor(
    private readonly server: Server,
    private readonly key: CryptoKey,
    readonly jwksUrl: string,
  ) {}

  static async start(): Promise<TestIdentityProvider> {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return new TestIdentityProvider(
      server,
      privateKey,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`,
    );
  }

  /** A token of the provider's account `subject` (what a member gets after signing in). */
  token(subject: string): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(this.key);
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

const ORG =
  '{ id name type region services acceptsReferrals active version names { az en ru } contactPoints { kind value label } coveredRegions }';
const STAFF =
  '{ id organisationId username roles supervisorId preferredLanguage active identityLinked identity { issuer subject } version }';
const CREATE_ORG = `mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) ${ORG} }`;
const ADD_STAFF = `mutation($i: AddStaffMemberInput!) { addStaffMember(input: $i) ${STAFF} }`;
const DEACTIVATE_STAFF = `mutation($i: StaffActivationInput!) { deactivateStaffMember(input: $i) ${STAFF} }`;
const DEACTIVATE_ORG = `mutation($i: DeactivateOrganisationInput!) { deactivateOrganisation(input: $i) { organisation ${ORG} reroutedReferralIds } }`;

describe('onboarding from an empty installation (e2e, OIDC, referral workflow)', () => {
  let idp: TestIdentityProvider;
  let t: TemporalApi;

  beforeAll(async () => {
    idp = await TestIdentityProvider.start();
    t = await startTemporalApi({
      api: {
        seeded: false,
        authConfig: {
          mode: 'oidc',
          issuer: ISSUER,
          audience: AUDIENCE,
          jwksUrl: idp.jwksUrl,
          staffIdClaim: 'sub',
          identityClaim: 'sub',
        },
        // Users here are the identity provider's subjects.
        issueToken: (subject) => idp.token(subject),
      },
    });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await idp?.stop();
  });

  it('coordinator → organisations → administrators → staff → referral accepted; deactivations take effect', async () => {
    const api = t.api;
    expect(await api.count('organisations')).toBe(0);
    expect(await api.count('staff_members')).toBe(0);
    await bootstrapCoordinator(api.db.dataSource, {
      nameAz: 'Ailə, Qadın və Uşaq Problemləri üzrə Dövlət Komitəsi',
      nameEn: 'State Committee for Family, Women and Children Affairs',
      username: 'coordinator.admin',
      displayName: 'Coordinator Administrator',
      identity: { issuer: ISSUER, subject: 'idp|coordinator' },
    });
    // An account the provider knows but nobody linked is refused.
    expect(codeOf(await api.gql('idp|stranger', '{ organisations { id } }'))).toBe('UNAUTHENTICATED');

    const coordinator = 'idp|coordinator';
    const dost = (
      await api.ok(coordinator, CREATE_ORG, {
        i: {
          names: { az: 'DOST Mərkəzi (Sumqayıt)', en: 'DOST Centre (Sumgait)', ru: 'Центр DOST (Сумгаит)' },
          type: 'DOST_CENTER',
          region: 'Sumgait',
          services: ['SOCIAL_ASSISTANCE', 'PSYCHOLOGICAL_SUPPORT'],
          contactPoints: [{ kind: 'PHONE', value: '+994 18 000 00 00', label: 'reception' }],
          idempotencyKey: key('org'),
        },
      })
    ).createOrganisation;
    const ngo = (
      await api.ok(coordinator, CREATE_ORG, {
        i: {
          names: { az: 'Hüquq Klinikası' },
          type: 'NGO',
          region: 'Sumgait',
          services: ['LEGAL_AID'],
          idempotencyKey: key('org'),
        },
      })
    ).createOrganisation;
    expect(dost).toMatchObject({
      type: 'DOST_CENTER',
      acceptsReferrals: true,
      active: true,
      names: { ru: 'Центр DOST (Сумгаит)' },
    });
    expect(ngo).toMatchObject({ name: 'Hüquq Klinikası', names: { az: 'Hüquq Klinikası', en: null } });

    // The coordinator appoints each organisation's first administrator, linked to their provider account.
    const appoint = async (orgId: string, username: string, subject: string) =>
      (
        await api.ok(coordinator, ADD_STAFF, {
          i: {
            organisationId: orgId,
            username,
            displayName: username,
            roles: ['ORGANISATION_ADMIN'],
            identity: { subject },
            idempotencyKey: key('staff'),
          },
        })
      ).addStaffMember;
    const dostAdmin = await appoint(dost.id, 'sumgait.admin', 'idp|dost-admin');
    expect(dostAdmin).toMatchObject({
      identityLinked: true,
      identity: { issuer: ISSUER, subject: 'idp|dost-admin' },
    });
    await appoint(ngo.id, 'clinic.admin', 'idp|ngo-admin');

    // Each administrator adds their own staff; never another organisation's.
    const add = async (
      as: string,
      orgId: string,
      username: string,
      roles: string[],
      subject: string,
      supervisorId: string | null = null,
    ) =>
      (
        await api.ok(as, ADD_STAFF, {
          i: {
            organisationId: orgId,
            username,
            displayName: username,
            roles,
            supervisorId,
            preferredLanguage: 'EN',
            identity: { subject },
            idempotencyKey: key('staff'),
          },
        })
      ).addStaffMember;
    const supervisor = await add(
      'idp|dost-admin',
      dost.id,
      'sumgait.supervisor',
      ['SUPERVISOR'],
      'idp|dost-sup',
    );
    const manager = await add(
      'idp|dost-admin',
      dost.id,
      'sumgait.manager',
      ['CASE_MANAGER', 'INTAKE_OFFICER'],
      'idp|dost-cm',
      supervisor.id,
    );
    expect(manager).toMatchObject({ supervisorId: supervisor.id, preferredLanguage: 'EN' });
    const officer = await add(
      'idp|ngo-admin',
      ngo.id,
      'clinic.lawyer',
      ['AGENCY_OFFICER'],
      'idp|ngo-officer',
    );
    const intrusion = await api.gql('idp|dost-admin', ADD_STAFF, {
      i: {
        organisationId: ngo.id,
        username: 'intruder',
        displayName: 'x',
        roles: ['AGENCY_OFFICER'],
        idempotencyKey: key('staff'),
      },
    });
    expect(codeOf(intrusion)).toBe('FORBIDDEN');
    expect(await api.count('staff_members', 'username = $1', ['intruder'])).toBe(0);

    // A referral from the new DOST centre to the new NGO, through the referral workflow.
    const opened = (await api.ok('idp|dost-cm', OPEN_CASE, { input: openCaseInput() })).openCase;
    await api.ok('idp|dost-cm', RECORD_CONSENT, {
      input: {
        caseId: opened.id,
        grantor: 'SELF',
        recipientOrganisationId: ngo.id,
        dataCategories: ['IDENTITY', 'CONTACT'],
        purposes: ['LEGAL_AID'],
        method: 'WRITTEN',
        idempotencyKey: key('consent'),
      },
    });
    const refer = (caseId: string) =>
      api.gql('idp|dost-cm', CREATE_REFERRAL, {
        input: {
          caseId,
          toOrganisationId: ngo.id,
          serviceType: 'LEGAL_AID',
          purpose: 'LEGAL_AID',
          dataCategories: ['IDENTITY', 'CONTACT'],
          idempotencyKey: key('ref'),
        },
      });
    const referral = (await refer(opened.id)).data.createReferral;
    await eventually(
      async () =>
        (await api.count('tasks', `referral_id = $1 AND type = 'REFERRAL_RESPONSE' AND status = 'OPEN'`, [
          referral.id,
        ])) === 1,
    );
    const accepted = (
      await api.ok('idp|ngo-officer', ACCEPT, {
        input: {
          referralId: referral.id,
          expectedVersion: (
            await api.ok('idp|ngo-officer', `query($id: UUID!) { referral(id: $id) { version } }`, {
              id: referral.id,
            })
          ).referral.version,
        },
      })
    ).acceptReferral;
    expect(accepted.status).toBe('ACCEPTED');

    // The NGO administrator deactivates the officer: the token they still hold is refused at once.
    expect(
      codeOf(
        await api.gql('idp|ngo-officer', `query($id: UUID!) { referral(id: $id) { id } }`, { id: referral.id }),
      ),
    ).toBeUndefined();
    await api.ok('idp|ngo-admin', DEACTIVATE_STAFF, {
      i: { staffId: officer.id, expectedVersion: officer.version },
    });
    expect(
      codeOf(
        await api.gql('idp|ngo-officer', `query($id: UUID!) { referral(id: $id) { id } }`, { id: referral.id }),
      ),
    ).toBe('UNAUTHENTICATED');

    // A second case's referral is pending when the coordinator deactivates the NGO: it goes back to the DOST centre.
    const second = (await api.ok('idp|dost-cm', OPEN_CASE, { input: openCaseInput() })).openCase;
    await api.ok('idp|dost-cm', RECORD_CONSENT, {
      input: {
        caseId: second.id,
        grantor: 'SELF',
        recipientOrganisationId: ngo.id,
        dataCategories: ['IDENTITY', 'CONTACT'],
        purposes: ['LEGAL_AID'],
        method: 'WRITTEN',
        idempotencyKey: key('consent'),
      },
    });
    const pending = (await refer(second.id)).data.createReferral;
    await eventually(
      async () =>
        (await api.count('tasks', `referral_id = $1 AND type = 'REFERRAL_RESPONSE' AND status = 'OPEN'`, [
          pending.id,
        ])) === 1,
    );
    const ngoNow = (await api.ok(coordinator, `{ organisations(type: NGO) ${ORG} }`)).organisations[0];
    const result = (
      await api.ok(coordinator, DEACTIVATE_ORG, {
        i: { organisationId: ngo.id, expectedVersion: ngoNow.version },
      })
    ).deactivateOrganisation;
    expect(result.reroutedReferralIds).toEqual([pending.id]);
    expect(result.organisation).toMatchObject({ active: false, acceptsReferrals: false });
    const [row] = await api.db.dataSource.query(
      `SELECT status, decline_reason FROM referrals WHERE id = $1`,
      [pending.id],
    );
    expect(row).toEqual({ status: 'DECLINED', decline_reason: 'ORGANISATION_DEACTIVATED' });
    expect(
      await api.count(
        'tasks',
        `referral_id = $1 AND type = 'REROUTE' AND status = 'OPEN' AND organisation_id = $2`,
        [pending.id, dost.id],
      ),
    ).toBe(1);
    expect(await api.count('referrals', `id = $1 AND status = 'ACCEPTED'`, [referral.id])).toBe(1);

    // It receives no new referrals, and leaves the directory.
    const refused = await refer(second.id);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.extensions.fields).toEqual([
      { path: 'input.toOrganisationId', message: 'this organisation takes no new referrals' },
    ]);
    expect(
      (await api.ok('idp|dost-cm', `{ organisations { id } }`)).organisations.map(
        (o: { id: string }) => o.id,
      ),
    ).not.toContain(ngo.id);
  });
});
