/**
 * DOST intake (service card 09-03-00-00) on the embedded Temporal server with time skipping, real worker, PostgreSQL.
 */
jest.setTimeout(90_000);

import {
  intakeWorkflowId,
  IntakeStep,
  type IntakeWorkflowResult,
  PoliceNotificationMode,
} from '@lib/contracts';
import {
  ConsentPurpose,
  DataCategory,
  DEFAULT_DEADLINE_POLICY,
  dostServiceDeadlines,
  LegalBasis,
  OrganisationType,
  RiskLevel,
} from '@lib/domain';
import { insertCase, insertConsent, ORG, tasksOf, USER } from './support/fixtures';
import { eventually, startHarness, type Harness } from './support/harness';

const HOUR = 3600_000;

describe('DOST intake workflow', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  async function openIntake(withShelterConsent: boolean): Promise<{ caseId: string; startedAt: Date }> {
    const ds = h.db.dataSource;
    const now = await h.now();
    const caseId = await insertCase(ds, { openedAt: now, riskLevel: RiskLevel.MEDIUM });
    if (withShelterConsent) {
      await insertConsent(ds, {
        caseId,
        grantedAt: new Date(now.getTime() - 1000),
        recipientOrganisationType: OrganisationType.SSA,
        categories: [DataCategory.HEALTH, DataCategory.CHILDREN],
        purposes: [ConsentPurpose.SHELTER_PLACEMENT],
      });
    }
    await h.facade.startCaseWorkflow(caseId, { startIntake: true, openedBy: USER['dost.intake'] });
    const first = await stepTask(caseId, IntakeStep.QUEUE_TICKET);
    return { caseId, startedAt: new Date(first.due_at!.getTime() - HOUR) };
  }

  const stepTask = (caseId: string, step: IntakeStep) =>
    eventually(async () =>
      (await tasksOf(h.db.dataSource, { caseId })).find((t) => t.type === 'INTAKE_STEP' && t.dedupe_key?.endsWith(`/step/${step}`)),
    );

  const escalations = async (caseId: string) =>
    (await tasksOf(h.db.dataSource, { caseId })).filter((t) => t.type === 'ESCALATION');

  it('meets the standards: steps as INTAKE_STEP tasks, legal override with countersign, SSA application (anonymised)', async () => {
    const ds = h.db.dataSource;
    const { caseId, startedAt } = await openIntake(true);
    const ticket = await stepTask(caseId, IntakeStep.QUEUE_TICKET);
    expect(ticket).toMatchObject({ organisation_id: ORG.DOST_BAKU, status: 'OPEN' });
    expect(ticket.due_at!.getTime() - startedAt.getTime()).toBe(HOUR); // front office: 1 hour

    await h.facade.completeIntakeStep(caseId, { step: IntakeStep.QUEUE_TICKET, actorId: USER['dost.intake'] });
    await stepTask(caseId, IntakeStep.DESK);
    // a step that is not open is refused synchronously
    await expect(
      h.facade.completeIntakeStep(caseId, { step: IntakeStep.INTERVIEW, actorId: USER['dost.lawyer'] }),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await h.facade.completeIntakeStep(caseId, { step: IntakeStep.DESK, actorId: USER['dost.intake'] });
    const interview = await stepTask(caseId, IntakeStep.INTERVIEW);
    expect(interview.due_at!.getTime() - (await h.now()).getTime()).toBeLessThanOrEqual(HOUR); // operator: 60 min
    await expect(
      h.facade.completeIntakeStep(caseId, { step: IntakeStep.INTERVIEW, actorId: USER['dost.lawyer'] }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' }); // the assessment is required
    await h.facade.completeIntakeStep(caseId, {
      step: IntakeStep.INTERVIEW,
      actorId: USER['dost.lawyer'],
      assessment: { riskLevel: RiskLevel.HIGH, needsShelter: true },
    });
    await stepTask(caseId, IntakeStep.POLICE_NOTIFICATION);

    // No consent to inform the police: FULL is refused, a legal override needs a supervisor's countersignature.
    await expect(
      h.facade.notifyPolice(caseId, { actorId: USER['dost.manager'], mode: PoliceNotificationMode.FULL }),
    ).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    await expect(
      h.facade.notifyPolice(caseId, {
        actorId: USER['dost.manager'],
        mode: PoliceNotificationMode.LEGAL_OVERRIDE,
        legalBasis: LegalBasis.STATUTORY_DUTY,
        justification: 'too short',
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const pending = await h.facade.notifyPolice(caseId, {
      actorId: USER['dost.manager'],
      mode: PoliceNotificationMode.LEGAL_OVERRIDE,
      legalBasis: LegalBasis.STATUTORY_DUTY,
      justification: 'Statutory duty of the DOST centre to inform the police of the incident',
    });
    expect(pending.phase).toBe('AWAITING_COUNTERSIGN');
    const countersignTask = (await tasksOf(ds, { caseId })).find((t) => t.type === 'LEGAL_OVERRIDE_COUNTERSIGN');
    expect(countersignTask).toMatchObject({ assignee_id: USER['dost.supervisor'], status: 'OPEN' });
    await expect(h.facade.countersignLegalOverride(caseId, USER['dost.manager'])).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await h.facade.countersignLegalOverride(caseId, USER['dost.supervisor']);

    const police: Record<string, any>[] = await eventually(async () => {
      const rows: Record<string, any>[] = await ds.query(`SELECT * FROM referrals WHERE case_id = $1 AND to_organisation_id = $2`, [
        caseId,
        ORG.POLICE_BAKU,
      ]);
      return rows.length ? rows : null;
    });
    expect(police[0]).toMatchObject({
      legal_basis: 'STATUTORY_DUTY',
      countersigned_by: USER['dost.supervisor'],
      consent_id: null,
      data_categories: ['INCIDENT_NARRATIVE'],
    });
    // the case workflow started the police referral's workflow: the notice is in the police inbox
    await eventually(async () =>
      (await tasksOf(ds, { referralId: police[0]!.id as string })).find((t) => t.type === 'REFERRAL_RESPONSE' && t.organisation_id === ORG.POLICE_BAKU),
    );

    await stepTask(caseId, IntakeStep.SSA_APPLICATION);
    await h.facade.completeIntakeStep(caseId, { step: IntakeStep.SSA_APPLICATION, actorId: USER['dost.manager'] });
    const result = await h.resultOf<IntakeWorkflowResult>(intakeWorkflowId(caseId));
    expect(result.escalations).toBe(0);
    expect(result.ssaReferralId).not.toBeNull();
    const ssa: Record<string, any>[] = await ds.query(`SELECT * FROM referrals WHERE id = $1`, [result.ssaReferralId]);
    expect(ssa[0]).toMatchObject({
      to_organisation_id: ORG.SSA,
      data_profile: 'PSEUDONYMOUS',
      service_type: 'SHELTER_PLACEMENT',
    });
    expect(ssa[0]!.data_categories).not.toContain('IDENTITY');
    expect(ssa[0]!.data_categories).not.toContain('LOCATION');
    expect(await escalations(caseId)).toEqual([]);
    const risk: { risk_level: string }[] = await ds.query(`SELECT risk_level FROM cases WHERE id = $1`, [caseId]);
    expect(risk[0]!.risk_level).toBe('HIGH');
  });

  it('misses the 1-hour front-office, the 60-minute operator and the 1-day service standards: escalations to the supervisor', async () => {
    const ds = h.db.dataSource;
    const { caseId, startedAt } = await openIntake(false);

    await h.env.sleep('61 minutes');
    const front = await eventually(async () => (await escalations(caseId)).find((t) => t.dedupe_key?.includes('/standard/FRONT_OFFICE/')));
    expect(front).toMatchObject({ organisation_id: ORG.DOST_BAKU, assignee_id: USER['dost.supervisor'], status: 'OPEN' });
    const missedAt = front.due_at!.getTime() - startedAt.getTime();
    expect(missedAt).toBeGreaterThanOrEqual(HOUR);
    expect(missedAt).toBeLessThan(HOUR + 1000);

    await h.facade.completeIntakeStep(caseId, { step: IntakeStep.QUEUE_TICKET, actorId: USER['dost.intake'] });
    await h.facade.completeIntakeStep(caseId, { step: IntakeStep.DESK, actorId: USER['dost.intake'] });
    await stepTask(caseId, IntakeStep.INTERVIEW);
    // front office already escalated once: the desk step does not escalate again
    expect((await escalations(caseId)).filter((t) => t.dedupe_key?.includes('FRONT_OFFICE'))).toHaveLength(1);

    // Whole service: 1 day as the policy counts it (DEFAULT: one working day, Baku calendar).
    const wholeDue = dostServiceDeadlines(DEFAULT_DEADLINE_POLICY, startedAt).wholeServiceDueAt;
    await h.env.sleep(wholeDue.getTime() - (await h.now()).getTime() + 60_000);
    const all = await eventually(async () => {
      const es = await escalations(caseId);
      return es.length >= 3 ? es : null;
    });
    const kinds = all.map((t) => /standard\/([A-Z_]+)\//.exec(t.dedupe_key ?? '')?.[1]).sort();
    expect(kinds).toEqual(['FRONT_OFFICE', 'OPERATOR', 'WHOLE_SERVICE']);
    const whole = all.find((t) => t.dedupe_key?.includes('WHOLE_SERVICE'))!;
    const wholeLate = whole.due_at!.getTime() - wholeDue.getTime();
    expect(wholeLate).toBeGreaterThanOrEqual(0);
    expect(wholeLate).toBeLessThan(1000);
    const missed: { n: string }[] = await ds.query(
      `SELECT count(*)::text AS n FROM timeline_entries WHERE case_id = $1 AND kind = 'INTAKE_STANDARD_MISSED'`,
      [caseId],
    );
    expect(missed[0]!.n).toBe('3');
  });

  it('anonymous incident notice when the adult refuses: police get no identity', async () => {
    const ds = h.db.dataSource;
    const { caseId } = await openIntake(false);
    await h.facade.completeIntakeStep(caseId, { step: IntakeStep.QUEUE_TICKET, actorId: USER['dost.intake'] });
    await h.facade.completeIntakeStep(caseId, { step: IntakeStep.DESK, actorId: USER['dost.intake'] });
    await h.facade.completeIntakeStep(caseId, {
      step: IntakeStep.INTERVIEW,
      actorId: USER['dost.psychologist'],
      assessment: { riskLevel: RiskLevel.MEDIUM, needsShelter: false },
    });
    await stepTask(caseId, IntakeStep.POLICE_NOTIFICATION);
    await h.facade.notifyPolice(caseId, { actorId: USER['dost.manager'], mode: PoliceNotificationMode.ANONYMOUS });
    const result = await h.resultOf<IntakeWorkflowResult>(intakeWorkflowId(caseId));
    expect(result.ssaReferralId).toBeNull(); // no shelter needed
    const rows: Record<string, any>[] = await ds.query(`SELECT * FROM referrals WHERE id = $1`, [result.policeReferralId]);
    expect(rows[0]).toMatchObject({
      data_profile: 'ANONYMOUS_INCIDENT',
      service_type: 'ANONYMOUS_INCIDENT_NOTICE',
      data_categories: [],
      consent_id: null,
      legal_basis: null,
    });
  });
});
