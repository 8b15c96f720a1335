/**
 * Risk assessment end to end (issue 16): GraphQL over HTTP → RiskAssessmentService (answers encrypted, level, audit)
 * → the case workflow on the embedded Temporal server (follow-ups re-planned, risk conference task) → PostgreSQL.
 * A rise to HIGH makes the next referral's deadline 4 hours; the police see the level, never the answers; the
 * monitoring group convenes the conference through its task and sees no assessment.
 */
import { suppressSmallCells } from '@lib/domain';
import { DEMO_ORG_IDS, DEMO_REGION, DEMO_USER_IDS } from '@lib/persistence';
import { codeOf, type GqlResponse } from './support/api-harness';
import { CREATE_REFERRAL, INBOX, assignWorkers, consentToPolice, key, openCase, referToPolice } from './support/operations';
import { eventually, startTemporalApi, type TemporalApi } from './support/temporal-api';

const H = 3_600_000;
const ASSESSMENT = `id caseId instrumentVersion score level previousLevel redFlags assessorId organisationId assessedAt
  conference { id organisationId taskId outcome outcomeRecordedAt }`;
const ASSESS = `mutation($i: AssessRiskInput!) { assessRisk(input: $i) { ${ASSESSMENT} answers { item value } } }`;
const HISTORY = `query($id: UUID!) { riskAssessments(caseId: $id) { ${ASSESSMENT} } }`;
const ANSWERS = `query($id: UUID!) { riskAssessments(caseId: $id) { id answers { item value } } }`;

