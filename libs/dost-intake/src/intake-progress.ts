import {
  INTAKE_STEP_ORDER,
  IntakeStandard,
  IntakeStep,
  type IntakeProgressPhase,
  intakePhase,
  PoliceNotificationMode,
  type RiskLevel,
  ServiceType,
  TaskStatus,
} from '@lib/domain';

/*
 * The DOST intake as PostgreSQL knows it: the INTAKE_STEP / ESCALATION / LEGAL_OVERRIDE_COUNTERSIGN tasks and the
 * timeline entries the intake workflow's activities write (dedupe keys `dost-intake-<caseId>/…`), plus the API's own
 * INTAKE_STARTED entry. Ids, enums and instants only. Never read from Temporal.
 */

/** Prefix of every dedupe key the intake writes (workflow id `dost-intake-<caseId>`). */
export function intakeKeyPrefix(caseId: string): string {
  return `dost-intake-${caseId}/`;
}

/** The API's INTAKE_STARTED timeline entry: unique per case. */
export function intakeStartedKey(caseId: string): string {
  return `${intakeKeyPrefix(caseId)}started`;
}

export enum SsaApplicationStatus {
  /** The interview has not decided yet whether shelter is needed. */
  UNDECIDED = 'UNDECIDED',
  NOT_NEEDED = 'NOT_NEEDED',
  /** The step is open. */
  PENDING = 'PENDING',
  SENT = 'SENT',
  /** The step was completed without a consent to apply for shelter: nothing was sent. */
  NOT_SENT_NO_CONSENT = 'NOT_SENT_NO_CONSENT',
}

export interface IntakeTimelineRow {
  kind: string;
  actor_id: string | null;
  occurred_at: Date;
  referral_id: string | null;
  details: Record<string, unknown>;
  dedupe_key: string | null;
}

export interface IntakeTaskRow {
  id: string;
  type: string;
  status: TaskStatus;
  due_at: Date | null;
  created_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
  dedupe_key: string | null;
}

export interface IntakeStepProgress {
  step: IntakeStep;
  taskId: string;
  status: TaskStatus;
  openedAt: Date;
  dueAt: Date | null;
  completedAt: Date | null;
  completedBy: string | null;
  overdue: boolean;
}

export interface IntakeEscalation {
  standard: IntakeStandard;
  /** The step that was open when the standard was missed (null: none). */
  step: IntakeStep | null;
  at: Date;
  taskId: string | null;
}

export interface PoliceNotificationProgress {
  mode: PoliceNotificationMode | null;
  referralId: string | null;
  notifiedAt: Date | null;
  /** LEGAL_OVERRIDE: who asked, and the supervisor who countersigned. */
  requestedBy: string | null;
  countersignedBy: string | null;
  awaitingCountersign: boolean;
}

export interface DostIntakeProgress {
  caseId: string;
  startedAt: Date;
  /** Null when the intake was started by the case workflow's input rather than through the API. */
  startedBy: string | null;
  phase: IntakeProgressPhase;
  completedAt: Date | null;
  steps: IntakeStepProgress[];
  assessment: { riskLevel: RiskLevel; needsShelter: boolean; assessedBy: string | null } | null;
  police: PoliceNotificationProgress;
  ssaApplication: { status: SsaApplicationStatus; referralId: string | null };
  escalations: IntakeEscalation[];
}

const STEPS = new Set<string>(Object.values(IntakeStep));
const STANDARDS = new Set<string>(Object.values(IntakeStandard));
const asStep = (v: unknown): IntakeStep | null => (typeof v === 'string' && STEPS.has(v) ? (v as IntakeStep) : null);

