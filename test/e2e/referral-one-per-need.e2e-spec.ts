import { DEMO_ORG_IDS } from '@lib/persistence';
import { ApiHarness, codeOf } from './support/api-harness';
import {
  CREATE_REFERRAL,
  DECLINE,
  consentToPolice,
  key,
  openCase,
  referToPolice,
} from './support/operations';

/** Issue 14 item 6: one active referral per need (case × recipient × service), unless the sender states a re-referral. */
describe('one active referral per need (e2e)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(() => api?.stop());

  const refer = (caseId: string, extra: Record<string, unknown> = {}) =>
    api.gql('dost.manager', CREATE_REFERRAL, {
      input: {
        caseId,
        toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
        serviceType: 'INCIDENT_NOTIFICATION',
        purpose: 'LAW_ENFORCEMENT',
        dataCategories: ['IDENTITY'],
        idempotencyKey: key('ref'),
        ...extra,
      },
    });

  it('a second PENDING or ACCEPTED referral for the same need is a CONFLICT naming the first, and writes nothing', async () => {
    const c = await openCase(api);
    await consentToPolice(api, c.id);
    const first = await referToPolice(api, c.id);
    const before = await api.count('referrals', 'case_id = $1', [c.id]);
    const second = await refer(c.id);
    expect(codeOf(second)).toBe('CONFLICT');
    expect(second.errors?.[0]?.message).toContain(first.id);
    expect(await api.count('referrals', 'case_id = $1', [c.id])).toBe(before);
    // Another service for the same organisation is another need.
    expect(codeOf(await refer(c.id, { serviceType: 'PROTECTION_ORDER_SUPPORT' }))).toBeUndefined();
    // Accepted: still active.
    await api.ok(
      'police.officer',
      `mutation($i: AcceptReferralInput!) { acceptReferral(input: $i) { id } }`,
      { i: { referralId: first.id, expectedVersion: first.version } },
    );
    expect(codeOf(await refer(c.id))).toBe('CONFLICT');
    // Stated re-referral: allowed.
    const again = await refer(c.id, { reReferral: true });
    expect(codeOf(again)).toBeUndefined();
    expect(again.data.createReferral.status).toBe('PENDING');
  });

  it('once the referral is settled (declined), the need can be referred again without stating it', async () => {
    const c = await openCase(api);
    await consentToPolice(api, c.id);
    const first = await referToPolice(api, c.id);
    await api.ok('police.officer', DECLINE, {
      input: { referralId: first.id, expectedVersion: first.version, reason: 'No capacity' },
    });
    expect(codeOf(await refer(c.id))).toBeUndefined();
  });
});
