import { randomUUID } from 'node:crypto';
import { DEMO_ORG_IDS, DEMO_USER_IDS } from '@lib/persistence';
import { ApiHarness, type GqlResponse, codeOf } from './support/api-harness';
import { ACCEPT, COMPLETE, DECLINE, SURVIVOR, WITHDRAW, consentToPolice, openCase, referToPolice } from './support/operations';

const ID = DEMO_USER_IDS;
const RESULT = '{ caseId organisationId workerIds }';
const ASSIGN = `mutation($i: AssignCaseInput!) { assignCase(input: $i) ${RESULT} }`;
const UNASSIGN = `mutation($i: UnassignCaseInput!) { unassignCase(input: $i) ${RESULT} }`;
const CASE = `query($id: UUID!) { case(id: $id) { id caseCode access assignedWorkers { staffId organisationId displayName } } }`;
const BREAK_GLASS = `mutation($id: UUID!, $j: String!) { breakGlassReadCase(caseId: $id, justification: $j) { id access caseCode } }`;
const CASELOAD = `query($a: CaseloadAssignment!, $first: Int!, $after: String) {
  caseload(assignment: $a, first: $first, after: $after) { edges { cursor node { caseId caseCode status } } pageInfo { endCursor hasNextPage } }
}`;
const REFERRAL = `query($id: UUID!) { referral(id: $id) { id status caseCode } }`;
const INBOX_REROUTES = `{ inbox(first: 100, filter: { type: REROUTE }) { edges { node { caseId caseCode } } } }`;
const DUPLICATES = `query($n: String) { findPossibleDuplicates(fullName: $n) { caseId } }`;

