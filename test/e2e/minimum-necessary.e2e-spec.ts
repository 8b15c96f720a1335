import { DEMO_ORG_IDS } from '@lib/persistence';
import { ApiHarness, codeOf } from './support/api-harness';
import { CREATE_REFERRAL, RECORD_CONSENT, key, openCase } from './support/operations';

/** Data profiles: the SSA and shelters see a pseudonymous case and needs, never identity or address history. */
describe('minimum necessary (e2e)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api?.stop();
  });

  async function consentToSsa(caseId: string): Promise<void> {
    await api.ok('dost.manager', RECORD_CONSENT, {
      input: {
        caseId,
        grantor: 'SELF',
        recipientOrganisationType: 'SSA',
        dataCategories: ['IDENTITY', 'CONTACT', 'LOCATION', 'HEALTH', 'CHILDREN'],
        purposes: ['SHELTER_PLACEMENT'],
        method: 'WRITTEN',
        idempotencyKey: key(),
      },
    });
  }

  function referToSsa(caseId: string, categories: string[]) {
    return api.gql('dost.manager', CREATE_REFERRAL, {
      input: { caseId, toOrganisationId: DEMO_ORG_IDS.SSA, serviceType: 'SHELTER_PLACEMENT', purpose: 'SHELTER_PLACEMENT', dataCategories: categories, idempotencyKey: key() },
    });
  }

  it('refuses to send the SSA more than its pseudonymous profile allows, even with consent', async () => {
    const c = await openCase(api);
    await consentToSsa(c.id);
    const res = await referToSsa(c.id, ['IDENTITY', 'LOCATION', 'HEALTH']);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions.fields).toEqual([{ path: 'input.dataCategories', message: 'SSA (PSEUDONYMOUS) may not receive IDENTITY, LOCATION' }]);
  });

  it('the SSA sees the case pseudonymously: needs (health, children), no name, no address, no case region', async () => {
    const c = await openCase(api);
    await consentToSsa(c.id);
    const created = await referToSsa(c.id, ['HEALTH', 'CHILDREN']);
    expect(created.data.createReferral).toMatchObject({ dataProfile: 'PSEUDONYMOUS', dataCategories: ['HEALTH', 'CHILDREN'] });
    const view = await api.gql('ssa.officer', `query($id: UUID!) { case(id: $id) { caseCode region dataProfile survivor { healthNotes dependants { fullName dateOfBirth ageBand } fullName address } } }`, { id: c.id });
    expect(view.data.case).toMatchObject({
      caseCode: c.caseCode,
      region: null,
      dataProfile: 'PSEUDONYMOUS',
      // The SSA learns how many children and their age bands, never their names or dates of birth.
      survivor: { healthNotes: 'Bruising, needs check-up', dependants: [{ fullName: null, dateOfBirth: null, ageBand: expect.stringMatching(/^(UNDER_11|AGE_11_14|AGE_15_18)$/) }], fullName: null, address: null },
    });
    expect(JSON.stringify(view)).not.toContain('Child One');
    // The case's owner still sees them.
    const own = await api.ok('dost.manager', `query($id: UUID!) { case(id: $id) { survivor { dependants { fullName dateOfBirth } } } }`, { id: c.id });
    expect(own.case.survivor.dependants).toEqual([{ fullName: 'Child One', dateOfBirth: '2015-01-02' }]);
    expect(view.errors!.map((e) => e.path!.join('.')).sort()).toEqual(['case.survivor.address', 'case.survivor.fullName']);
    expect(view.errors!.every((e) => e.extensions.code === 'FORBIDDEN')).toBe(true);
  });
});