/** Builds the progress from the rows; null when the intake has not been started. Pure (tested without a database). */
export function assembleIntakeProgress(
  caseId: string,
  timeline: readonly IntakeTimelineRow[],
  tasks: readonly IntakeTaskRow[],
  now: Date,
): DostIntakeProgress | null {
  const prefix = intakeKeyPrefix(caseId);
  const started = timeline.find((e) => e.kind === 'INTAKE_STARTED');
  const opened = timeline.filter((e) => e.kind === 'INTAKE_STEP_OPENED');
  if (!started && opened.length === 0) return null;

  const completions = new Map<IntakeStep, IntakeTimelineRow>();
  for (const e of timeline) {
    const step = e.kind === 'INTAKE_STEP_COMPLETED' ? asStep(e.details.step) : null;
    if (step && !completions.has(step)) completions.set(step, e);
  }
  const openedAt = new Map<IntakeStep, Date>();
  for (const e of opened) {
    const step = asStep(e.details.step);
    if (step && !openedAt.has(step)) openedAt.set(step, e.occurred_at);
  }

  const steps: IntakeStepProgress[] = [];
  for (const step of INTAKE_STEP_ORDER) {
    const task = tasks.find((t) => t.type === 'INTAKE_STEP' && t.dedupe_key === `${prefix}step/${step}`);
    if (!task) continue;
    const done = completions.get(step);
    const completedAt = task.completed_at ?? done?.occurred_at ?? null;
    steps.push({
      step,
      taskId: task.id,
      status: done && task.status === TaskStatus.OPEN ? TaskStatus.DONE : task.status,
      openedAt: openedAt.get(step) ?? task.created_at,
      dueAt: task.due_at,
      completedAt,
      completedBy: task.completed_by ?? done?.actor_id ?? null,
      overdue: completedAt === null && task.due_at !== null && task.due_at.getTime() < now.getTime(),
    });
  }

  const interview = completions.get(IntakeStep.INTERVIEW);
  const assessment =
    interview && typeof interview.details.riskLevel === 'string' && typeof interview.details.needsShelter === 'boolean'
      ? {
          riskLevel: interview.details.riskLevel as RiskLevel,
          needsShelter: interview.details.needsShelter,
          assessedBy: interview.actor_id,
        }
      : null;

  const referral = (kind: 'POLICE' | 'SSA'): IntakeTimelineRow | undefined =>
    timeline.find((e) => e.kind === 'REFERRAL_CREATED' && e.dedupe_key === `${prefix}referral/${kind}/timeline`);
  const policeReferral = referral('POLICE');
  const overrideRequest = [...timeline].reverse().find((e) => e.kind === 'LEGAL_OVERRIDE_REQUESTED' && e.dedupe_key?.startsWith(prefix));
  const countersign = [...timeline].reverse().find((e) => e.kind === 'LEGAL_OVERRIDE_COUNTERSIGNED' && e.dedupe_key?.startsWith(prefix));
  const police: PoliceNotificationProgress = {
    mode: policeReferral ? policeMode(policeReferral.details) : overrideRequest ? PoliceNotificationMode.LEGAL_OVERRIDE : null,
    referralId: policeReferral?.referral_id ?? null,
    notifiedAt: policeReferral?.occurred_at ?? null,
    requestedBy: overrideRequest?.actor_id ?? null,
    countersignedBy: countersign?.actor_id ?? null,
    awaitingCountersign: overrideRequest !== undefined && policeReferral === undefined,
  };

  const ssaReferral = referral('SSA');
  const needsShelter = assessment?.needsShelter ?? null;
  const ssaStatus = ssaReferral
    ? SsaApplicationStatus.SENT
    : completions.has(IntakeStep.SSA_APPLICATION)
      ? SsaApplicationStatus.NOT_SENT_NO_CONSENT
      : needsShelter === null
        ? SsaApplicationStatus.UNDECIDED
        : needsShelter
          ? SsaApplicationStatus.PENDING
          : SsaApplicationStatus.NOT_NEEDED;

  const escalations: IntakeEscalation[] = timeline
    .filter((e) => e.kind === 'INTAKE_STANDARD_MISSED' && typeof e.details.standard === 'string' && STANDARDS.has(e.details.standard))
    .map((e) => ({
      standard: e.details.standard as IntakeStandard,
      step: asStep(e.details.step),
      at: e.occurred_at,
      taskId: typeof e.details.taskId === 'string' ? e.details.taskId : null,
    }));

  const phase = intakePhase({ completed: new Set(completions.keys()), needsShelter, countersignPending: police.awaitingCountersign });
  const last = phase === 'DONE' ? Math.max(...[...completions.values()].map((e) => e.occurred_at.getTime())) : null;
  return {
    caseId,
    startedAt: started?.occurred_at ?? (opened[0] as IntakeTimelineRow).occurred_at,
    startedBy: started?.actor_id ?? null,
    phase,
    completedAt: last !== null && Number.isFinite(last) ? new Date(last) : null,
    steps,
    assessment,
    police,
    ssaApplication: { status: ssaStatus, referralId: ssaReferral?.referral_id ?? null },
    escalations,
  };
}

function policeMode(details: Record<string, unknown>): PoliceNotificationMode {
  if (details.serviceType === ServiceType.ANONYMOUS_INCIDENT_NOTICE) return PoliceNotificationMode.ANONYMOUS;
  return details.legalBasis ? PoliceNotificationMode.LEGAL_OVERRIDE : PoliceNotificationMode.FULL;
}