describe('case assignment: access follows assignment inside an organisation (e2e)', () => {
  let api: ApiHarness;
  /** DOST Baku staff added for this file: a team lead without the SUPERVISOR role and their member, a leaver, an administrator. */
  const teamLead = randomUUID();
  const teamMember = randomUUID();
  const leaver = randomUUID();
  const orgAdmin = randomUUID();
  const secondPoliceOfficer = randomUUID();

  const addStaff = (id: string, org: string, roles: string, supervisorId: string | null, active = true) =>
    api.db.dataSource.query(
      `INSERT INTO staff_members (id, organisation_id, username, display_name, roles, supervisor_id, active) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, org, `caseassign.${id.slice(0, 8)}`, `Case Worker ${id.slice(0, 8)}`, roles, supervisorId, active],
    );
  const audits = (caseId: string): Promise<{ action: string; actor_id: string; subject_id: string; fields: string[] }[]> =>
    api.db.dataSource.query(
      `SELECT action, actor_id, subject_id, fields FROM audit_events WHERE case_id = $1 AND action LIKE 'CASE_WORKER_%' ORDER BY occurred_at, seq`,
      [caseId],
    );
  const paths = (res: GqlResponse): string[] => ((res.errors?.[0]?.extensions.fields ?? []) as { path: string }[]).map((f) => f.path);
  const caseload = async (user: string, a: 'MINE' | 'MY_TEAM'): Promise<string[]> => {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await api.ok(user, CASELOAD, { a, first: 2, after })).caseload;
      ids.push(...page.edges.map((e: any) => e.node.caseId as string));
      if (!page.pageInfo.hasNextPage) return ids;
      after = page.pageInfo.endCursor;
    }
  };

  beforeAll(async () => {
    api = await ApiHarness.start();
    await addStaff(teamLead, DEMO_ORG_IDS.DOST_BAKU, '{CASE_MANAGER}', ID['dost.supervisor']);
    await addStaff(teamMember, DEMO_ORG_IDS.DOST_BAKU, '{PSYCHOLOGIST}', teamLead);
    await addStaff(leaver, DEMO_ORG_IDS.DOST_BAKU, '{CASE_MANAGER}', ID['dost.supervisor'], false);
    await addStaff(orgAdmin, DEMO_ORG_IDS.DOST_BAKU, '{ORGANISATION_ADMIN}', null);
    await addStaff(secondPoliceOfficer, DEMO_ORG_IDS.POLICE_BAKU, '{AGENCY_OFFICER}', null);
  }, 120_000);
  afterAll(() => api?.stop());

  it('the opener is the first worker; a colleague gets NOT_FOUND (instance, caseload, search) and may break the glass, audited', async () => {
    const opened = await openCase(api, 'dost.manager');
    const seen = await api.ok('dost.manager', CASE, { id: opened.id });
    expect(seen.case.access).toBe('OWNER');
    expect(seen.case.assignedWorkers).toEqual([{ staffId: ID['dost.manager'], organisationId: DEMO_ORG_IDS.DOST_BAKU, displayName: 'DOST Case Manager' }]);
    expect(await caseload('dost.manager', 'MINE')).toContain(opened.id);

    // A colleague of the same organisation: as if the case did not exist, in the instance check and in every list.
    expect(codeOf(await api.gql('dost.lawyer', CASE, { id: opened.id }))).toBe('NOT_FOUND');
    expect(await caseload('dost.lawyer', 'MINE')).not.toContain(opened.id);
    const search = await api.ok('dost.lawyer', DUPLICATES, { n: SURVIVOR.fullName });
    expect(search.findPossibleDuplicates.map((d: any) => d.caseId)).not.toContain(opened.id);
    // The opener's own search finds it: the list and the instance check agree both ways.
    const own = await api.ok('dost.manager', DUPLICATES, { n: SURVIVOR.fullName });
    expect(own.findPossibleDuplicates.map((d: any) => d.caseId)).toContain(opened.id);

    // Break-glass: a justification, audited as break-glass, a review task for the organisation's supervisors.
    expect(codeOf(await api.gql('dost.lawyer', BREAK_GLASS, { id: opened.id, j: 'too short' }))).toBe('BAD_USER_INPUT');
    const glass = await api.ok('dost.lawyer', BREAK_GLASS, { id: opened.id, j: 'Survivor called the lawyer in distress, case manager unreachable' });
    expect(glass.breakGlassReadCase).toMatchObject({ id: opened.id, access: 'BREAK_GLASS', caseCode: opened.caseCode });
    expect(
      await api.count('audit_events', `case_id = $1 AND actor_id = $2 AND action = 'BREAK_GLASS_READ' AND break_glass`, [opened.id, ID['dost.lawyer']]),
    ).toBe(1);
    expect(await api.count('tasks', `case_id = $1 AND type = 'BREAK_GLASS_REVIEW' AND organisation_id = $2`, [opened.id, DEMO_ORG_IDS.DOST_BAKU])).toBe(1);
    // The glass opened that one request only.
    expect(codeOf(await api.gql('dost.lawyer', CASE, { id: opened.id }))).toBe('NOT_FOUND');
    // A worker of the case has nothing to break.
    expect(codeOf(await api.gql('dost.manager', BREAK_GLASS, { id: opened.id, j: 'Survivor called the lawyer in distress, case manager unreachable' }))).toBe('NOT_FOUND');
  });

  it('supervisors assign; the assignee and their supervisor gain access, the team caseload lists it; unassigning takes it away', async () => {
    const opened = await openCase(api, 'dost.manager');
    // The SUPERVISOR role reaches every case of the organisation; a team lead (by relationship) not yet.
    expect((await api.ok('dost.supervisor', CASE, { id: opened.id })).case.access).toBe('OWNER');
    expect(codeOf(await api.gql(teamLead, CASE, { id: opened.id }))).toBe('NOT_FOUND');
    expect(codeOf(await api.gql(teamMember, CASE, { id: opened.id }))).toBe('NOT_FOUND');

    const assigned = await api.ok('dost.supervisor', ASSIGN, { i: { caseId: opened.id, staffId: teamMember } });
    expect(assigned.assignCase).toEqual({ caseId: opened.id, organisationId: DEMO_ORG_IDS.DOST_BAKU, workerIds: [ID['dost.manager'], teamMember] });
    expect((await api.ok(teamMember, CASE, { id: opened.id })).case.access).toBe('OWNER');
    expect((await api.ok(teamLead, CASE, { id: opened.id })).case.access).toBe('OWNER');
    expect(await caseload(teamLead, 'MY_TEAM')).toContain(opened.id);
    expect(await caseload(teamLead, 'MINE')).not.toContain(opened.id);
    expect(await caseload(teamMember, 'MINE')).toContain(opened.id);

    // A retry is harmless: same answer, no second audit row, no second notification.
    const again = await api.ok('dost.supervisor', ASSIGN, { i: { caseId: opened.id, staffId: teamMember } });
    expect(again.assignCase.workerIds).toEqual([ID['dost.manager'], teamMember]);
    expect(await audits(opened.id)).toEqual([
      { action: 'CASE_WORKER_ASSIGNED', actor_id: ID['dost.supervisor'], subject_id: teamMember, fields: ['caseWorkers'] },
    ]);

    // "A case was assigned to you": one notification row, to the assignee alone, ids only.
    const notes = await api.db.dataSource.query(`SELECT * FROM notifications WHERE kind = 'CASE_ASSIGNED' AND case_id = $1`, [opened.id]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ organisation_id: DEMO_ORG_IDS.DOST_BAKU, recipient_staff_id: teamMember, mandatory: false });
    const text = JSON.stringify(notes);
    for (const value of Object.values(SURVIVOR)) expect(text).not.toContain(value);

    // Unassigning: access goes with it; the last worker stays (CONFLICT).
    const released = await api.ok('dost.supervisor', UNASSIGN, { i: { caseId: opened.id, staffId: teamMember } });
    expect(released.unassignCase.workerIds).toEqual([ID['dost.manager']]);
    expect(codeOf(await api.gql(teamMember, CASE, { id: opened.id }))).toBe('NOT_FOUND');
    expect(await caseload(teamLead, 'MY_TEAM')).not.toContain(opened.id);
    expect((await api.ok('dost.supervisor', UNASSIGN, { i: { caseId: opened.id, staffId: teamMember } })).unassignCase.workerIds).toEqual([ID['dost.manager']]);
    expect(codeOf(await api.gql('dost.supervisor', UNASSIGN, { i: { caseId: opened.id, staffId: ID['dost.manager'] } }))).toBe('CONFLICT');
    expect(await api.count('case_assignments', `case_id = $1 AND released_at IS NULL`, [opened.id])).toBe(1);
  });

  it('denied: a worker may not assign, another organisation gets NOT_FOUND, a bad assignee is BAD_USER_INPUT without echo; nothing written', async () => {
    const opened = await openCase(api, 'dost.manager');
    expect(codeOf(await api.gql('dost.manager', ASSIGN, { i: { caseId: opened.id, staffId: ID['dost.lawyer'] } }))).toBe('FORBIDDEN');
    expect(codeOf(await api.gql('police.officer', ASSIGN, { i: { caseId: opened.id, staffId: ID['police.officer'] } }))).toBe('NOT_FOUND');
    expect(codeOf(await api.gql('dost.supervisor', ASSIGN, { i: { caseId: randomUUID(), staffId: ID['dost.lawyer'] } }))).toBe('NOT_FOUND');
    for (const staffId of [leaver, ID['police.officer'], orgAdmin, randomUUID()]) {
      const res = await api.gql('dost.supervisor', ASSIGN, { i: { caseId: opened.id, staffId } });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(paths(res)).toEqual(['input.staffId']);
      expect(JSON.stringify(res.errors)).not.toContain(staffId);
    }
    // A malformed id never reaches the rules.
    expect(codeOf(await api.gql('dost.supervisor', ASSIGN, { i: { caseId: opened.id, staffId: 'not-a-uuid' } }))).toBe('BAD_USER_INPUT');
    expect(await audits(opened.id)).toEqual([]);
    expect(await api.count('case_assignments', `case_id = $1`, [opened.id])).toBe(1);

    // The organisation administrator assigns (no case data for them: the case itself stays NOT_FOUND).
    expect((await api.ok(orgAdmin, ASSIGN, { i: { caseId: opened.id, staffId: ID['dost.lawyer'] } })).assignCase.workerIds).toEqual([
      ID['dost.manager'],
      ID['dost.lawyer'],
    ]);
    expect(codeOf(await api.gql(orgAdmin, CASE, { id: opened.id }))).toBe('NOT_FOUND');
    expect((await api.ok('dost.lawyer', CASE, { id: opened.id })).case.access).toBe('OWNER');
  });

  it('a recipient organisation: its officers see the referred case until one accepts; then the accepter (its worker) only', async () => {
    const opened = await openCase(api, 'dost.manager');
    await consentToPolice(api, opened.id);
    const referral = await referToPolice(api, opened.id);
    for (const officer of ['police.officer', secondPoliceOfficer]) {
      expect((await api.ok(officer, CASE, { id: opened.id })).case.access).toBe('RECIPIENT');
    }
    await api.ok('police.officer', ACCEPT, { input: { referralId: referral.id, expectedVersion: referral.version } });
    // The accept and the assignment are one transaction.
    expect(
      await api.count('case_assignments', `case_id = $1 AND organisation_id = $2 AND staff_id = $3 AND released_at IS NULL`, [
        opened.id,
        DEMO_ORG_IDS.POLICE_BAKU,
        ID['police.officer'],
      ]),
    ).toBe(1);
    const accepterView = await api.ok('police.officer', CASE, { id: opened.id });
    expect(accepterView.case.access).toBe('RECIPIENT');
    // A recipient sees only its own organisation's workers.
    expect(accepterView.case.assignedWorkers.map((w: any) => w.staffId)).toEqual([ID['police.officer']]);
    expect(codeOf(await api.gql(secondPoliceOfficer, CASE, { id: opened.id }))).toBe('NOT_FOUND');
    // The owner sees every organisation's workers.
    const ownerView = await api.ok('dost.manager', CASE, { id: opened.id });
    expect(ownerView.case.assignedWorkers.map((w: any) => w.staffId)).toEqual([ID['dost.manager'], ID['police.officer']]);
  });

  it('a referral follows the case: the sender’s colleagues off the team and, once accepted, the recipient’s other officers get NOT_FOUND', async () => {
    const opened = await openCase(api, 'dost.manager');
    await consentToPolice(api, opened.id);
    const referral = await referToPolice(api, opened.id);
    // Sender: the case's worker and the SUPERVISOR role read it; a colleague off the team neither reads nor withdraws it.
    for (const user of ['dost.manager', 'dost.supervisor']) expect((await api.ok(user, REFERRAL, { id: referral.id })).referral.caseCode).toBe(opened.caseCode);
    for (const user of ['dost.intake', teamLead]) {
      expect(codeOf(await api.gql(user, REFERRAL, { id: referral.id }))).toBe('NOT_FOUND');
      const withdrawn = await api.gql(user, WITHDRAW, { input: { referralId: referral.id, expectedVersion: referral.version, reason: 'Re-routed' } });
      expect(codeOf(withdrawn)).toBe('NOT_FOUND');
    }
    // Recipient: PENDING, every officer may read and answer it.
    for (const officer of ['police.officer', secondPoliceOfficer]) expect((await api.ok(officer, REFERRAL, { id: referral.id })).referral.status).toBe('PENDING');
    const accepted = await api.ok('police.officer', ACCEPT, { input: { referralId: referral.id, expectedVersion: referral.version } });
    // Accepted: the accepter (its worker) only; the other officer can neither read nor complete it.
    expect((await api.ok('police.officer', REFERRAL, { id: referral.id })).referral.status).toBe('ACCEPTED');
    expect(codeOf(await api.gql(secondPoliceOfficer, REFERRAL, { id: referral.id }))).toBe('NOT_FOUND');
    const completeInput = { input: { referralId: referral.id, expectedVersion: accepted.acceptReferral.version, outcome: 'Done' } };
    expect(codeOf(await api.gql(secondPoliceOfficer, COMPLETE, completeInput))).toBe('NOT_FOUND');
    expect(await api.count('referrals', `id = $1 AND status = 'ACCEPTED'`, [referral.id])).toBe(1);
    // Assigned to the team, the colleague reads it.
    await api.ok('dost.supervisor', ASSIGN, { i: { caseId: opened.id, staffId: ID['dost.intake'] } });
    expect((await api.ok('dost.intake', REFERRAL, { id: referral.id })).referral.id).toBe(referral.id);
    expect((await api.ok('police.officer', COMPLETE, completeInput)).completeReferral.status).toBe('COMPLETED');
  });

  it('the inbox shows a task’s case code only to those who could open the case', async () => {
    const opened = await openCase(api, 'dost.manager');
    await consentToPolice(api, opened.id);
    const referral = await referToPolice(api, opened.id);
    // The decline gives the sender a REROUTE task; given back to DOST's unassigned queue, every sender sees the task.
    await api.ok('police.officer', DECLINE, { input: { referralId: referral.id, expectedVersion: referral.version, reason: 'No capacity' } });
    const [reroute] = await api.db.dataSource.query(`SELECT id FROM tasks WHERE referral_id = $1 AND type = 'REROUTE'`, [referral.id]);
    await api.ok('dost.manager', `mutation($i: ReleaseTaskInput!) { releaseTask(input: $i) { assigneeId } }`, { i: { taskId: reroute.id } });
    const codeIn = async (user: string): Promise<(string | null)[]> =>
      (await api.ok(user, INBOX_REROUTES)).inbox.edges.filter((e: any) => e.node.caseId === opened.id).map((e: any) => e.node.caseCode);
    expect(await codeIn('dost.manager')).toEqual([opened.caseCode]);
    expect(await codeIn('dost.supervisor')).toEqual([opened.caseCode]);
    expect(await codeIn('dost.intake')).toEqual([null]);
    await api.ok('dost.supervisor', ASSIGN, { i: { caseId: opened.id, staffId: ID['dost.intake'] } });
    expect(await codeIn('dost.intake')).toEqual([opened.caseCode]);
  });
});
