import { randomUUID } from 'node:crypto';
import { DEMO_ORG_IDS, DEMO_STAFF, DEMO_USER_IDS } from '@lib/persistence';
import { ApiHarness, type GqlResponse, codeOf } from './support/api-harness';
import { INBOX, SURVIVOR, openCase } from './support/operations';

const TASK = '{ id type status assigneeId caseId referralId dueAt }';
const CLAIM = `mutation($i: ClaimTaskInput!) { claimTask(input: $i) ${TASK} }`;
const ASSIGN = `mutation($i: AssignTaskInput!) { assignTask(input: $i) ${TASK} }`;
const RELEASE = `mutation($i: ReleaseTaskInput!) { releaseTask(input: $i) ${TASK} }`;
const ID = DEMO_USER_IDS;

describe('task assignment (claim, assign, release, inbox filters)', () => {
  let api: ApiHarness;
  let caseId: string;
  /** DOST Baku staff added for this file: a team lead without the SUPERVISOR role, their member, a leaver, an administrator. */
  const teamLead = randomUUID();
  const teamMember = randomUUID();
  const leaver = randomUUID();
  const orgAdmin = randomUUID();
  const policeSupervisor = randomUUID();

  const addStaff = (id: string, org: string, roles: string, supervisorId: string | null, active = true) =>
    api.db.dataSource.query(
      `INSERT INTO staff_members (id, organisation_id, username, display_name, roles, supervisor_id, active) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        org,
        `assign.${id.slice(0, 8)}`,
        `Assignment Member ${id.slice(0, 8)}`,
        roles,
        supervisorId,
        active,
      ],
    );
  const task = async (
    over: {
      org?: string;
      type?: string;
      assignee?: string | null;
      status?: string;
      dueInHours?: number;
    } = {},
  ): Promise<string> => {
    const [row] = await api.db.dataSource.query(
      `INSERT INTO tasks (organisation_id, type, status, case_id, assignee_id, due_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6::int)) RETURNING id`,
      [
        over.org ?? DEMO_ORG_IDS.DOST_BAKU,
        over.type ?? 'FOLLOW_UP',
        over.status ?? 'OPEN',
        over.org && over.org !== DEMO_ORG_IDS.DOST_BAKU ? null : caseId,
        over.assignee ?? null,
        over.dueInHours ?? 1,
      ],
    );
    return row.id as string;
  };
  const assigneeOf = async (id: string): Promise<string | null> =>
    (await api.db.dataSource.query(`SELECT assignee_id FROM tasks WHERE id = $1`, [id]))[0].assignee_id;
  const audits = (id: string): Promise<{ action: string; actor_id: string; fields: string[] }[]> =>
    api.db.dataSource.query(
      `SELECT action, actor_id, fields FROM audit_events WHERE subject_id = $1 ORDER BY seq`,
      [id],
    );
  const paths = (res: GqlResponse): string[] =>
    ((res.errors?.[0]?.extensions.fields ?? []) as { path: string }[]).map((f) => f.path);

  beforeAll(async () => {
    api = await ApiHarness.start();
    caseId = (await openCase(api)).id;
    await addStaff(teamLead, DEMO_ORG_IDS.DOST_BAKU, '{CASE_MANAGER}', ID['dost.supervisor']);
    await addStaff(teamMember, DEMO_ORG_IDS.DOST_BAKU, '{PSYCHOLOGIST}', teamLead);
    await addStaff(leaver, DEMO_ORG_IDS.DOST_BAKU, '{CASE_MANAGER}', ID['dost.supervisor'], false);
    await addStaff(orgAdmin, DEMO_ORG_IDS.DOST_BAKU, '{ORGANISATION_ADMIN}', null);
    await addStaff(policeSupervisor, DEMO_ORG_IDS.POLICE_BAKU, '{SUPERVISOR}', null);
  }, 120_000);
  afterAll(() => api?.stop());

  describe('claimTask', () => {
    it('takes an unassigned task once, audited; a retry returns it and writes nothing; a second claimer gets CONFLICT', async () => {
      const id = await task();
      const claimed = await api.ok('dost.lawyer', CLAIM, { i: { taskId: id } });
      expect(claimed.claimTask).toMatchObject({
        id,
        type: 'FOLLOW_UP',
        status: 'OPEN',
        assigneeId: ID['dost.lawyer'],
        caseId,
      });
      expect(await audits(id)).toEqual([
        { action: 'TASK_CLAIMED', actor_id: ID['dost.lawyer'], fields: ['assigneeId'] },
      ]);

      expect((await api.ok('dost.lawyer', CLAIM, { i: { taskId: id } })).claimTask.assigneeId).toBe(
        ID['dost.lawyer'],
      );
      expect(codeOf(await api.gql('dost.intake', CLAIM, { i: { taskId: id } }))).toBe('CONFLICT');
      expect(await assigneeOf(id)).toBe(ID['dost.lawyer']);
      expect(await audits(id)).toHaveLength(1);
    });

    it('lets exactly one of two concurrent claims win; the other is a CONFLICT', async () => {
      const id = await task();
      const [a, b] = await Promise.all([
        api.gql('dost.intake', CLAIM, { i: { taskId: id } }),
        api.gql('dost.psychologist', CLAIM, { i: { taskId: id } }),
      ]);
      const winners = [a, b].filter((r) => !r.errors);
      expect(winners).toHaveLength(1);
      expect([a, b].map(codeOf).filter(Boolean)).toEqual(['CONFLICT']);
      expect(await assigneeOf(id)).toBe(winners[0]!.data.claimTask.assigneeId);
      expect(await audits(id)).toHaveLength(1);
    });

    it('refuses a role that does not work on the task type (FORBIDDEN) and a closed task (CONFLICT), writing nothing', async () => {
      const countersign = await task({ type: 'LEGAL_OVERRIDE_COUNTERSIGN' });
      expect(codeOf(await api.gql('dost.manager', CLAIM, { i: { taskId: countersign } }))).toBe('FORBIDDEN');
      expect(
        (await api.ok('dost.supervisor', CLAIM, { i: { taskId: countersign } })).claimTask.assigneeId,
      ).toBe(ID['dost.supervisor']);
      const done = await task({ status: 'DONE' });
      expect(codeOf(await api.gql('dost.manager', CLAIM, { i: { taskId: done } }))).toBe('CONFLICT');
      expect(await assigneeOf(done)).toBeNull();
      expect(await audits(done)).toEqual([]);
    });
  });

  describe('assignTask', () => {
    it('lets a supervisor assign and reassign; assigning to the current assignee is a harmless retry', async () => {
      const id = await task();
      const assigned = await api.ok('dost.supervisor', ASSIGN, {
        i: { taskId: id, assigneeId: ID['dost.manager'] },
      });
      expect(assigned.assignTask).toMatchObject({ id, assigneeId: ID['dost.manager'] });
      await api.ok('dost.supervisor', ASSIGN, { i: { taskId: id, assigneeId: ID['dost.manager'] } });
      expect(await audits(id)).toHaveLength(1);

      const reassigned = await api.ok('dost.supervisor', ASSIGN, {
        i: { taskId: id, assigneeId: ID['dost.lawyer'] },
      });
      expect(reassigned.assignTask.assigneeId).toBe(ID['dost.lawyer']);
      expect(await audits(id)).toEqual([
        { action: 'TASK_ASSIGNED', actor_id: ID['dost.supervisor'], fields: ['assigneeId'] },
        { action: 'TASK_ASSIGNED', actor_id: ID['dost.supervisor'], fields: ['assigneeId'] },
      ]);
      // The previous assignee no longer sees it; the new one does.
      const inboxOf = async (user: string) =>
        (await api.ok(user, INBOX, { first: 100, filter: { assignment: 'MINE' } })).inbox.edges.map(
          (e: any) => e.node.id,
        );
      expect(await inboxOf('dost.manager')).not.toContain(id);
      expect(await inboxOf('dost.lawyer')).toContain(id);
    });

    it("lets the assignee's own supervisor (no SUPERVISOR role) reassign, but not a colleague or anyone an unassigned task", async () => {
      const id = await task({ assignee: teamMember });
      expect(
        codeOf(await api.gql('dost.manager', ASSIGN, { i: { taskId: id, assigneeId: ID['dost.manager'] } })),
      ).toBe('FORBIDDEN');
      const res = await api.ok(teamLead, ASSIGN, { i: { taskId: id, assigneeId: teamLead } });
      expect(res.assignTask.assigneeId).toBe(teamLead);
      const unassigned = await task();
      expect(
        codeOf(await api.gql(teamLead, ASSIGN, { i: { taskId: unassigned, assigneeId: teamMember } })),
      ).toBe('FORBIDDEN');
      expect(await assigneeOf(unassigned)).toBeNull();
      expect(await audits(unassigned)).toEqual([]);
    });

    it('answers BAD_USER_INPUT at input.assigneeId for an inactive, foreign, unknown or unfit assignee, never echoing the id, and writes nothing', async () => {
      const id = await task({ assignee: ID['dost.manager'] });
      const auditsBefore = await api.count('audit_events');
      for (const assigneeId of [leaver, ID['police.officer'], randomUUID(), orgAdmin]) {
        const res = await api.gql('dost.supervisor', ASSIGN, { i: { taskId: id, assigneeId } });
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(paths(res)).toEqual(['input.assigneeId']);
        expect(JSON.stringify(res.errors)).not.toContain(assigneeId);
      }
      const malformed = await api.gql('dost.supervisor', ASSIGN, {
        i: { taskId: id, assigneeId: 'not-a-uuid' },
      });
      expect(codeOf(malformed)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(malformed.errors)).not.toContain('not-a-uuid');
      expect(await assigneeOf(id)).toBe(ID['dost.manager']);
      expect(await api.count('audit_events')).toBe(auditsBefore);
    });

    it('is a CONFLICT for a completed or cancelled task', async () => {
      for (const status of ['DONE', 'CANCELLED']) {
        const id = await task({ status });
        expect(
          codeOf(
            await api.gql('dost.supervisor', ASSIGN, { i: { taskId: id, assigneeId: ID['dost.manager'] } }),
          ),
        ).toBe('CONFLICT');
        expect(await assigneeOf(id)).toBeNull();
      }
    });

    it('tells the assignee "assigned to you" through the outbox, once per assignment, never on a self-claim; only the assignee sees it', async () => {
      const FEED = `query { notifications(first: 100) { edges { node { id kind taskId taskType mandatory } } } }`;
      const assignedNotes = (id: string): Promise<{ recipient_staff_id: string; mandatory: boolean }[]> =>
        api.db.dataSource.query(
          `SELECT recipient_staff_id, mandatory FROM notifications WHERE kind = 'TASK_ASSIGNED' AND task_id = $1 ORDER BY created_at`,
          [id],
        );
      const feedOf = async (user: string, id: string): Promise<Record<string, unknown>[]> =>
        (await api.ok(user, FEED)).notifications.edges
          .map((e: { node: Record<string, unknown> }) => e.node)
          .filter((n: Record<string, unknown>) => n.kind === 'TASK_ASSIGNED' && n.taskId === id);

      // A self-claim and a supervisor taking a task themselves tell nobody.
      const claimed = await task();
      await api.ok('dost.lawyer', CLAIM, { i: { taskId: claimed } });
      const selfAssigned = await task();
      await api.ok('dost.supervisor', ASSIGN, { i: { taskId: selfAssigned, assigneeId: ID['dost.supervisor'] } });
      expect(await assignedNotes(claimed)).toEqual([]);
      expect(await assignedNotes(selfAssigned)).toEqual([]);

      // A refused assignment writes no notification (same transaction as the change).
      const id = await task();
      expect(codeOf(await api.gql('dost.supervisor', ASSIGN, { i: { taskId: id, assigneeId: leaver } }))).toBe(
        'BAD_USER_INPUT',
      );
      expect(await assignedNotes(id)).toEqual([]);

      // Assigned: one notification to the assignee, not mandatory; a retry adds none; a reassignment tells the new one.
      await api.ok('dost.supervisor', ASSIGN, { i: { taskId: id, assigneeId: ID['dost.manager'] } });
      await api.ok('dost.supervisor', ASSIGN, { i: { taskId: id, assigneeId: ID['dost.manager'] } });
      expect(await assignedNotes(id)).toEqual([{ recipient_staff_id: ID['dost.manager'], mandatory: false }]);
      expect(await feedOf('dost.manager', id)).toEqual([
        expect.objectContaining({ taskType: 'FOLLOW_UP', mandatory: false }),
      ]);
      // Personal: neither the supervisor who assigned it nor a colleague hears of it.
      expect(await feedOf('dost.supervisor', id)).toEqual([]);
      expect(await feedOf('dost.lawyer', id)).toEqual([]);

      await api.ok('dost.supervisor', ASSIGN, { i: { taskId: id, assigneeId: ID['dost.lawyer'] } });
      expect((await assignedNotes(id)).map((n) => n.recipient_staff_id)).toEqual([ID['dost.manager'], ID['dost.lawyer']]);
      expect(await feedOf('dost.lawyer', id)).toHaveLength(1);

      // Not mandatory: the assignee may switch it off (here in the console feed).
      await api.ok(
        'dost.lawyer',
        `mutation($input: SetNotificationPreferenceInput!) { setNotificationPreference(input: $input) { preferences { kind } } }`,
        { input: { kind: 'TASK_ASSIGNED', channel: 'CONSOLE', enabled: false } },
      );
      expect(await feedOf('dost.lawyer', id)).toEqual([]);
    });
  });

  describe('across organisations', () => {
    it("answers NOT_FOUND for another organisation's task (existence not revealed) and writes nothing", async () => {
      const dostTask = await task();
      const policeTask = await task({ org: DEMO_ORG_IDS.POLICE_BAKU, type: 'REFERRAL_SERVICE' });
      const unknown = randomUUID();
      const attempts: [string, string, Record<string, unknown>][] = [
        ['police.officer', CLAIM, { taskId: dostTask }],
        [policeSupervisor, ASSIGN, { taskId: dostTask, assigneeId: ID['police.officer'] }],
        [policeSupervisor, ASSIGN, { taskId: dostTask, assigneeId: ID['dost.manager'] }],
        ['dost.supervisor', ASSIGN, { taskId: policeTask, assigneeId: ID['dost.manager'] }],
        ['dost.manager', CLAIM, { taskId: policeTask }],
        ['dost.manager', RELEASE, { taskId: policeTask }],
        ['dost.manager', CLAIM, { taskId: unknown }],
      ];
      for (const [user, op, i] of attempts) {
        const res = await api.gql(user, op, { i });
        expect([user, codeOf(res)]).toEqual([user, 'NOT_FOUND']);
        expect(JSON.stringify(res.errors)).not.toContain(i.taskId as string);
      }
      expect(await assigneeOf(dostTask)).toBeNull();
      expect(await assigneeOf(policeTask)).toBeNull();
      expect([...(await audits(dostTask)), ...(await audits(policeTask))]).toEqual([]);
    });
  });

  describe('releaseTask', () => {
    it('gives the assignee’s task back to the queue, audited; a retry is harmless; nobody else may release it', async () => {
      const id = await task({ assignee: ID['dost.lawyer'] });
      expect(codeOf(await api.gql('dost.intake', RELEASE, { i: { taskId: id } }))).toBe('FORBIDDEN');
      expect(codeOf(await api.gql('dost.supervisor', RELEASE, { i: { taskId: id } }))).toBe('FORBIDDEN');
      expect(await assigneeOf(id)).toBe(ID['dost.lawyer']);

      expect((await api.ok('dost.lawyer', RELEASE, { i: { taskId: id } })).releaseTask.assigneeId).toBeNull();
      expect((await api.ok('dost.lawyer', RELEASE, { i: { taskId: id } })).releaseTask.assigneeId).toBeNull();
      expect(await audits(id)).toEqual([
        { action: 'TASK_RELEASED', actor_id: ID['dost.lawyer'], fields: ['assigneeId'] },
      ]);
      // Back in the queue: a colleague can claim it.
      expect((await api.ok('dost.intake', CLAIM, { i: { taskId: id } })).claimTask.assigneeId).toBe(
        ID['dost.intake'],
      );
    });
  });

  describe('inbox assignment filter', () => {
    const ids = async (user: string, assignment?: string, first = 100): Promise<string[]> => {
      const out: string[] = [];
      let after: string | null = null;
      for (;;) {
        const filter = { type: 'ESCALATION', ...(assignment ? { assignment } : {}) };
        const page: any = (await api.ok(user, INBOX, { first, after, filter })).inbox;
        out.push(...page.edges.map((e: any) => e.node.id));
        if (!page.pageInfo.hasNextPage) return out;
        after = page.pageInfo.endCursor;
      }
    };

    it('MINE, MY_TEAM and UNASSIGNED narrow the inbox in SQL, with keyset paging unchanged', async () => {
      const mine = await task({ type: 'ESCALATION', assignee: ID['dost.supervisor'], dueInHours: 5 });
      const managers = await task({ type: 'ESCALATION', assignee: ID['dost.manager'], dueInHours: 1 });
      const leads = await task({ type: 'ESCALATION', assignee: teamLead, dueInHours: 2 });
      const members = await task({ type: 'ESCALATION', assignee: teamMember, dueInHours: 3 });
      const queue = await task({ type: 'ESCALATION', dueInHours: 4 });
      const queue2 = await task({ type: 'ESCALATION', dueInHours: 6 });
      const closed = await task({ type: 'ESCALATION', assignee: ID['dost.manager'], status: 'DONE' });
      const all = [mine, managers, leads, members, queue, queue2, closed];
      const only = (list: string[]) => list.filter((id) => all.includes(id));

      // The supervisor sees the whole organisation; their team is everyone whose supervisor they are.
      expect(only(await ids('dost.supervisor'))).toEqual([managers, leads, members, queue, mine, queue2]);
      expect(only(await ids('dost.supervisor', 'ALL'))).toEqual([
        managers,
        leads,
        members,
        queue,
        mine,
        queue2,
      ]);
      expect(only(await ids('dost.supervisor', 'MINE'))).toEqual([mine]);
      expect(only(await ids('dost.supervisor', 'MY_TEAM'))).toEqual([managers, leads, queue, mine, queue2]);
      expect(only(await ids('dost.supervisor', 'UNASSIGNED'))).toEqual([queue, queue2]);
      // Paging one row at a time walks the same rows in the same order.
      expect(only(await ids('dost.supervisor', 'MY_TEAM', 1))).toEqual([
        managers,
        leads,
        queue,
        mine,
        queue2,
      ]);
      expect(only(await ids('dost.supervisor', 'UNASSIGNED', 1))).toEqual([queue, queue2]);

      // A case manager sees their own and the queue; the filters only ever narrow that.
      expect(only(await ids('dost.manager', 'MINE'))).toEqual([managers]);
      expect(only(await ids('dost.manager', 'MY_TEAM'))).toEqual([managers, queue, queue2]);
      expect(only(await ids('dost.manager', 'UNASSIGNED'))).toEqual([queue, queue2]);
      // A team lead without the SUPERVISOR role: their own, their team's (supervisorId) and the queue, not the others'.
      expect(only(await ids(teamLead))).toEqual([leads, members, queue, queue2]);
      expect(only(await ids(teamLead, 'MINE'))).toEqual([leads]);
      expect(only(await ids(teamLead, 'MY_TEAM'))).toEqual([leads, members, queue, queue2]);
      expect(only(await ids(teamLead, 'MY_TEAM', 1))).toEqual([leads, members, queue, queue2]);
      expect(only(await ids(teamLead, 'UNASSIGNED'))).toEqual([queue, queue2]);
      // Another organisation sees none of them, whatever the filter.
      for (const assignment of ['ALL', 'MINE', 'MY_TEAM', 'UNASSIGNED'])
        expect(only(await ids(policeSupervisor, assignment))).toEqual([]);
    });
  });

  it("lets a team lead complete a team member's task, which a colleague cannot even see", async () => {
    const id = await task({ assignee: teamMember });
    const COMPLETE_TASK = `mutation($id: UUID!) { completeTask(taskId: $id) { id status } }`;
    expect(codeOf(await api.gql('dost.lawyer', COMPLETE_TASK, { id }))).toBe('NOT_FOUND');
    expect((await api.ok(teamLead, COMPLETE_TASK, { id })).completeTask.status).toBe('DONE');
  });

  it('writes audit rows with ids and field names only: no survivor data, no staff names', async () => {
    const id = await task();
    await api.ok('dost.manager', CLAIM, { i: { taskId: id } });
    await api.ok('dost.supervisor', ASSIGN, { i: { taskId: id, assigneeId: teamMember } });
    await api.ok(teamMember, RELEASE, { i: { taskId: id } });
    const rows: { action: string; subject_id: string; case_id: string }[] = await api.db.dataSource.query(
      `SELECT * FROM audit_events WHERE subject_id = $1 ORDER BY seq`,
      [id],
    );
    expect(rows.map((r) => [r.action, r.subject_id, r.case_id])).toEqual([
      ['TASK_CLAIMED', id, caseId],
      ['TASK_ASSIGNED', id, caseId],
      ['TASK_RELEASED', id, caseId],
    ]);
    const text = JSON.stringify(rows);
    for (const value of Object.values(SURVIVOR)) expect(text).not.toContain(value);
    for (const member of DEMO_STAFF) expect(text).not.toContain(member.displayName);
    expect(text).not.toContain('Assignment Member');
  });
});
