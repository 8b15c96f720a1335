import { DEMO_ORG_IDS } from '@lib/persistence';
import { ApiHarness } from './support/api-harness';
import { CREATE_REFERRAL, DECLINE, RECORD_CONSENT, WITHDRAW, key, openCase } from './support/operations';

/**
 * Issue 14 item 5: a reason given as a code is shared with the other party of a referral; free text stays with the
 * organisation that wrote it. Before, a withdrawal's free text reached the SSA although her consent covered only health.
 */
describe('coded reasons are shared, free text is not (e2e)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(() => api?.stop());

  const REFERRAL = `query($id: UUID!) { referral(id: $id) { status withdrawReason declineReason } }`;
  const FREE_TEXT = 'She moved to her sister at 5 Fuzuli St';

  async function healthOnlyReferralToSsa() {
    const c = await openCase(api);
    await api.ok('dost.manager', RECORD_CONSENT, {
      input: {
        caseId: c.id,
        grantor: 'SELF',
        recipientOrganisationId: DEMO_ORG_IDS.SSA,
        dataCategories: ['HEALTH'],
        purposes: ['SHELTER_PLACEMENT'],
        method: 'WRITTEN',
        idempotencyKey: key(),
      },
    });
    const created = await api.ok('dost.manager', CREATE_REFERRAL, {
      input: {
        caseId: c.id,
        toOrganisationId: DEMO_ORG_IDS.SSA,
        serviceType: 'SHELTER_PLACEMENT',
        purpose: 'SHELTER_PLACEMENT',
        dataCategories: ['HEALTH'],
        idempotencyKey: key(),
      },
    });
    // The referral's workflow has opened it by now (api.gql waits): act on its current version.
    const { id } = created.createReferral as { id: string };
    const current = await api.ok('dost.manager', `query($id: UUID!) { referral(id: $id) { id version } }`, { id });
    return current.referral as { id: string; version: number };
  }

  it('a withdrawal’s free text never reaches the SSA; its sender keeps it', async () => {
    const r = await healthOnlyReferralToSsa();
    await api.ok('dost.manager', WITHDRAW, {
      input: { referralId: r.id, expectedVersion: r.version, reason: FREE_TEXT },
    });
    expect((await api.ok('ssa.officer', REFERRAL, { id: r.id })).referral).toEqual({
      status: 'WITHDRAWN',
      withdrawReason: null,
      declineReason: null,
    });
    expect((await api.ok('dost.manager', REFERRAL, { id: r.id })).referral.withdrawReason).toBe(FREE_TEXT);
  });

  it('a withdrawal reason code is shared with the recipient', async () => {
    const r = await healthOnlyReferralToSsa();
    await api.ok('dost.manager', WITHDRAW, {
      input: { referralId: r.id, expectedVersion: r.version, reason: 'SURVIVOR_REQUEST' },
    });
    expect((await api.ok('ssa.officer', REFERRAL, { id: r.id })).referral.withdrawReason).toBe(
      'SURVIVOR_REQUEST',
    );
  });

  it('a decline: the sender sees the code, never the recipient’s free text', async () => {
    const coded = await healthOnlyReferralToSsa();
    await api.ok('ssa.officer', DECLINE, {
      input: { referralId: coded.id, expectedVersion: coded.version, reason: 'NO_CAPACITY' },
    });
    expect((await api.ok('dost.manager', REFERRAL, { id: coded.id })).referral.declineReason).toBe(
      'NO_CAPACITY',
    );
    const free = await healthOnlyReferralToSsa();
    const declined = await api.ok('ssa.officer', DECLINE, {
      input: {
        referralId: free.id,
        expectedVersion: free.version,
        reason: 'Shelter full; her husband called us',
      },
    });
    expect(declined.declineReferral.declineReason).toBe('Shelter full; her husband called us');
    expect((await api.ok('dost.manager', REFERRAL, { id: free.id })).referral.declineReason).toBeNull();
  });

  it('lists the coded reasons with their labels in three languages', async () => {
    const res = await api.ok('ssa.officer', `{ reasonCodes(kind: WITHDRAWAL) { code labels { az en ru } } }`);
    expect(res.reasonCodes).toContainEqual({
      code: 'SURVIVOR_REQUEST',
      labels: { az: 'Şəxsin xahişi ilə', en: 'At the survivor’s request', ru: 'По просьбе пострадавшей' },
    });
  });
});
