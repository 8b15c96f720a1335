/**
 * Safety plans end to end (issue 16): GraphQL over HTTP → SafetyPlanService → PostgreSQL. An item for another
 * organisation becomes a task in its inbox only under an in-force consent for the action's purpose, and that task
 * carries no free text; the text stays encrypted and is read only by the owning organisation; retries are harmless.
 */
import { suppressTotal } from '@lib/domain';
import { DEMO_ORG_IDS, DEMO_REGION } from '@lib/persistence';
import { ApiHarness, codeOf, type GqlResponse } from './support/api-harness';
import { eventually } from './support/temporal-api';
import { INBOX, RECORD_CONSENT, assignWorkers, consentToPolice, key, openCase } from './support/operations';

const DAY = 86_400_000;
const ITEM = `id caseId organisationId responsibleOrganisationId action note status dueAt reviewAt version`;
const ADD = `mutation($i: AddSafetyPlanItemInput!) { addSafetyPlanItem(input: $i) { ${ITEM} } }`;
const UPDATE = `mutation($i: UpdateSafetyPlanItemInput!) { updateSafetyPlanItem(input: $i) { ${ITEM} } }`;
const PLAN = `query($id: UUID!) { safetyPlan(caseId: $id) { ${ITEM} } }`;
const COMPLETE_TASK = `mutation($id: UUID!) { completeTask(taskId: $id) { id status } }`;
const SECRET = 'She hides the spare key under the blue flowerpot';

const iso = (ms: number): string => new Date(Date.now() + ms).toISOString();

