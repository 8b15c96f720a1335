import { randomUUID } from 'node:crypto';
import { type Actor } from '@lib/authz';
import { OrganisationType, StaffRole } from '@lib/domain';
import { DEMO_ORG_IDS, DEMO_USER_IDS } from '@lib/persistence';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { CaseloadAssignment, CaseloadService } from './case-assignment.service';

/**
 * The caseload on real PostgreSQL, paged, against the rule it implements: the organisation's own cases with an active
 * worker who is the viewer (MINE) or the viewer or someone they supervise (MY_TEAM), newest first, ties by id.
 */
describe('caseload (real PostgreSQL)', () => {
  let db: TestDatabase;
  const org = DEMO_ORG_IDS.DOST_BAKU;
  const lead = randomUUID();
  const reports: [string, string] = [randomUUID(), randomUUID()];
  const outsider = randomUUID();
  const expected = { mine: [] as string[], team: [] as string[], report: [] as string[] };
  const actor = (staffId: string): Actor => ({
    staffId,
    organisationId: org,
    organisationType: OrganisationType.DOST_CENTER,
    region: 'Baku',
    roles: [StaffRole.CASE_MANAGER],
  });

  beforeAll(async () => {
    db = await createTestDatabase({ seeded: true });
    const staff = [
      [lead, null],
      [reports[0], lead],
      [reports[1], lead],
      [outsider, null],
    ] as const;
    for (const [id, supervisor] of staff) {
      await db.dataSource.query(
        `INSERT INTO staff_members (id, organisation_id, username, display_name, roles, supervisor_id, active)
         VALUES ($1, $2, $3, 'Caseload Worker', '{CASE_MANAGER}', $4, true)`,
        [id, org, `caseload.${id.slice(0, 8)}`, supervisor],
      );
    }
    // 40 cases; every fifth shares its opening time with the one before (ties broken by id). Worked on by the lead,
    // a report, both, the outsider only, or nobody any more (a released assignment).
    const base = Date.UTC(2026, 0, 1);
    const cases: { id: string; openedAt: number; workers: string[]; released: string[] }[] = [];
    for (let i = 0; i < 40; i++) {
      const openedAt = base + (i % 5 === 4 ? i - 1 : i) * 3_600_000;
      const shape = i % 5;
      const workers =
        shape === 0 ? [lead] : shape === 1 ? [reports[0]] : shape === 2 ? [lead, reports[1]] : shape === 3 ? [outsider] : [];
      cases.push({ id: randomUUID(), openedAt, workers, released: shape === 4 ? [lead] : [] });
    }
    for (const [i, c] of cases.entries()) {
      await db.dataSource.query(
        `INSERT INTO cases (id, case_code, owning_organisation_id, case_manager_id, region, category, risk_level, is_child, status, opened_at)
         VALUES ($1, $2, $3, $4, 'Baku', 'DOMESTIC_VIOLENCE', 'LOW', false, 'OPEN', $5)`,
        [c.id, `NRM-CL${String(i).padStart(6, '0')}`, org, DEMO_USER_IDS['dost.manager'], new Date(c.openedAt)],
      );
      for (const w of c.workers) {
        await db.dataSource.query(
          `INSERT INTO case_assignments (case_id, organisation_id, staff_id, assigned_by) VALUES ($1, $2, $3, $3)`,
          [c.id, org, w],
        );
      }
      for (const w of c.released) {
        await db.dataSource.query(
          `INSERT INTO case_assignments (case_id, organisation_id, staff_id, assigned_by, released_by, released_at)
           VALUES ($1, $2, $3, $3, $3, now())`,
          [c.id, org, w],
        );
      }
    }
    const newestFirst = [...cases].sort((a, b) => b.openedAt - a.openedAt || (a.id < b.id ? 1 : -1));
    const pick = (who: readonly string[]): string[] => newestFirst.filter((c) => c.workers.some((w) => who.includes(w))).map((c) => c.id);
    expected.mine = pick([lead]);
    expected.team = pick([lead, ...reports]);
    expected.report = pick([reports[0]]);
  });

  afterAll(() => db.drop());

  async function all(staffId: string, assignment: CaseloadAssignment, first: number): Promise<string[]> {
    const service = new CaseloadService(db.dataSource);
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page = await service.page(actor(staffId), assignment, first, after);
      ids.push(...page.items.map((i) => i.caseId));
      if (!page.hasNextPage) return ids;
      after = page.endCursor;
    }
    throw new Error('the caseload did not end');
  }

  it.each([1, 3, 7, 100])('pages of %i list exactly the rule’s cases, newest first, once each', async (first) => {
    expect(await all(lead, CaseloadAssignment.MINE, first)).toEqual(expected.mine);
    expect(await all(lead, CaseloadAssignment.MY_TEAM, first)).toEqual(expected.team);
    expect(await all(reports[0], CaseloadAssignment.MINE, first)).toEqual(expected.report);
    // A report supervises nobody: their team is themselves.
    expect(await all(reports[0], CaseloadAssignment.MY_TEAM, first)).toEqual(expected.report);
  });

  it('the team takes in supervised workers only, and nothing released', () => {
    expect(expected.team.length).toBeGreaterThan(expected.mine.length);
    expect(expected.team.length).toBeLessThan(40);
  });

  it('an assignment carries its case’s opening time whoever writes it', async () => {
    const [row] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM case_assignments a JOIN cases c ON c.id = a.case_id WHERE a.case_opened_at <> c.opened_at`,
    );
    expect(row.n).toBe(0);
  });
});
