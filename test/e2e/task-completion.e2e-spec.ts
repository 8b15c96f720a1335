import { DEMO_ORG_IDS } from '@lib/persistence';
import { ApiHarness, codeOf } from './support/api-harness';
import { openCase } from './support/operations';

const COMPLETE = `mutation($id: UUID!) { completeTask(taskId: $id) { id type status completedAt } }`;

describe('completeTask', () => {
  let api: ApiHarness;
  let caseId: string;
  const task = async (type: string): Promise<string> => {
    const rows: { id: string }[] = await api.db.dataSource.query(
      `INSERT INTO tasks (organisation_id, type, status, case_id) VALUES ($1, $2, 'OPEN', $3) RETURNING id`,
      [DEMO_ORG_IDS.DOST_BAKU, type, caseId],
    );
    return rows[0]!.id;
  };
  const audited = async (id: string): Promise<number> =>
    Number((await api.db.dataSource.query(`SELECT count(*) AS n FROM audit_events WHERE subject_id = $1 AND action = 'TASK_COMPLETED'`, [id]))[0].n);

  beforeAll(async () => {
    api = await ApiHarness.start();
    caseId = (await openCase(api)).id;
  });
  afterAll(() => api?.stop());

  it('closes a follow-up once, audited, and it leaves the inbox', async () => {
    const id = await task('FOLLOW_UP');
    const done = await api.ok('dost.manager', COMPLETE, { id });
    expect(done.completeTask).toMatchObject({ id, type: 'FOLLOW_UP', status: 'DONE' });
    expect(await audited(id)).toBe(1);
    const inbox = await api.ok('dost.manager', `{ inbox(first: 100) { edges { node { id } } } }`);
    expect(inbox.inbox.edges.map((e: any) => e.node.id)).not.toContain(id);
    // A second attempt is a conflict and writes nothing.
    expect(codeOf(await api.gql('dost.manager', COMPLETE, { id }))).toBe('CONFLICT');
    expect(await audited(id)).toBe(1);
  });

  it('refuses tasks that close by their own action, with the field path', async () => {
    const id = await task('REFERRAL_RESPONSE');
    const res = await api.gql('dost.manager', COMPLETE, { id });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res.errors![0]!.extensions.fields)).toContain('taskId');
    const [row] = await api.db.dataSource.query(`SELECT status FROM tasks WHERE id = $1`, [id]);
    expect(row.status).toBe('OPEN');
  });

  it('answers BAD_USER_INPUT for a malformed id and NOT_FOUND for an unknown one', async () => {
    expect(codeOf(await api.gql('dost.manager', COMPLETE, { id: 'nope' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await api.gql('dost.manager', COMPLETE, { id: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
  });
});
