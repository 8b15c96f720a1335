import { DEMO_USER_IDS } from '@lib/persistence';
import { ApiHarness, codeOf } from './support/api-harness';
import { consentToPolice, openCase, referToPolice } from './support/operations';

interface AuditRow {
  actor_id: string;
  organisation_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  case_id: string | null;
  fields: string[];
  purpose: string | null;
  request_id: string | null;
}

/** Issue 12 finding 8: every read of a case's records writes an audit event (who, organisation, what, fields, why, request). */
describe('read auditing (e2e)', () => {
  let api: ApiHarness;
  let caseId: string;
  let referralId: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    caseId = (await openCase(api)).id;
    await consentToPolice(api, caseId);
    referralId = (await referToPolice(api, caseId)).id;
  });
  afterAll(async () => {
    await api?.stop();
  });

  async function eventsOf(action: string, actor: string): Promise<AuditRow[]> {
    return api.db.dataSource.query(
      `SELECT actor_id, organisation_id, action, subject_type, subject_id, case_id, fields, purpose, request_id
         FROM audit_events WHERE action = $1 AND actor_id = $2 ORDER BY occurred_at, chain_id, seq`,
      [action, (DEMO_USER_IDS as Record<string, string>)[actor]],
    );
  }

  const reads = (): {
    name: string;
    user: string;
    query: string;
    variables?: Record<string, unknown>;
    expected: Partial<AuditRow>;
  }[] => [
    {
      name: 'case metadata',
      user: 'dost.manager',
      query: `query($id: UUID!) { case(id: $id) { id caseCode status riskLevel } }`,
      variables: { id: caseId },
      expected: {
        action: 'CASE_READ',
        subject_type: 'case',
        subject_id: caseId,
        case_id: caseId,
        fields: ['caseCode', 'id', 'riskLevel', 'status'],
      },
    },
    {
      name: 'case metadata by a recipient (under its referral purpose)',
      user: 'police.officer',
      query: `query($id: UUID!) { case(id: $id) { id caseCode } }`,
      variables: { id: caseId },
      expected: {
        action: 'CASE_READ',
        subject_id: caseId,
        case_id: caseId,
        fields: ['caseCode', 'id'],
        purpose: 'LAW_ENFORCEMENT',
      },
    },
    {
      name: 'consents',
      user: 'dost.manager',
      query: `query($id: UUID!) { caseConsents(caseId: $id) { id dataCategories purposes } }`,
      variables: { id: caseId },
      expected: {
        action: 'CASE_CONSENTS_READ',
        subject_id: caseId,
        case_id: caseId,
        fields: ['dataCategories', 'id', 'purposes'],
      },
    },
    {
      name: 'timeline',
      user: 'dost.manager',
      query: `query($id: UUID!) { caseTimeline(caseId: $id) { id kind occurredAt } }`,
      variables: { id: caseId },
      expected: {
        action: 'CASE_TIMELINE_READ',
        subject_id: caseId,
        case_id: caseId,
        fields: ['id', 'kind', 'occurredAt'],
      },
    },
    {
      name: "a case's referrals",
      user: 'dost.manager',
      query: `query($id: UUID!) { caseReferrals(caseId: $id) { id status } }`,
      variables: { id: caseId },
      expected: {
        action: 'CASE_REFERRALS_READ',
        subject_id: caseId,
        case_id: caseId,
        fields: ['id', 'status'],
      },
    },
    {
      name: 'one referral',
      user: 'police.officer',
      query: `query($id: UUID!) { referral(id: $id) { id status caseCode ...More } } fragment More on Referral { dataCategories }`,
      variables: { id: referralId },
      expected: {
        action: 'REFERRAL_READ',
        subject_type: 'referral',
        subject_id: referralId,
        case_id: caseId,
        fields: ['caseCode', 'dataCategories', 'id', 'status'],
        purpose: 'LAW_ENFORCEMENT',
      },
    },
    {
      name: 'inbox',
      user: 'police.officer',
      query: `{ inbox(first: 5) { edges { node { id caseCode dueAt } } pageInfo { hasNextPage } } }`,
      expected: {
        action: 'INBOX_READ',
        subject_type: 'inbox',
        subject_id: DEMO_USER_IDS['police.officer'],
        fields: ['caseCode', 'dueAt', 'id'],
      },
    },
    {
      name: 'DOST intake',
      user: 'dost.manager',
      query: `query($id: UUID!) { dostIntake(caseId: $id) { caseId phase } }`,
      variables: { id: caseId },
      expected: {
        action: 'DOST_INTAKE_READ',
        subject_id: caseId,
        case_id: caseId,
        fields: ['caseId', 'phase'],
      },
    },
    {
      name: 'region cases',
      user: 'monitoring.officer',
      query: `{ regionCases(first: 5) { totalCount edges { node { caseCode status } } } }`,
      expected: {
        action: 'REGION_CASES_READ',
        subject_type: 'organisation',
        fields: ['caseCode', 'status'],
        purpose: 'MONITORING',
      },
    },
    {
      name: 'region case status',
      user: 'monitoring.officer',
      query: `{ regionCaseStatus { caseCode } }`,
      expected: { action: 'REGION_CASES_READ', fields: ['caseCode'], purpose: 'MONITORING' },
    },
    {
      name: 'contact statistics',
      user: 'monitoring.officer',
      query: `{ contactStatistics { total } }`,
      expected: { action: 'CONTACT_STATISTICS_READ', fields: ['total'], purpose: 'MONITORING' },
    },
    {
      name: 'agency performance',
      user: 'monitoring.officer',
      query: `{ agencyPerformance { organisationId received } }`,
      expected: {
        action: 'AGENCY_PERFORMANCE_READ',
        fields: ['organisationId', 'received'],
        purpose: 'MONITORING',
      },
    },
    {
      name: 'access log',
      user: 'dost.supervisor',
      query: `query($id: UUID!) { accessLog(subjectId: $id) { action fields } }`,
      variables: { id: caseId },
      expected: {
        action: 'ACCESS_LOG_READ',
        subject_type: 'record',
        subject_id: caseId,
        fields: ['action', 'fields'],
        purpose: 'AUDIT',
      },
    },
  ];

  it.each(reads().map((r) => [r.name, r.name]))(
    '%s: the read writes one audit event before it answers',
    async (_label, name) => {
      const read = reads().find((r) => r.name === name)!;
      const action = read.expected.action!;
      const before = (await eventsOf(action, read.user)).length;
      await api.ok(read.user, read.query, read.variables);
      // The answer came after the commit: the event is there already, no waiting.
      const after = await eventsOf(action, read.user);
      expect(after).toHaveLength(before + 1);
      const event = after[after.length - 1]!;
      expect(event).toMatchObject({
        actor_id: (DEMO_USER_IDS as Record<string, string>)[read.user],
        ...read.expected,
      });
      expect(event.request_id).toBeTruthy();
    },
  );

  it('a denied read is NOT_FOUND and audits nothing of the case', async () => {
    const before = (await eventsOf('CASE_READ', 'ngo.lawyer')).length;
    expect(codeOf(await api.gql('ngo.lawyer', `query($id: UUID!) { case(id: $id) { id } }`, { id: caseId }))).toBe('NOT_FOUND');
    expect(await eventsOf('CASE_READ', 'ngo.lawyer')).toHaveLength(before);
  });

  it('concurrent reads are written together (group commit), every one of them', async () => {
    const before = (await eventsOf('CASE_READ', 'dost.manager')).length;
    await Promise.all(Array.from({ length: 20 }, () => api.ok('dost.manager', `query($id: UUID!) { case(id: $id) { id } }`, { id: caseId })));
    expect(await eventsOf('CASE_READ', 'dost.manager')).toHaveLength(before + 20);
    const verified = await api.ok('auditor', `{ verifyAuditChain { intact breaks { chainId } } }`);
    expect(verified.verifyAuditChain).toEqual({ intact: true, breaks: [] });
  });

  it('when the audit write fails, the read fails and no data leaves', async () => {
    // The database refuses this kind of audit row (as a full disk or a revoked grant would).
    await api.db.dataSource.query(`
      CREATE FUNCTION test_refuse_timeline_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'CASE_TIMELINE_READ' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`);
    await api.db.dataSource.query(
      `CREATE TRIGGER tr_test_refuse BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_refuse_timeline_audit()`,
    );
    const silence = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const res = await api.gql('dost.manager', `query($id: UUID!) { caseTimeline(caseId: $id) { id kind } }`, { id: caseId });
      expect(res.data?.caseTimeline ?? null).toBeNull();
      expect(codeOf(res)).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(res)).not.toContain('CASE_CREATED');
      // Other reads are unaffected.
      await api.ok('dost.manager', `query($id: UUID!) { caseConsents(caseId: $id) { id } }`, { id: caseId });
    } finally {
      silence.mockRestore();
      await api.db.dataSource.query(`DROP TRIGGER tr_test_refuse ON audit_events`);
      await api.db.dataSource.query(`DROP FUNCTION test_refuse_timeline_audit()`);
    }
    expect((await api.ok('dost.manager', `query($id: UUID!) { caseTimeline(caseId: $id) { id } }`, { id: caseId })).caseTimeline.length).toBeGreaterThan(0);
  });
});
