import { ApiHarness, codeOf } from './support/api-harness';
import { assignWorkers, consentToPolice, openCase, referToPolice } from './support/operations';

/** Issue 14 item 4: a case's details can be corrected after openCase, at a version, audited by field names only. */
const UPDATE = `mutation($i: UpdateCaseDetailsInput!) { updateCaseDetails(input: $i) { id category isChild incidentDate incidentPlaceType version } }`;

describe('updateCaseDetails (e2e)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(() => api?.stop());

  it('changes only the fields given, at the expected version; a stale version is a CONFLICT', async () => {
    const c = await openCase(api);
    await assignWorkers(api, c.id, ['dost.lawyer']); // the lawyer works on the case with its opener
    const updated = (
      await api.ok('dost.lawyer', UPDATE, {
        i: {
          caseId: c.id,
          expectedVersion: c.version,
          category: 'LEGAL_AID',
          channel: 'WALK_IN',
          isChild: true,
          incident: { date: '2026-11-01', placeType: 'WORKPLACE' },
        },
      })
    ).updateCaseDetails;
    expect(updated).toEqual({
      id: c.id,
      category: 'LEGAL_AID',
      isChild: true,
      incidentDate: '2026-11-01',
      incidentPlaceType: 'WORKPLACE',
      version: c.version + 1,
    });
    expect(await api.count('contacts', `case_id = $1 AND channel = 'WALK_IN'`, [c.id])).toBe(1);
    expect(
      codeOf(
        await api.gql('dost.manager', UPDATE, {
          i: { caseId: c.id, expectedVersion: c.version, category: 'OTHER' },
        }),
      ),
    ).toBe('CONFLICT');
    const cleared = (
      await api.ok('dost.manager', UPDATE, {
        i: { caseId: c.id, expectedVersion: updated.version, incident: null },
      })
    ).updateCaseDetails;
    expect(cleared).toMatchObject({ category: 'LEGAL_AID', incidentDate: null, incidentPlaceType: null });
    const audit: { fields: string[]; row: string }[] = await api.db.dataSource.query(
      `SELECT fields, row_to_json(a)::text AS row FROM audit_events a WHERE action = 'CASE_DETAILS_UPDATED' AND case_id = $1 ORDER BY occurred_at, seq`,
      [c.id],
    );
    expect(audit.map((a) => a.fields)).toEqual([
      ['category', 'isChild', 'incidentDate', 'incidentPlaceType', 'channel'],
      ['incidentDate', 'incidentPlaceType'],
    ]);
    for (const a of audit) expect(a.row).not.toMatch(/LEGAL_AID|WALK_IN|2026-11-01|WORKPLACE/);
  });

  it('bad input names each field and writes nothing; a recipient cannot correct the owner’s case', async () => {
    const c = await openCase(api);
    const before = await api.count('audit_events');
    const res = await api.gql('dost.manager', UPDATE, {
      i: { caseId: c.id, expectedVersion: 0, category: 'NOPE', incident: { date: '2999-01-01' } },
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    // GraphQL rejects the unknown enum value before the resolver; a well-typed request reaches the domain checks.
    const typed = await api.gql('dost.manager', UPDATE, {
      i: { caseId: c.id, expectedVersion: 0, incident: { date: '2999-01-01' } },
    });
    expect((typed.errors?.[0]?.extensions.fields as { path: string }[]).map((f) => f.path)).toEqual([
      'input.expectedVersion',
      'input.incident.date',
    ]);
    const nothing = await api.gql('dost.manager', UPDATE, { i: { caseId: c.id, expectedVersion: 1 } });
    expect((nothing.errors?.[0]?.extensions.fields as { path: string }[]).map((f) => f.path)).toEqual([
      'input',
    ]);
    expect(await api.count('audit_events')).toBe(before);
    await consentToPolice(api, c.id);
    await referToPolice(api, c.id);
    expect(
      codeOf(
        await api.gql('police.officer', UPDATE, { i: { caseId: c.id, expectedVersion: 1, isChild: true } }),
      ),
    ).toBe('NOT_FOUND');
  });
});
