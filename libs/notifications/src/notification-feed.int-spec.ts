import { randomUUID } from 'node:crypto';
import { type Actor } from '@lib/authz';
import { type OrganisationType, type StaffRole, TaskType } from '@lib/domain';
import { DEMO_ORG_IDS, DEMO_USER_IDS, inTransaction } from '@lib/persistence';
import { InboxService } from '@lib/tasks';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { DedicatedStatements } from './dedicated-statements';
import { NotificationFeedService } from './notification-feed.service';
import { NotificationKind } from './notification-kinds';
import { recordNotification, recordTaskNotification } from './notification-outbox';

/**
 * The live subscriptions' batched check (`visibleToEach`: one statement for every subscriber) on a real PostgreSQL:
 * for each reader it answers exactly what the unbatched checks answer (the feed's `visible`, the inbox's `openItem`),
 * and the same on the live checks' own connections (DedicatedStatements: generic plans) as on the pool.
 */
describe('NotificationFeedService.visibleToEach (batched live checks)', () => {
  let db: TestDatabase;
  let feed: NotificationFeedService;
  let inbox: InboxService;
  let dost: Actor[];
  let statements: DedicatedStatements;

  beforeAll(async () => {
    db = await createTestDatabase({ seeded: true });
    statements = new DedicatedStatements(db.url, { applicationName: 'nrm-test-live', connections: 2 });
    feed = new NotificationFeedService(db.dataSource);
    inbox = new InboxService(db.dataSource);
    const rows = await db.dataSource.query<
      { id: string; organisation_id: string; type: OrganisationType; region: string; roles: StaffRole[] }[]
    >(
      `SELECT s.id, s.organisation_id, o.type, o.region, s.roles FROM staff_members s JOIN organisations o ON o.id = s.organisation_id
        WHERE s.organisation_id = $1 ORDER BY s.id`,
      [DEMO_ORG_IDS.DOST_BAKU],
    );
    dost = rows.map((r) => ({
      staffId: r.id,
      organisationId: r.organisation_id,
      organisationType: r.type,
      region: r.region,
      roles: r.roles,
    }));
  });
  afterAll(async () => {
    await statements?.end();
    await db?.drop();
  });

  /** What the unbatched checks say, reader by reader. */
  async function oneByOne(id: string, taskId: string | null) {
    return Promise.all(
      dost.map(async (actor) => {
        const now = new Date();
        const item = taskId === null ? null : await inbox.openItem(actor, taskId, now);
        if (taskId !== null) expect(await inbox.openItem(actor, taskId, now, statements)).toEqual(item);
        return { view: await feed.visible(actor, id), taskOpen: item !== null };
      }),
    );
  }

  async function batched(id: string) {
    const r = await feed.visibleToEach(dost, id);
    // The same answers on the dedicated connections, for all readers at once (unnamed) and for each alone (prepared).
    expect(await feed.visibleToEach(dost, id, statements)).toEqual(r);
    for (const [i, actor] of dost.entries()) {
      const alone = await feed.visibleToEach([actor], id, statements);
      expect(alone).toEqual({ taskId: r.taskId, views: [r.views[i]], taskOpenFor: [r.taskOpenFor[i]] });
    }
    return { taskId: r.taskId, each: dost.map((_, i) => ({ view: r.views[i] ?? null, taskOpen: r.taskOpenFor[i]! })) };
  }

  const idOf = async (dedupeKey: string): Promise<string> =>
    ((await db.dataSource.query<{ id: string }[]>(`SELECT id FROM notifications WHERE dedupe_key = $1`, [dedupeKey]))[0]!).id;

  it('a task assigned to one case manager: each reader gets what the feed and the inbox would show them', async () => {
    expect(dost.length).toBeGreaterThanOrEqual(3);
    const taskId = randomUUID();
    await inTransaction(db.dataSource, async (m) => {
      await m.query(
        `INSERT INTO tasks (id, organisation_id, assignee_id, type, status, due_at) VALUES ($1, $2, $3, $4, 'OPEN', now() + interval '1 day')`,
        [taskId, DEMO_ORG_IDS.DOST_BAKU, DEMO_USER_IDS['dost.manager'], TaskType.FOLLOW_UP],
      );
      await recordTaskNotification(m, {
        id: taskId,
        organisationId: DEMO_ORG_IDS.DOST_BAKU,
        type: TaskType.FOLLOW_UP,
        caseId: null,
        referralId: null,
        assigneeId: DEMO_USER_IDS['dost.manager'],
        dueAt: new Date(Date.now() + 86_400_000),
      });
    });
    const id = await idOf(`task:${taskId}`);
    const expected = await oneByOne(id, taskId);
    const got = await batched(id);
    expect(got.taskId).toBe(taskId);
    expect(got.each).toEqual(expected);
    // Discriminating: some readers see it, some do not (the assignee and the supervisor do; an intake officer does not).
    const at = (username: keyof typeof DEMO_USER_IDS) => dost.findIndex((a) => a.staffId === DEMO_USER_IDS[username]);
    expect(got.each[at('dost.manager')]).toMatchObject({ taskOpen: true, view: { id, taskId } });
    expect(got.each[at('dost.supervisor')]!.taskOpen).toBe(true);
    expect(got.each[at('dost.intake')]).toEqual({ view: null, taskOpen: false });

    // Switched off in the console by the manager: the notification no longer, the open task still.
    await db.dataSource.query(
      `INSERT INTO notification_preferences (staff_id, kind, channel, enabled) VALUES ($1, $2, 'CONSOLE', false)`,
      [DEMO_USER_IDS['dost.manager'], NotificationKind.FOLLOW_UP_DUE],
    );
    const afterOff = await batched(id);
    expect(afterOff.each).toEqual(await oneByOne(id, taskId));
    expect(afterOff.each[at('dost.manager')]).toEqual({ view: null, taskOpen: true });

    // The task done: nobody is told of it as an open task any more.
    await db.dataSource.query(`UPDATE tasks SET status = 'DONE', completed_at = now() WHERE id = $1`, [taskId]);
    const done = await batched(id);
    expect(done.each).toEqual(await oneByOne(id, taskId));
    expect(done.each.every((e) => !e.taskOpen)).toBe(true);
  });

  it('a personal notice reaches its one person only; a reminder names no new task; an unknown id nothing', async () => {
    const personal = `test:${randomUUID()}`;
    const reminder = `test:${randomUUID()}`;
    await inTransaction(db.dataSource, async (m) => {
      await recordNotification(m, {
        kind: NotificationKind.CASE_ASSIGNED,
        organisationId: DEMO_ORG_IDS.DOST_BAKU,
        recipientStaffId: DEMO_USER_IDS['dost.lawyer'],
        dedupeKey: personal,
      });
      await recordNotification(m, {
        kind: NotificationKind.DEADLINE_REMINDER,
        organisationId: DEMO_ORG_IDS.DOST_BAKU,
        taskId: randomUUID(),
        dedupeKey: reminder,
      });
    });
    const p = await idOf(personal);
    const got = await batched(p);
    expect(got.each).toEqual(await oneByOne(p, null));
    expect(got.each.filter((e) => e.view !== null).map((e) => e.view!.id)).toEqual([p]);
    expect(got.each[dost.findIndex((a) => a.staffId === DEMO_USER_IDS['dost.lawyer'])]!.view).not.toBeNull();

    const r = await batched(await idOf(reminder));
    expect(r.taskId).toBeNull();
    expect(r.each.every((e) => !e.taskOpen)).toBe(true);

    const none = await batched(randomUUID());
    expect(none).toEqual({ taskId: null, each: dost.map(() => ({ view: null, taskOpen: false })) });
  });
});
