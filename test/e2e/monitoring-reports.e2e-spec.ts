import { DEMO_ORG_IDS, DEMO_USER_IDS } from '@lib/persistence';
import { ApiHarness, codeOf } from './support/api-harness';
import { consentToPolice, openCase, referToPolice } from './support/operations';

const AGENCY_PERFORMANCE = `query Perf($period: ReportingPeriodInput) {
  agencyPerformance(period: $period) {
    organisationId organisationName organisationType received pending accepted declined completed withdrawn expired escalated
    overdueNow responded respondedOnTime completedOnTime medianResponseMinutes p90ResponseMinutes
  }
}`;
const REGION_STATUS = `{ regionCaseStatus { caseId caseCode status openReferrals overdueReferrals escalatedReferrals lastEscalatedAt } }`;
const REGION_CASES = `query Cases($first: Int, $after: String, $filter: RegionCaseFilterInput) {
  regionCases(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { endCursor hasNextPage }
    edges { cursor node { caseId openedAt overdueReferrals escalatedReferrals } }
  }
}`;

/**
 * Monitoring groups track agency performance and escalations in their region. The referral outcomes are set in SQL
 * (what the workflows' activities write), so the figures are exact.
 */
describe('monitoring reports: agency performance and escalations (e2e)', () => {
  let api: ApiHarness;
  const cases: string[] = [];
  const referrals: string[] = [];

  beforeAll(async () => {
    api = await ApiHarness.start();
    for (let i = 0; i < 4; i++) {
      const c = await openCase(api);
      await consentToPolice(api, c.id);
      cases.push(c.id);
      referrals.push((await referToPolice(api, c.id)).id);
    }
    const q = (sql: string, params: unknown[]) => api.db.dataSource.query(sql, params);
    // 1 accepted after 30 min (on time), 2 declined after 300 min (late), 3 expired and escalated, 4 pending and overdue.
    await q(`UPDATE referrals SET response_due_at = created_at + interval '4 hours' WHERE id = ANY($1)`, [referrals]);
    await q(`UPDATE referrals SET status = 'ACCEPTED', responded_at = created_at + interval '30 minutes' WHERE id = $1`, [referrals[0]]);
    await q(`UPDATE referrals SET status = 'DECLINED', decline_reason = 'no capacity', responded_at = created_at + interval '300 minutes' WHERE id = $1`, [referrals[1]]);
    await q(`UPDATE referrals SET status = 'EXPIRED', escalated_at = now() WHERE id = $1`, [referrals[2]]);
    await q(`UPDATE referrals SET response_due_at = now() - interval '1 minute' WHERE id = $1`, [referrals[3]]);
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('reports, per receiving organisation, counts, deadlines met and response times, for the region’s cases', async () => {
    const data = await api.ok('monitoring.officer', AGENCY_PERFORMANCE);
    expect(data.agencyPerformance).toEqual([
      {
        organisationId: DEMO_ORG_IDS.POLICE_BAKU,
        organisationName: expect.any(String),
        organisationType: 'POLICE',
        received: 4,
        pending: 1,
        accepted: 1,
        declined: 1,
        completed: 0,
        withdrawn: 0,
        expired: 1,
        escalated: 1,
        overdueNow: 1,
        responded: 2,
        respondedOnTime: 1,
        completedOnTime: 0,
        medianResponseMinutes: 165,
        p90ResponseMinutes: 273,
      },
    ]);
  });

  it('counts only referrals sent in the period', async () => {
    const past = await api.ok('monitoring.officer', AGENCY_PERFORMANCE, { period: { from: '2020-01-01T00:00:00Z', to: '2020-12-31T00:00:00Z' } });
    expect(past.agencyPerformance).toEqual([]);
  });

  it('shows escalations in the regional case status, without identity', async () => {
    const data = await api.ok('monitoring.officer', REGION_STATUS);
    const rows = (data.regionCaseStatus as { caseId: string; escalatedReferrals: number; lastEscalatedAt: string | null }[]).filter((r) => cases.includes(r.caseId));
    expect(rows).toHaveLength(4);
    const escalated = rows.find((r) => r.caseId === cases[2]);
    expect(escalated).toMatchObject({ escalatedReferrals: 1, lastEscalatedAt: expect.any(String) });
    expect(rows.filter((r) => r.caseId !== cases[2]).every((r) => r.escalatedReferrals === 0 && r.lastEscalatedAt === null)).toBe(true);
  });

  it('pages the region’s cases newest first with opaque cursors: no gaps, no repeats, a total', async () => {
    const all: { caseId: string; openedAt: string }[] = [];
    let after: string | null = null;
    let total = -1;
    for (let page = 0; page < 10; page++) {
      const data: any = await api.ok('monitoring.officer', REGION_CASES, { first: 3, after });
      total = data.regionCases.totalCount;
      all.push(...data.regionCases.edges.map((e: { node: { caseId: string; openedAt: string } }) => e.node));
      after = data.regionCases.pageInfo.endCursor;
      if (!data.regionCases.pageInfo.hasNextPage) break;
    }
    expect(all).toHaveLength(total);
    expect(new Set(all.map((c) => c.caseId)).size).toBe(total);
    expect(all.map((c) => c.caseId)).toEqual(expect.arrayContaining(cases));
    const opened = all.map((c) => Date.parse(c.openedAt));
    expect(opened).toEqual([...opened].sort((a, b) => b - a));
    expect(after).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('filters: cases needing attention (an overdue or escalated referral), by risk level', async () => {
    const attention = await api.ok('monitoring.officer', REGION_CASES, { first: 50, filter: { needsAttention: true } });
    const ids = attention.regionCases.edges.map((e: { node: { caseId: string } }) => e.node.caseId);
    expect(ids.sort()).toEqual([cases[2], cases[3]].sort());
    expect(attention.regionCases.totalCount).toBe(2);
    const low = await api.ok('monitoring.officer', REGION_CASES, { first: 50, filter: { riskLevel: 'LOW' } });
    expect(low.regionCases).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('rejects a forged cursor or page size with the field path', async () => {
    const forged = await api.gql('monitoring.officer', REGION_CASES, { first: 2, after: 'bm90LWEtY3Vyc29y' });
    expect(codeOf(forged)).toBe('BAD_USER_INPUT');
    expect(forged.errors![0]!.extensions.fields).toEqual([{ path: 'after', message: 'not a cursor returned by this API' }]);
    const big = await api.gql('monitoring.officer', REGION_CASES, { first: 201 });
    expect(big.errors![0]!.extensions.fields).toEqual([{ path: 'first', message: 'must be between 1 and 200' }]);
    expect(codeOf(await api.gql('dost.manager', REGION_CASES, { first: 2 }))).toBe('FORBIDDEN');
  });

  it('contact statistics: the published breakdowns from intake records, small cells withheld (with a second one when needed)', async () => {
    // March 2026 at the DOST centre (Baku): 12 domestic violence (8 landline, 4 social media; 3 anonymous callers),
    // 6 legal aid (mobile app), 2 shelter (landline); callers 15 women, 2 men, 3 anonymous.
    const rows: [string, string, string, boolean][] = [
      ...Array.from({ length: 8 }, (_, i): [string, string, string, boolean] => ['DOMESTIC_VIOLENCE', 'LANDLINE', i < 3 ? 'ANONYMOUS' : 'WOMAN', i < 3]),
      ...Array.from({ length: 4 }, (): [string, string, string, boolean] => ['DOMESTIC_VIOLENCE', 'SOCIAL_MEDIA', 'WOMAN', false]),
      ...Array.from({ length: 6 }, (_, i): [string, string, string, boolean] => ['LEGAL_AID', 'MOBILE_APP', i < 2 ? 'MAN' : 'WOMAN', false]),
      ...Array.from({ length: 2 }, (): [string, string, string, boolean] => ['SHELTER', 'LANDLINE', 'WOMAN', false]),
    ];
    for (const [i, [category, channel, callerType, anonymous]] of rows.entries()) {
      await api.db.dataSource.query(
        `INSERT INTO contacts (organisation_id, channel, anonymous, category, caller_type, received_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [DEMO_ORG_IDS.DOST_BAKU, channel, anonymous, category, callerType, new Date(Date.UTC(2026, 2, 1 + i)), DEMO_USER_IDS['dost.intake']],
      );
    }
    const STATS = `query($period: ReportingPeriodInput, $type: OrganisationType) {
      contactStatistics(period: $period, organisationType: $type) {
        total anonymous
        byCategory { key count suppressed } byChannel { key count suppressed } byCallerType { key count suppressed } byChildAgeBand { key count }
      }
    }`;
    const march = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };
    const data = await api.ok('monitoring.officer', STATS, { period: march, type: 'DOST_CENTER' });
    const stats = data.contactStatistics;
    const published = (cells: { key: string; count: number | null }[]) => Object.fromEntries(cells.filter((c) => c.count !== 0).map((c) => [c.key, c.count]));
    expect(stats.total).toBe(20);
    expect(stats.anonymous).toBeNull(); // 3 anonymous: withheld (and so is "identified", which would give it away)
    expect(published(stats.byCategory)).toEqual({ DOMESTIC_VIOLENCE: 12, LEGAL_AID: null, SHELTER: null }); // 2 withheld, 6 with it
    expect(published(stats.byChannel)).toEqual({ LANDLINE: 10, SOCIAL_MEDIA: null, MOBILE_APP: null });
    expect(published(stats.byCallerType)).toEqual({ WOMAN: 15, MAN: null, ANONYMOUS: null }); // two small ones: no second needed
    expect(stats.byChildAgeBand.every((c: { count: number }) => c.count === 0)).toBe(true);
    expect(stats.byCategory.find((c: { key: string }) => c.key === 'SHELTER')).toEqual({ key: 'SHELTER', count: null, suppressed: true });

    // Another kind of contact point in the region received none of them.
    expect((await api.ok('monitoring.officer', STATS, { period: march, type: 'HELPLINE' })).contactStatistics.total).toBe(0);
    expect(codeOf(await api.gql('dost.manager', STATS, { period: march }))).toBe('FORBIDDEN');
  });

  it('statistics access: the coordinator sees national figures and any region or organisation, a helpline supervisor only her own helpline', async () => {
    // April 2026: 6 first contacts at the Women Support Line, 5 at the Child Helpline (both national), 7 at the DOST centre.
    const april = (day: number) => new Date(Date.UTC(2026, 3, day));
    const contacts: [string, number][] = [[DEMO_ORG_IDS.WOMEN_SUPPORT_LINE, 6], [DEMO_ORG_IDS.CHILD_HELPLINE, 5], [DEMO_ORG_IDS.DOST_BAKU, 7]];
    for (const [organisationId, n] of contacts) {
      for (let i = 0; i < n; i++) {
        await api.db.dataSource.query(
          `INSERT INTO contacts (organisation_id, channel, anonymous, category, caller_type, received_at, recorded_by)
           VALUES ($1, 'LANDLINE', false, 'DOMESTIC_VIOLENCE', 'WOMAN', $2, $3)`,
          [organisationId, april(1 + i), DEMO_USER_IDS['dost.intake']],
        );
      }
    }
    const wslSupervisor = '20000000-0000-4000-8000-0000000000f1';
    await api.db.dataSource.query(
      `INSERT INTO staff_members (id, organisation_id, username, display_name, roles, active) VALUES ($1, $2, 'wsl.supervisor', 'WSL Supervisor', '{SUPERVISOR}', true)`,
      [wslSupervisor, DEMO_ORG_IDS.WOMEN_SUPPORT_LINE],
    );
    const STATS = `query($period: ReportingPeriodInput, $region: String, $org: UUID) {
      contactStatistics(period: $period, region: $region, organisationId: $org) { total region organisationId }
    }`;
    const period = { from: '2026-04-01T00:00:00Z', to: '2026-05-01T00:00:00Z' };
    const stats = async (user: string, vars: Record<string, unknown> = {}) => (await api.ok(user, STATS, { period, ...vars })).contactStatistics;

    expect(await stats('admin')).toEqual({ total: 18, region: null, organisationId: null });
    expect(await stats('admin', { region: 'Baku' })).toEqual({ total: 7, region: 'Baku', organisationId: null });
    expect((await stats('admin', { org: DEMO_ORG_IDS.WOMEN_SUPPORT_LINE })).total).toBe(6);
    expect((await stats('admin', { org: DEMO_ORG_IDS.CHILD_HELPLINE })).total).toBe(5); // the two helplines told apart
    expect(await stats(wslSupervisor)).toEqual({ total: 6, region: null, organisationId: DEMO_ORG_IDS.WOMEN_SUPPORT_LINE });
    expect(codeOf(await api.gql(wslSupervisor, STATS, { period, org: DEMO_ORG_IDS.CHILD_HELPLINE }))).toBe('FORBIDDEN');
    expect((await stats('monitoring.officer')).total).toBe(7);
    expect(codeOf(await api.gql('monitoring.officer', STATS, { period, region: 'Ganja' }))).toBe('FORBIDDEN');
    for (const user of ['wsl.operator', 'dost.supervisor', 'auditor']) expect(codeOf(await api.gql(user, STATS, { period }))).toBe('FORBIDDEN');
    const bad = await api.gql('admin', STATS, { period, region: 'Leak\u0007Me' });
    expect(bad.errors![0]!.extensions.fields).toEqual([{ path: 'region', message: 'must not contain control characters' }]);
    expect(JSON.stringify(bad)).not.toContain('Leak');
  });

  it('refuses everyone but monitoring officers (FORBIDDEN), before looking at the input', async () => {
    for (const user of ['dost.manager', 'police.officer', 'ssa.officer', 'auditor', 'admin']) {
      expect(codeOf(await api.gql(user, AGENCY_PERFORMANCE))).toBe('FORBIDDEN');
    }
    const bad = await api.gql('dost.manager', AGENCY_PERFORMANCE, { period: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } });
    expect(codeOf(bad)).toBe('FORBIDDEN');
    expect(codeOf(await api.gql(null, AGENCY_PERFORMANCE))).toBe('UNAUTHENTICATED');
  });

  it('rejects a reversed or over-long period with the field path, never echoing the values', async () => {
    const reversed = await api.gql('monitoring.officer', AGENCY_PERFORMANCE, { period: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } });
    expect(codeOf(reversed)).toBe('BAD_USER_INPUT');
    expect(reversed.errors![0]!.extensions.fields).toEqual([{ path: 'period.from', message: 'must be before to' }]);
    expect(JSON.stringify(reversed.errors)).not.toContain('2026-02-01');
    const long = await api.gql('monitoring.officer', AGENCY_PERFORMANCE, { period: { from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } });
    expect(codeOf(long)).toBe('BAD_USER_INPUT');
  });
});
