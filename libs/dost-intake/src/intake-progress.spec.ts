import { IntakeStandard, IntakeStep, PoliceNotificationMode, TaskStatus } from '@lib/domain';
import { assembleIntakeProgress, type IntakeTaskRow, type IntakeTimelineRow, SsaApplicationStatus } from './intake-progress';

const CASE = '11111111-1111-4111-8111-111111111111';
const P = `dost-intake-${CASE}/`;
const t = (min: number): Date => new Date(Date.UTC(2026, 0, 1, 9, min));
const entry = (kind: string, min: number, details: Record<string, unknown>, key: string, extra: Partial<IntakeTimelineRow> = {}): IntakeTimelineRow => ({
  kind,
  actor_id: null,
  occurred_at: t(min),
  referral_id: null,
  details,
  dedupe_key: `${P}${key}`,
  ...extra,
});
const task = (step: IntakeStep, due: number, done: number | null): IntakeTaskRow => ({
  id: `task-${step}`,
  type: 'INTAKE_STEP',
  status: done === null ? TaskStatus.OPEN : TaskStatus.DONE,
  due_at: t(due),
  created_at: t(0),
  completed_at: done === null ? null : t(done),
  completed_by: done === null ? null : 'staff-1',
  dedupe_key: `${P}step/${step}`,
});

describe('assembleIntakeProgress', () => {
  it('is null before the intake starts', () => {
    expect(assembleIntakeProgress(CASE, [], [], t(0))).toBeNull();
  });

  it('derives steps, assessment, anonymous police notice, SSA status, escalations and the phase from rows', () => {
    const timeline = [
      entry('INTAKE_STARTED', 0, {}, 'started', { actor_id: 'manager' }),
      entry('INTAKE_STEP_OPENED', 0, { step: 'QUEUE_TICKET' }, 'step/QUEUE_TICKET/timeline'),
      entry('INTAKE_STEP_COMPLETED', 5, { step: 'QUEUE_TICKET' }, 'step/QUEUE_TICKET/complete/timeline'),
      entry('INTAKE_STEP_OPENED', 5, { step: 'DESK' }, 'step/DESK/timeline'),
      entry('INTAKE_STEP_COMPLETED', 10, { step: 'DESK' }, 'step/DESK/complete/timeline'),
      entry('INTAKE_STEP_OPENED', 10, { step: 'INTERVIEW' }, 'step/INTERVIEW/timeline'),
      entry('INTAKE_STEP_COMPLETED', 40, { step: 'INTERVIEW', riskLevel: 'HIGH', needsShelter: true }, 'step/INTERVIEW/complete/timeline', { actor_id: 'lawyer' }),
      entry('INTAKE_STEP_OPENED', 40, { step: 'POLICE_NOTIFICATION' }, 'step/POLICE_NOTIFICATION/timeline'),
      entry('REFERRAL_CREATED', 45, { serviceType: 'ANONYMOUS_INCIDENT_NOTICE', legalBasis: null }, 'referral/POLICE/timeline', { referral_id: 'ref-police' }),
      entry('INTAKE_STEP_COMPLETED', 45, { step: 'POLICE_NOTIFICATION' }, 'step/POLICE_NOTIFICATION/complete/timeline'),
      entry('INTAKE_STANDARD_MISSED', 50, { standard: 'OPERATOR', step: 'SSA_APPLICATION', taskId: 'esc-1' }, 'standard/OPERATOR/SSA_APPLICATION/timeline'),
    ];
    const tasks = [
      task(IntakeStep.QUEUE_TICKET, 60, 5),
      task(IntakeStep.DESK, 60, 10),
      task(IntakeStep.INTERVIEW, 70, 40),
      task(IntakeStep.POLICE_NOTIFICATION, 100, 45),
      task(IntakeStep.SSA_APPLICATION, 46, null),
    ];
    const p = assembleIntakeProgress(CASE, timeline, tasks, t(50))!;
    expect(p).toMatchObject({
      startedBy: 'manager',
      phase: IntakeStep.SSA_APPLICATION,
      completedAt: null,
      assessment: { riskLevel: 'HIGH', needsShelter: true, assessedBy: 'lawyer' },
      police: { mode: PoliceNotificationMode.ANONYMOUS, referralId: 'ref-police', awaitingCountersign: false },
      ssaApplication: { status: SsaApplicationStatus.PENDING, referralId: null },
      escalations: [{ standard: IntakeStandard.OPERATOR, step: IntakeStep.SSA_APPLICATION, taskId: 'esc-1' }],
    });
    expect(p.steps.map((s) => [s.step, s.status, s.overdue])).toEqual([
      ['QUEUE_TICKET', 'DONE', false],
      ['DESK', 'DONE', false],
      ['INTERVIEW', 'DONE', false],
      ['POLICE_NOTIFICATION', 'DONE', false],
      ['SSA_APPLICATION', 'OPEN', true],
    ]);

    const done = assembleIntakeProgress(
      CASE,
      [...timeline, entry('INTAKE_STEP_COMPLETED', 55, { step: 'SSA_APPLICATION' }, 'step/SSA_APPLICATION/complete/timeline')],
      tasks,
      t(60),
    )!;
    expect(done).toMatchObject({ phase: 'DONE', completedAt: t(55), ssaApplication: { status: SsaApplicationStatus.NOT_SENT_NO_CONSENT } });
  });

  it('a requested legal override awaits its countersignature until the police referral exists', () => {
    const timeline = [
      ...(['QUEUE_TICKET', 'DESK', 'INTERVIEW'] as const).map((step) =>
        entry('INTAKE_STEP_COMPLETED', 0, { step, ...(step === 'INTERVIEW' ? { riskLevel: 'LOW', needsShelter: false } : {}) }, `step/${step}/complete/timeline`),
      ),
      entry('INTAKE_STEP_OPENED', 0, { step: 'POLICE_NOTIFICATION' }, 'step/POLICE_NOTIFICATION/timeline'),
      entry('LEGAL_OVERRIDE_REQUESTED', 1, { taskId: 'x' }, 'countersign-request/2026/timeline', { actor_id: 'manager' }),
    ];
    const pending = assembleIntakeProgress(CASE, timeline, [], t(2))!;
    expect(pending.phase).toBe('AWAITING_COUNTERSIGN');
    expect(pending.police).toMatchObject({ mode: 'LEGAL_OVERRIDE', requestedBy: 'manager', awaitingCountersign: true, referralId: null });
    const signed = assembleIntakeProgress(
      CASE,
      [
        ...timeline,
        entry('LEGAL_OVERRIDE_COUNTERSIGNED', 3, {}, 'countersign/sup/2026/timeline', { actor_id: 'supervisor' }),
        entry('REFERRAL_CREATED', 3, { serviceType: 'INCIDENT_NOTIFICATION', legalBasis: 'STATUTORY_DUTY' }, 'referral/POLICE/timeline', { referral_id: 'r' }),
      ],
      [],
      t(4),
    )!;
    expect(signed.police).toMatchObject({ mode: 'LEGAL_OVERRIDE', countersignedBy: 'supervisor', awaitingCountersign: false, referralId: 'r' });
  });
});