describe('safety plans (e2e)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(() => api?.stop());

  const fieldPaths = (res: GqlResponse): string[] =>
    ((res.errors?.[0]?.extensions.fields ?? []) as { path: string }[]).map((f) => f.path);
  const inbox = async (user: string): Promise<Record<string, any>[]> =>
    ((await api.ok(user, INBOX, { first: 100 })).inbox.edges as { node: Record<string, any> }[]).map((e) => e.node);
  const planTasks = (caseId: string): Promise<{ organisation_id: string; status: string; due_at: Date; row: string }[]> =>
    api.db.dataSource.query(
      `SELECT organisation_id, status, due_at, row_to_json(t)::text AS row FROM tasks t
        WHERE case_id = $1 AND type = 'SAFETY_PLAN_ACTION' ORDER BY created_at, id`,
      [caseId],
    );
  const itemInput = (caseId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    caseId,
    action: 'POLICE_WELFARE_CHECK',
    note: SECRET,
    responsibleOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
    dueAt: iso(2 * DAY),
    reviewAt: iso(7 * DAY),
    idempotencyKey: key('plan'),
    ...overrides,
  });

  it('consent covers the police: the task reaches their inbox with the action and due date only; the text never leaves the DOST', async () => {
    const c = await openCase(api);
    await consentToPolice(api, c.id, ['IDENTITY']);
    const input = itemInput(c.id);
    const item = (await api.ok('dost.manager', ADD, { i: input })).addSafetyPlanItem;
    expect(item).toMatchObject({
      caseId: c.id,
      organisationId: DEMO_ORG_IDS.DOST_BAKU,
      responsibleOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
      action: 'POLICE_WELFARE_CHECK',
      note: SECRET,
      status: 'OPEN',
      dueAt: input.dueAt,
      version: 1,
    });

    // A retry with the same key returns the same item and raises no second task; the key reused for another item: CONFLICT.
    expect((await api.ok('dost.manager', ADD, { i: input })).addSafetyPlanItem.id).toBe(item.id);
    expect(codeOf(await api.gql('dost.manager', ADD, { i: { ...input, note: 'other text' } }))).toBe('CONFLICT');
    expect(await api.count('safety_plan_items', 'case_id = $1', [c.id])).toBe(1);
    // Its review date is a durable timer, started by the mutation (ids only).
    const review = await eventually(() => api.temporal.facade.safetyPlanReviewState(item.id).then((r) => (r.status ? r : null), () => null));
    expect(review).toMatchObject({ itemId: item.id, status: 'OPEN', remindedFor: null });
    const tasks = await planTasks(c.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ organisation_id: DEMO_ORG_IDS.POLICE_BAKU, status: 'OPEN' });
    expect(new Date(tasks[0]!.due_at).toISOString()).toBe(input.dueAt);

    // The police see the task, and of the plan only their item, without the text.
    const policeTask = (await inbox('police.officer')).filter((t) => t.caseId === c.id && t.type === 'SAFETY_PLAN_ACTION');
    expect(policeTask).toEqual([expect.objectContaining({ status: 'OPEN', caseCode: c.caseCode, dueAt: input.dueAt })]);
    const seenByPolice = (await api.ok('police.officer', PLAN, { id: c.id })).safetyPlan;
    expect(seenByPolice).toEqual([expect.objectContaining({ id: item.id, action: 'POLICE_WELFARE_CHECK', note: null, dueAt: input.dueAt })]);
    expect((await api.ok('dost.supervisor', PLAN, { id: c.id })).safetyPlan).toEqual([expect.objectContaining({ id: item.id, note: SECRET })]);

    // Nowhere outside the encrypted column: not the task, its notification, the audit trail or the timeline.
    const stored: { note: string }[] = await api.db.dataSource.query(
      `SELECT encode(note_enc, 'escape') AS note FROM safety_plan_items WHERE id = $1`,
      [item.id],
    );
    expect(stored[0]!.note).not.toContain('flowerpot');
    const rows: { row: string }[] = await api.db.dataSource.query(
      `SELECT row_to_json(a)::text AS row FROM audit_events a WHERE case_id = $1
       UNION ALL SELECT row_to_json(n)::text FROM notifications n
       UNION ALL SELECT row_to_json(t)::text FROM timeline_entries t WHERE case_id = $1`,
      [c.id],
    );
    const everything = [...rows.map((r) => r.row), ...tasks.map((t) => t.row)].join('\n');
    expect(everything).not.toMatch(/flowerpot|spare key/);
    expect(rows.some((r) => r.row.includes('SAFETY_PLAN_ITEM_ADDED'))).toBe(true);
    expect(rows.some((r) => r.row.includes('SAFETY_PLAN_READ'))).toBe(true);
  });

  it('the responsible organisation reports its action done from its inbox: the item is DONE with the task, audited, and its review reminder ends', async () => {
    const c = await openCase(api);
    await consentToPolice(api, c.id, ['IDENTITY']);
    const item = (await api.ok('dost.manager', ADD, { i: itemInput(c.id) })).addSafetyPlanItem;
    await eventually(() => api.temporal.facade.safetyPlanReviewState(item.id).then((r) => (r.status === 'OPEN' ? r : null), () => null));
    const [task] = (await inbox('police.officer')).filter((t) => t.caseId === c.id && t.type === 'SAFETY_PLAN_ACTION');
    // Not the owner's to close from its inbox on the police's behalf: the task is the police's.
    expect(codeOf(await api.gql('dost.manager', COMPLETE_TASK, { id: task!.id }))).toBe('NOT_FOUND');
    expect((await api.ok('police.officer', COMPLETE_TASK, { id: task!.id })).completeTask).toMatchObject({ status: 'DONE' });
    expect((await api.ok('dost.manager', PLAN, { id: c.id })).safetyPlan).toEqual([expect.objectContaining({ id: item.id, status: 'DONE', version: 2 })]);
    const audit: { action: string; organisation_id: string; fields: string[] }[] = await api.db.dataSource.query(
      `SELECT action, organisation_id, fields FROM audit_events WHERE subject_id = $1 AND action = 'SAFETY_PLAN_ITEM_UPDATED'`,
      [item.id],
    );
    expect(audit).toEqual([{ action: 'SAFETY_PLAN_ITEM_UPDATED', organisation_id: DEMO_ORG_IDS.POLICE_BAKU, fields: ['status'] }]);
    // The review reminder heard of it and ended; a second completion is a CONFLICT and changes nothing.
    await eventually(() => api.temporal.facade.safetyPlanReviewState(item.id).then((r) => (r.status === 'DONE' ? r : null), () => null));
    expect(codeOf(await api.gql('police.officer', COMPLETE_TASK, { id: task!.id }))).toBe('CONFLICT');
    expect(await api.count('safety_plan_items', `id = $1 AND version = 2`, [item.id])).toBe(1);
  });

  it('no consent for the organisation or the purpose: CONSENT_REQUIRED naming the field, nothing written', async () => {
    const c = await openCase(api);
    // A consent to the police for LAW_ENFORCEMENT does not cover counselling by the police, nor anything for the NGO.
    await consentToPolice(api, c.id, ['IDENTITY']);
    const before = { items: await api.count('safety_plan_items'), tasks: await api.count('tasks', `type = 'SAFETY_PLAN_ACTION'`) };
    for (const input of [
      itemInput(c.id, { action: 'COUNSELLING' }),
      itemInput(c.id, { action: 'LEGAL_ADVICE', responsibleOrganisationId: DEMO_ORG_IDS.NGO_LEGAL_CLINIC }),
    ]) {
      const res = await api.gql('dost.manager', ADD, { i: input });
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(res.errors?.[0]?.extensions.reason).toBe('CONSENT_REQUIRED');
      expect(fieldPaths(res)).toEqual(['input.responsibleOrganisationId']);
      expect(JSON.stringify(res.errors)).not.toContain('flowerpot');
    }
    expect(await api.count('safety_plan_items')).toBe(before.items);
    expect(await api.count('tasks', `type = 'SAFETY_PLAN_ACTION'`)).toBe(before.tasks);

    // Once the survivor consents to the legal clinic for legal aid, the same kind of item goes through.
    await api.ok('dost.manager', RECORD_CONSENT, {
      input: {
        caseId: c.id,
        grantor: 'SELF',
        recipientOrganisationId: DEMO_ORG_IDS.NGO_LEGAL_CLINIC,
        dataCategories: ['IDENTITY'],
        purposes: ['LEGAL_AID'],
        method: 'WRITTEN',
        idempotencyKey: key('consent'),
      },
    });
    const ok = await api.ok('dost.manager', ADD, { i: itemInput(c.id, { action: 'LEGAL_ADVICE', responsibleOrganisationId: DEMO_ORG_IDS.NGO_LEGAL_CLINIC }) });
    expect(ok.addSafetyPlanItem.responsibleOrganisationId).toBe(DEMO_ORG_IDS.NGO_LEGAL_CLINIC);
    expect((await inbox('ngo.lawyer')).some((t) => t.caseId === c.id && t.type === 'SAFETY_PLAN_ACTION')).toBe(true);
  });

  it("a consent withdrawn takes the police's item with it: the item is cancelled with its task, in the withdrawal's transaction", async () => {
    const c = await openCase(api);
    const consent = await consentToPolice(api, c.id, ['IDENTITY']);
    const delegated = (await api.ok('dost.manager', ADD, { i: itemInput(c.id) })).addSafetyPlanItem;
    const own = (
      await api.ok('dost.manager', ADD, { i: itemInput(c.id, { action: 'EMERGENCY_PLAN', responsibleOrganisationId: DEMO_ORG_IDS.DOST_BAKU }) })
    ).addSafetyPlanItem;
    expect((await inbox('police.officer')).some((t) => t.caseId === c.id && t.type === 'SAFETY_PLAN_ACTION')).toBe(true);

    const withdrawn = await api.ok(
      'dost.manager',
      `mutation($id: UUID!) { withdrawConsent(consentId: $id, reason: "Survivor request") { cancelledSafetyPlanItemIds } }`,
      { id: consent.id },
    );
    expect(withdrawn.withdrawConsent.cancelledSafetyPlanItemIds).toEqual([delegated.id]);
    const plan = (await api.ok('dost.manager', PLAN, { id: c.id })).safetyPlan as { id: string; status: string }[];
    expect(plan.find((i) => i.id === delegated.id)?.status).toBe('CANCELLED');
    expect(plan.find((i) => i.id === own.id)?.status).toBe('OPEN'); // the centre's own item needs no consent
    expect((await inbox('police.officer')).some((t) => t.caseId === c.id && t.type === 'SAFETY_PLAN_ACTION')).toBe(false);
    const tasks = await planTasks(c.id);
    expect(tasks.filter((t) => t.organisation_id === DEMO_ORG_IDS.POLICE_BAKU).map((t) => t.status)).toEqual(['CANCELLED']);
    expect(tasks.filter((t) => t.organisation_id === DEMO_ORG_IDS.DOST_BAKU).map((t) => t.status)).toEqual(['OPEN']);
    expect(await api.count('audit_events', `subject_id = $1 AND action = 'SAFETY_PLAN_ITEM_CANCELLED_CONSENT_WITHDRAWN'`, [delegated.id])).toBe(1);
  });

  it("the own organisation's item is a task in its own inbox, needing no consent", async () => {
    const c = await openCase(api);
    await assignWorkers(api, c.id, ['dost.lawyer']); // a worker of the case other than its opener
    const input = itemInput(c.id, { action: 'EMERGENCY_PLAN', responsibleOrganisationId: DEMO_ORG_IDS.DOST_BAKU, note: null });
    const item = (await api.ok('dost.lawyer', ADD, { i: input })).addSafetyPlanItem;
    expect(item).toMatchObject({ note: null, responsibleOrganisationId: DEMO_ORG_IDS.DOST_BAKU });
    expect((await inbox('dost.manager')).filter((t) => t.caseId === c.id && t.type === 'SAFETY_PLAN_ACTION')).toEqual([
      expect.objectContaining({ dueAt: input.dueAt }),
    ]);
  });

  it('updates are optimistic and re-issue the task; moving an item to an organisation without consent is refused', async () => {
    const c = await openCase(api);
    await consentToPolice(api, c.id, ['IDENTITY']);
    const item = (await api.ok('dost.manager', ADD, { i: itemInput(c.id) })).addSafetyPlanItem;

    const newDue = iso(3 * DAY);
    const change = { itemId: item.id, expectedVersion: 1, dueAt: newDue, note: 'Patrol twice a day', idempotencyKey: key('upd') };
    const updated = (await api.ok('dost.manager', UPDATE, { i: change })).updateSafetyPlanItem;
    expect(updated).toMatchObject({ version: 2, dueAt: newDue, note: 'Patrol twice a day', status: 'OPEN' });
    // The retry is harmless; the stale version is a CONFLICT.
    expect((await api.ok('dost.manager', UPDATE, { i: change })).updateSafetyPlanItem.version).toBe(2);
    const stale = await api.gql('dost.manager', UPDATE, { i: { ...change, idempotencyKey: key('upd') } });
    expect(codeOf(stale)).toBe('CONFLICT');
    let tasks = await planTasks(c.id);
    expect(tasks.map((t) => t.status)).toEqual(['CANCELLED', 'OPEN']);
    expect(new Date(tasks[1]!.due_at).toISOString()).toBe(newDue);

    // To the NGO without its consent: refused, nothing changed.
    const moved = await api.gql('dost.manager', UPDATE, {
      i: { itemId: item.id, expectedVersion: 2, responsibleOrganisationId: DEMO_ORG_IDS.NGO_LEGAL_CLINIC, idempotencyKey: key('upd') },
    });
    expect(moved.errors?.[0]?.extensions.reason).toBe('CONSENT_REQUIRED');
    expect(fieldPaths(moved)).toEqual(['input.responsibleOrganisationId']);
    expect((await api.ok('dost.manager', PLAN, { id: c.id })).safetyPlan[0]).toMatchObject({
      version: 2,
      responsibleOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
    });
    expect((await planTasks(c.id)).map((t) => t.status)).toEqual(['CANCELLED', 'OPEN']);

    // Done: the open task is done with it, and a done item no longer changes.
    const done = (await api.ok('dost.manager', UPDATE, { i: { itemId: item.id, expectedVersion: 2, status: 'DONE', idempotencyKey: key('upd') } }))
      .updateSafetyPlanItem;
    expect(done).toMatchObject({ status: 'DONE', version: 3 });
    tasks = await planTasks(c.id);
    expect(tasks.map((t) => t.status)).toEqual(['CANCELLED', 'DONE']);
    const again = await api.gql('dost.manager', UPDATE, { i: { itemId: item.id, expectedVersion: 3, status: 'CANCELLED', idempotencyKey: key('upd') } });
    expect(codeOf(again)).toBe('CONFLICT');
  });

  it('other organisations can neither write nor read the plan; bad input names each field without echoing it', async () => {
    const c = await openCase(api);
    await consentToPolice(api, c.id, ['IDENTITY']);
    const item = (await api.ok('dost.manager', ADD, { i: itemInput(c.id) })).addSafetyPlanItem;
    for (const user of ['police.officer', 'ssa.officer', 'monitoring.officer', 'ngo.lawyer']) {
      expect(codeOf(await api.gql(user, ADD, { i: itemInput(c.id) }))).toBe('NOT_FOUND');
      expect(
        codeOf(await api.gql(user, UPDATE, { i: { itemId: item.id, expectedVersion: 1, status: 'DONE', idempotencyKey: key('upd') } })),
      ).toBe('NOT_FOUND');
    }
    for (const user of ['ssa.officer', 'monitoring.officer', 'ngo.lawyer', 'wsl.operator']) {
      expect(codeOf(await api.gql(user, PLAN, { id: c.id }))).toBe('NOT_FOUND');
    }

    const before = await api.count('safety_plan_items');
    const bad = await api.gql('dost.manager', ADD, {
      i: itemInput(c.id, { action: 'MOVE_HER_TO_GANJA', note: 'x\u0000y', dueAt: iso(-DAY), reviewAt: iso(400 * DAY) }),
    });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(bad.errors)).not.toMatch(/GANJA/);
    const stillBad = await api.gql('dost.manager', ADD, {
      i: itemInput(c.id, { note: 'x'.repeat(2001), dueAt: iso(-DAY), reviewAt: iso(400 * DAY) }),
    });
    expect(fieldPaths(stillBad)).toEqual(['input.note', 'input.dueAt', 'input.reviewAt']);
    expect(await api.count('safety_plan_items')).toBe(before);
  });

  it('monitoring sees open and overdue items of its region as counts only, small cells withheld', async () => {
    const STATS = `{ riskStatistics { safetyPlanItemsOpen safetyPlanItemsOverdue safetyPlanItemsOpenByAction { key count suppressed } } }`;
    // The region's ground truth, whatever other tests of this file left (counted from the table itself).
    const truth = async (): Promise<{ open: number; overdue: number; child: number }> => {
      const [row] = await api.db.dataSource.query(
        `SELECT count(*)::int AS open, count(*) FILTER (WHERE i.due_at < now())::int AS overdue,
                count(*) FILTER (WHERE i.action = 'CHILD_SAFETY')::int AS child
           FROM safety_plan_items i JOIN cases c ON c.id = i.case_id WHERE c.region = $1 AND i.status = 'OPEN'`,
        [DEMO_REGION],
      );
      return row as { open: number; overdue: number; child: number };
    };
    const c = await openCase(api);
    const ids: string[] = [];
    for (let n = 0; n < 6; n++) {
      const input = itemInput(c.id, { action: 'EMERGENCY_PLAN', responsibleOrganisationId: DEMO_ORG_IDS.DOST_BAKU, note: null });
      ids.push((await api.ok('dost.manager', ADD, { i: input })).addSafetyPlanItem.id as string);
    }
    await api.ok('dost.manager', ADD, { i: itemInput(c.id, { action: 'CHILD_SAFETY', responsibleOrganisationId: DEMO_ORG_IDS.DOST_BAKU }) });
    // Five of them are now past their due date (time passing, as the clock would have it).
    await api.db.dataSource.query(`UPDATE safety_plan_items SET due_at = now() - interval '1 day' WHERE id = ANY($1::uuid[])`, [ids.slice(0, 5)]);

    const expected = await truth();
    expect(expected.open).toBeGreaterThanOrEqual(7);
    expect(expected.overdue).toBeGreaterThanOrEqual(5);
    const stats = (await api.ok('monitoring.officer', STATS)).riskStatistics as Record<string, any>;
    expect(stats.safetyPlanItemsOpen).toBe(expected.open);
    expect(stats.safetyPlanItemsOverdue).toBe(expected.overdue);
    const byAction = stats.safetyPlanItemsOpenByAction as { key: string; count: number | null; suppressed: boolean }[];
    expect(byAction.find((x) => x.key === 'CHILD_SAFETY')).toEqual({ key: 'CHILD_SAFETY', count: suppressTotal(expected.child), suppressed: suppressTotal(expected.child) === null });
    expect(JSON.stringify(stats)).not.toContain(c.id);
    // Counts only for the monitoring group: the plan itself stays out of its reach.
    expect(codeOf(await api.gql('monitoring.officer', PLAN, { id: c.id }))).toBe('NOT_FOUND');
    expect(codeOf(await api.gql('dost.manager', STATS))).toBe('FORBIDDEN');
  });
});