describe('risk assessment over GraphQL (API + worker + embedded Temporal)', () => {
  let t: TemporalApi;

  beforeAll(async () => {
    t = await startTemporalApi();
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
  });

  const api = () => t.api;
  const db = () => t.api.db.dataSource;
  const fieldPaths = (res: GqlResponse) =>
    ((res.errors?.[0]?.extensions.fields ?? []) as { path: string }[]).map((f) => f.path);
  const inbox = async (user: string) =>
    ((await api().ok(user, INBOX, { first: 100 })).inbox.edges as { node: Record<string, any> }[]).map(
      (e) => e.node,
    );

  it('assess, rise to HIGH, refer with the 4-hour deadline; police see the level not the answers; monitoring convenes the conference', async () => {
    const opened = await openCase(api(), 'dost.manager', { riskLevel: 'LOW' });
    await assignWorkers(api(), opened.id, ['dost.lawyer', 'dost.psychologist']); // they assess with the opener
    const instrument = (
      await api().ok(
        'dost.lawyer',
        `{ riskInstrument { version items { id type redFlagAt labels { az en ru } } thresholds { level min max } } }`,
      )
    ).riskInstrument as { version: string; items: { id: string; labels: Record<string, string> }[] };
    expect(instrument.items.map((i) => i.id)).toEqual(
      expect.arrayContaining(['PRIOR_STRANGULATION', 'THREAT_TO_KILL', 'SURVIVOR_FEAR']),
    );

    // Invalid answers: BAD_USER_INPUT naming the fields, never repeating the submitted value.
    const bad = await api().gql('dost.lawyer', ASSESS, {
      i: {
        caseId: opened.id,
        idempotencyKey: key('risk'),
        answers: [
          { item: 'NAME_OF_HER_ABUSER', value: 1 },
          { item: 'SURVIVOR_FEAR', value: 9 },
        ],
      },
    });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(bad)).toEqual(['input.answers.0.item', 'input.answers.1.value']);
    expect(JSON.stringify(bad.errors)).not.toContain('NAME_OF_HER_ABUSER');

    // MEDIUM by score (weapon access 3 + escalation 3), by the lawyer.
    const medium = (
      await api().ok('dost.lawyer', ASSESS, {
        i: {
          caseId: opened.id,
          idempotencyKey: key('risk'),
          answers: [
            { item: 'WEAPON_ACCESS', value: 1 },
            { item: 'ESCALATING_VIOLENCE', value: 1 },
            { item: 'STALKING', value: 0 },
          ],
        },
      })
    ).assessRisk;
    expect(medium).toMatchObject({
      level: 'MEDIUM',
      previousLevel: 'LOW',
      score: 6,
      redFlags: [],
      instrumentVersion: instrument.version,
      assessorId: DEMO_USER_IDS['dost.lawyer'],
      conference: null,
    });

    // Reassessment: one red flag → HIGH whatever the score; a retry with the same key returns the same assessment.
    const riseKey = key('risk');
    const rise = {
      i: { caseId: opened.id, idempotencyKey: riseKey, answers: [{ item: 'PRIOR_STRANGULATION', value: 1 }] },
    };
    const high = (await api().ok('dost.psychologist', ASSESS, rise)).assessRisk;
    expect(high).toMatchObject({
      level: 'HIGH',
      previousLevel: 'MEDIUM',
      score: 5,
      redFlags: ['PRIOR_STRANGULATION'],
    });
    expect(high.answers).toEqual([{ item: 'PRIOR_STRANGULATION', value: 1 }]);
    expect((await api().ok('dost.psychologist', ASSESS, rise)).assessRisk.id).toBe(high.id);
    expect(
      (await api().ok('dost.manager', `query($id: UUID!) { case(id: $id) { riskLevel } }`, { id: opened.id }))
        .case.riskLevel,
    ).toBe('HIGH');

    // Encrypted at rest: the stored answers hold no item id or value in clear.
    const stored: { answers_enc: Buffer }[] = await db().query(
      `SELECT answers_enc FROM risk_assessments WHERE id = $1`,
      [high.id],
    );
    expect(stored[0]!.answers_enc.toString('latin1')).not.toContain('PRIOR_STRANGULATION');

    // The case workflow re-planned the follow-up (HIGH: 24 h from the assessment) and asked for a risk conference.
    const followUp = await eventually(async () => {
      const rows: { due_at: Date }[] = await db().query(
        `SELECT due_at FROM tasks WHERE case_id = $1 AND type = 'FOLLOW_UP' AND status = 'OPEN'`,
        [opened.id],
      );
      return rows.length === 1 &&
        rows[0]!.due_at.getTime() - new Date(high.assessedAt as string).getTime() === 24 * H
        ? rows[0]
        : null;
    });
    expect(followUp).toBeDefined();
    const conferenceTask = await eventually(async () =>
      (await inbox('monitoring.officer')).find((n) => n.type === 'RISK_CONFERENCE' && n.caseId === opened.id),
    );

    // A referral created now is timed by the new level: HIGH → answer within 4 hours.
    await consentToPolice(api(), opened.id, ['IDENTITY', 'CONTACT']);
    const referral = (
      await api().ok('dost.manager', CREATE_REFERRAL, {
        input: {
          caseId: opened.id,
          toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
          serviceType: 'INCIDENT_NOTIFICATION',
          purpose: 'LAW_ENFORCEMENT',
          dataCategories: ['IDENTITY', 'CONTACT'],
          idempotencyKey: key('ref'),
        },
      })
    ).createReferral as { id: string; responseDueAt: string };
    const created = (
      await api().ok('dost.manager', `query($id: UUID!) { referral(id: $id) { createdAt responseDueAt } }`, {
        id: referral.id,
      })
    ).referral;
    expect(
      new Date(created.responseDueAt as string).getTime() - new Date(created.createdAt as string).getTime(),
    ).toBe(4 * H);

    // The police (a recipient with identity and contact consent) see the assessments' levels, not their answers.
    const policeHistory = await eventually(async () => {
      const res = await api().gql('police.officer', HISTORY, { id: opened.id });
      return res.errors ? null : (res.data.riskAssessments as { level: string }[]);
    });
    expect(policeHistory.map((a) => a.level)).toEqual(['MEDIUM', 'HIGH']);
    const policeAnswers = await api().gql('police.officer', ANSWERS, { id: opened.id });
    expect(codeOf(policeAnswers)).toBe('FORBIDDEN');
    // refused on its own path: the rest of the assessment still resolves
    expect(policeAnswers.errors![0]!.path!.map(String)).toEqual(['riskAssessments', '0', 'answers']);
    expect(policeAnswers.data.riskAssessments).toHaveLength(2);
    expect(JSON.stringify(policeAnswers)).not.toContain('PRIOR_STRANGULATION');

    // Monitoring: no assessment (counts only), but the conference task, whose outcome it records once.
    expect(codeOf(await api().gql('monitoring.officer', HISTORY, { id: opened.id }))).toBe('FORBIDDEN');
    const RECORD = `mutation($i: RecordRiskConferenceOutcomeInput!) { recordRiskConferenceOutcome(input: $i) { id outcome outcomeRecordedAt } }`;
    expect(
      codeOf(
        await api().gql('dost.manager', RECORD, {
          i: { taskId: conferenceTask.id, outcome: 'SAFETY_PLAN_AGREED', idempotencyKey: key('c') },
        }),
      ),
    ).toBe('NOT_FOUND');
    const outcome = (
      await api().ok('monitoring.officer', RECORD, {
        i: { taskId: conferenceTask.id, outcome: 'SAFETY_PLAN_AGREED', idempotencyKey: key('c') },
      })
    ).recordRiskConferenceOutcome;
    expect(outcome.outcome).toBe('SAFETY_PLAN_AGREED');
    expect(
      codeOf(
        await api().gql('monitoring.officer', RECORD, {
          i: { taskId: conferenceTask.id, outcome: 'NO_FURTHER_ACTION', idempotencyKey: key('c') },
        }),
      ),
    ).toBe('CONFLICT');

    // The owner reads the whole history, answers included (each read audited), with the conference outcome.
    const history = (await api().ok('dost.manager', HISTORY, { id: opened.id })).riskAssessments as Record<
      string,
      any
    >[];
    expect(history.map((a) => a.level)).toEqual(['MEDIUM', 'HIGH']);
    expect(history[1]!.conference).toMatchObject({
      organisationId: DEMO_ORG_IDS.MONITORING_BAKU,
      taskId: conferenceTask.id,
      outcome: 'SAFETY_PLAN_AGREED',
    });
    const answers = (await api().ok('dost.manager', ANSWERS, { id: opened.id })).riskAssessments as {
      answers: unknown[];
    }[];
    expect(answers[0]!.answers).toEqual([
      { item: 'WEAPON_ACCESS', value: 1 },
      { item: 'ESCALATING_VIOLENCE', value: 1 },
      { item: 'STALKING', value: 0 },
    ]);
    const audit: { action: string; subject_type: string; actor_id: string; fields: string[] }[] =
      await db().query(
        `SELECT action, subject_type, actor_id, fields FROM audit_events WHERE case_id = $1 AND subject_type IN ('risk_assessment', 'risk_conference') ORDER BY occurred_at, seq`,
        [opened.id],
      );
    expect(audit.filter((a) => a.action === 'RISK_ASSESSED')).toHaveLength(2);
    expect(
      audit.filter((a) => a.action === 'READ_PERSONAL_DATA' && a.actor_id === DEMO_USER_IDS['dost.manager']),
    ).toHaveLength(2);
    expect(audit.filter((a) => a.actor_id === DEMO_USER_IDS['police.officer'])).toEqual([]);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['RISK_CONFERENCE_REQUESTED', 'RISK_CONFERENCE_OUTCOME_RECORDED']),
    );
  });

  it('a short-term order: applied, issued within its term, breached; the police see order and breach but not the answers', async () => {
    const D = 24 * H;
    const ORDER = `id caseId kind issuer status appliedAt issueDueAt issuedAt expiresAt alertAt extensionCount conditions breaches { id reporterOrganisationId occurredAt }`;
    const opened = await openCase(api());
    await assignWorkers(api(), opened.id, ['dost.lawyer']); // the lawyer applies for the order
    await consentToPolice(api(), opened.id); // identity, contact and even the narrative: still no risk answers
    await referToPolice(api(), opened.id);
    await api().ok('dost.manager', ASSESS, {
      i: { caseId: opened.id, idempotencyKey: key('risk'), answers: [{ item: 'THREAT_TO_KILL', value: 1 }] },
    });

    const applyKey = key('po');
    const applied = (
      await api().ok(
        'dost.lawyer',
        `mutation($i: ApplyForProtectionOrderInput!) { applyForProtectionOrder(input: $i) { ${ORDER} } }`,
        {
          i: { caseId: opened.id, kind: 'SHORT_TERM', idempotencyKey: applyKey },
        },
      )
    ).applyForProtectionOrder;
    expect(applied).toMatchObject({
      kind: 'SHORT_TERM',
      issuer: 'EXECUTIVE_AUTHORITY',
      status: 'APPLIED',
      issuedAt: null,
      breaches: [],
    });
    expect(
      new Date(applied.issueDueAt as string).getTime() - new Date(applied.appliedAt as string).getTime(),
    ).toBe(24 * H);
    const again = await api().ok(
      'dost.lawyer',
      `mutation($i: ApplyForProtectionOrderInput!) { applyForProtectionOrder(input: $i) { id } }`,
      {
        i: { caseId: opened.id, kind: 'SHORT_TERM', idempotencyKey: applyKey },
      },
    );
    expect(again.applyForProtectionOrder.id).toBe(applied.id);
    await eventually(() =>
      t.facade.protectionOrderState(applied.id as string).then(
        () => true,
        () => false,
      ),
    );

    const ISSUE = `mutation($i: RecordProtectionOrderIssuedInput!) { recordProtectionOrderIssued(input: $i) { ${ORDER} } }`;
    const issuedAt = new Date(Math.max(Date.now() - 1000, new Date(applied.appliedAt as string).getTime()));
    const tooLong = await api().gql('dost.lawyer', ISSUE, {
      i: {
        orderId: applied.id,
        issuedAt: issuedAt.toISOString(),
        expiresAt: new Date(issuedAt.getTime() + 61 * D).toISOString(),
        conditions: ['NO_CONTACT', 'NO_APPROACH'],
        idempotencyKey: key('i'),
      },
    });
    expect(codeOf(tooLong)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(tooLong)).toEqual(['input.expiresAt']);
    // An issued order says what it forbids: at least one known condition, each once (paths, never the values).
    const noConditions = await api().gql('dost.lawyer', ISSUE, {
      i: { orderId: applied.id, issuedAt: issuedAt.toISOString(), expiresAt: new Date(issuedAt.getTime() + 30 * D).toISOString(), conditions: [], idempotencyKey: key('i') },
    });
    expect(fieldPaths(noConditions)).toEqual(['input.conditions']);
    const repeated = await api().gql('dost.lawyer', ISSUE, {
      i: {
        orderId: applied.id,
        issuedAt: issuedAt.toISOString(),
        expiresAt: new Date(issuedAt.getTime() + 30 * D).toISOString(),
        conditions: ['NO_CONTACT', 'NO_CONTACT'],
        idempotencyKey: key('i'),
      },
    });
    expect(fieldPaths(repeated)).toEqual(['input.conditions.1']);
    expect(
      codeOf(
        await api().gql('police.officer', ISSUE, {
          i: {
            orderId: applied.id,
            issuedAt: issuedAt.toISOString(),
            expiresAt: new Date(issuedAt.getTime() + 30 * D).toISOString(),
        conditions: ['NO_CONTACT', 'NO_APPROACH'],
            idempotencyKey: key('i'),
          },
        }),
      ),
    ).toBe('NOT_FOUND');
    const issued = (
      await api().ok('dost.lawyer', ISSUE, {
        i: {
          orderId: applied.id,
          issuedAt: issuedAt.toISOString(),
          expiresAt: new Date(issuedAt.getTime() + 60 * D).toISOString(),
        conditions: ['NO_CONTACT', 'NO_APPROACH'],
          idempotencyKey: key('i'),
        },
      })
    ).recordProtectionOrderIssued;
    expect(issued.status).toBe('ISSUED');
    expect(
      new Date(issued.expiresAt as string).getTime() - new Date(issued.alertAt as string).getTime(),
    ).toBe(7 * D);
    await eventually(
      async () => (await t.facade.protectionOrderState(applied.id as string)).status === 'ISSUED',
    );

    // The police report a breach: their task, the owner's task, the reassessment prompt and the monitoring alert.
    const BREACH = `mutation($i: ReportProtectionOrderBreachInput!) { reportProtectionOrderBreach(input: $i) { ${ORDER} } }`;
    const breached = (
      await api().ok('police.officer', BREACH, {
        i: {
          orderId: applied.id,
          occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
          idempotencyKey: key('b'),
        },
      })
    ).reportProtectionOrderBreach;
    expect(breached.breaches).toHaveLength(1);
    expect(breached.breaches[0].reporterOrganisationId).toBe(DEMO_ORG_IDS.POLICE_BAKU);
    const forCase = (user: string, type: string) =>
      eventually(async () => (await inbox(user)).find((n) => n.type === type && n.caseId === opened.id));
    await forCase('police.officer', 'PROTECTION_ORDER_ALERT');
    await forCase('dost.manager', 'PROTECTION_ORDER_ALERT');
    await forCase('dost.manager', 'RISK_REASSESSMENT');
    await forCase('monitoring.officer', 'MONITORING_ALERT');

    // The police see the order and its breach, not the assessment answers; monitoring sees no order.
    const policeOrders = (
      await api().ok('police.officer', `query($id: UUID!) { protectionOrders(caseId: $id) { ${ORDER} } }`, {
        id: opened.id,
      })
    ).protectionOrders as Record<string, any>[];
    expect(policeOrders).toHaveLength(1);
    expect(policeOrders[0]).toMatchObject({ id: applied.id, status: 'ISSUED', conditions: ['NO_CONTACT', 'NO_APPROACH'] });
    expect(policeOrders[0]!.breaches).toHaveLength(1);
    expect(codeOf(await api().gql('police.officer', ANSWERS, { id: opened.id }))).toBe('FORBIDDEN');
    expect(
      codeOf(
        await api().gql('monitoring.officer', `query($id: UUID!) { protectionOrders(caseId: $id) { id } }`, {
          id: opened.id,
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await api().gql('ssa.officer', `query($id: UUID!) { protectionOrders(caseId: $id) { id } }`, {
          id: opened.id,
        }),
      ),
    ).toBe('NOT_FOUND');

    // An extension past the short-term maximum is refused; within it, the alert moves with the expiry.
    const EXTEND = `mutation($i: ExtendProtectionOrderInput!) { extendProtectionOrder(input: $i) { ${ORDER} } }`;
    const over = await api().gql('dost.lawyer', EXTEND, {
      i: {
        orderId: applied.id,
        expiresAt: new Date(issuedAt.getTime() + 61 * D).toISOString(),
        idempotencyKey: key('e'),
      },
    });
    expect(fieldPaths(over)).toEqual(['input.expiresAt']);
    const earlier = await api().gql('dost.lawyer', EXTEND, {
      i: {
        orderId: applied.id,
        expiresAt: new Date(issuedAt.getTime() + 30 * D).toISOString(),
        idempotencyKey: key('e'),
      },
    });
    expect(codeOf(earlier)).toBe('BAD_USER_INPUT');
    const audit: { action: string }[] = await db().query(
      `SELECT action FROM audit_events WHERE case_id = $1 AND subject_type IN ('protection_order', 'protection_order_breach') ORDER BY occurred_at, seq`,
      [opened.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'PROTECTION_ORDER_APPLIED',
      'PROTECTION_ORDER_ISSUED',
      'PROTECTION_ORDER_BREACH_REPORTED',
    ]);
  });

  it('monitoring sees counts only: assessments by level and orders by region, small cells withheld', async () => {
    const STATS = `{ riskStatistics { from to assessments assessmentsByLevel { key count suppressed } ordersIssued ordersIssuedByKind { key count suppressed } ordersExpiring ordersBreached } }`;
    const opened = await openCase(api()); // HIGH: reassessing at HIGH changes no level
    for (let i = 0; i < 5; i++) {
      await api().ok('dost.manager', ASSESS, { i: { caseId: opened.id, idempotencyKey: key('s'), answers: [{ item: 'THREAT_TO_KILL', value: 1 }] } });
    }
    const stats = (await api().ok('monitoring.officer', STATS)).riskStatistics as Record<string, any>;
    // What the region's data says (this file's other tests add to it): the report is exactly that, suppressed.
    const truth: { level: string; n: number }[] = await db().query(
      `SELECT a.level, count(*)::int AS n FROM risk_assessments a JOIN cases c ON c.id = a.case_id
        WHERE c.region = $1 AND a.assessed_at >= $2 AND a.assessed_at < $3 GROUP BY a.level`,
      [DEMO_REGION, stats.from, stats.to],
    );
    const expected = suppressSmallCells(['LOW', 'MEDIUM', 'HIGH'].map((key) => ({ key, count: truth.find((r) => r.level === key)?.n ?? 0 })));
    expect(stats.assessmentsByLevel).toEqual(expected);
    expect(truth.find((r) => r.level === 'HIGH')!.n).toBeGreaterThanOrEqual(5);
    for (const cell of [...stats.assessmentsByLevel, ...stats.ordersIssuedByKind] as { count: number | null; suppressed: boolean }[]) {
      // a published count is 0 or at least 5; anything else is withheld
      if (cell.suppressed) expect(cell.count).toBeNull();
      else expect(cell.count === 0 || cell.count! >= 5).toBe(true);
    }
    for (const total of [stats.assessments, stats.ordersIssued, stats.ordersExpiring, stats.ordersBreached] as (number | null)[]) {
      expect(total === null || total === 0 || total >= 5).toBe(true);
    }
    expect(JSON.stringify(stats)).not.toContain(opened.id);
    expect(codeOf(await api().gql('dost.manager', STATS))).toBe('FORBIDDEN');
  });

  it('a closed case cannot be assessed; an unknown case is NOT_FOUND without its id in the message', async () => {
    const unknown = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    const res = await api().gql('dost.manager', ASSESS, {
      i: { caseId: unknown, idempotencyKey: key('r'), answers: [{ item: 'STALKING', value: 1 }] },
    });
    expect(codeOf(res)).toBe('NOT_FOUND');
    expect(JSON.stringify(res.errors)).not.toContain(unknown);
    const opened = await openCase(api());
    await db().query(`UPDATE cases SET status = 'CLOSED' WHERE id = $1`, [opened.id]);
    expect(
      codeOf(
        await api().gql('dost.manager', ASSESS, {
          i: { caseId: opened.id, idempotencyKey: key('r'), answers: [{ item: 'STALKING', value: 1 }] },
        }),
      ),
    ).toBe('CONFLICT');
  });
});
