import { type DostIntakeProgress } from '@lib/dost-intake';
import {
  DostIntakeModel,
  type DostIntakePhase,
  IntakeEscalationModel,
  IntakePoliceNotificationModel,
  IntakeSsaApplicationModel,
  IntakeStepProgressModel,
  NeedsAssessmentModel,
} from './dost-intake.model';

/** Read model → GraphQL, field by field (allow-list). */
export function presentDostIntake(p: DostIntakeProgress): DostIntakeModel {
  return Object.assign(new DostIntakeModel(), {
    caseId: p.caseId,
    startedAt: p.startedAt,
    startedBy: p.startedBy,
    phase: p.phase as DostIntakePhase,
    completedAt: p.completedAt,
    steps: p.steps.map((s) =>
      Object.assign(new IntakeStepProgressModel(), {
        step: s.step,
        taskId: s.taskId,
        status: s.status,
        openedAt: s.openedAt,
        dueAt: s.dueAt,
        completedAt: s.completedAt,
        completedBy: s.completedBy,
        overdue: s.overdue,
      }),
    ),
    assessment: p.assessment
      ? Object.assign(new NeedsAssessmentModel(), {
          riskLevel: p.assessment.riskLevel,
          needsShelter: p.assessment.needsShelter,
          assessedBy: p.assessment.assessedBy,
        })
      : null,
    policeNotification: Object.assign(new IntakePoliceNotificationModel(), {
      mode: p.police.mode,
      referralId: p.police.referralId,
      notifiedAt: p.police.notifiedAt,
      requestedBy: p.police.requestedBy,
      countersignedBy: p.police.countersignedBy,
      awaitingCountersign: p.police.awaitingCountersign,
    }),
    ssaApplication: Object.assign(new IntakeSsaApplicationModel(), {
      status: p.ssaApplication.status,
      referralId: p.ssaApplication.referralId,
    }),
    escalations: p.escalations.map((e) =>
      Object.assign(new IntakeEscalationModel(), { standard: e.standard, step: e.step, at: e.at, taskId: e.taskId }),
    ),
  });
}
