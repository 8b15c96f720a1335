import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  log,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  caseWorkflowId,
  completeIntakeStepUpdate,
  type CompleteIntakeStepArgs,
  countersignLegalOverrideUpdate,
  IntakeStandard,
  intakeStateQuery,
  IntakeStep,
  type IntakeStepRecord,
  type IntakeUpdateResult,
  type IntakeWorkflowInput,
  type IntakeWorkflowResult,
  type IntakeWorkflowState,
  notifyPoliceUpdate,
  type PoliceNotificationArgs,
  PoliceNotificationMode,
  referralCreatedSignal,
  riskLevelChangedSignal,
  type CaseFacts,
  type IntakeReferralOutcome,
} from '@lib/contracts';
import { OrganisationType, validateLegalOverrideRequest } from '@lib/domain';
import { acts, msUntil, nowIso } from './activities-proxy';

/**
 * Patch: a step completion (or the police notification) waits until the step's INTAKE_STEP task exists before it
 * closes it. Without it, a completion sent right after the previous step (or right after the start) could run its
 * activity before openIntakeStep's and leave the new task OPEN in the inbox, or (first step) be marked on no record.
 */
const STEP_OPEN_PATCH = 'intake-completion-waits-for-open-step';
/** The interview's level change reaches the case workflow as an assessment (histories before it never signal). */
export const INTERVIEW_RISK_PATCH = 'intake-interview-risk-replans-case';

const invalid = (message: string): ApplicationFailure => ApplicationFailure.nonRetryable(message, 'INVALID_TRANSITION');

/**
 * DOST intake, service card 09-03-00-00 (seed 004), `dost-intake-<caseId>`, child of the case workflow.
 * Steps: queue ticket → desk (front office, 1 h from arrival) → interview by lawyer and psychologist with the
 * needs/risk assessment (operator standard, 60 min) → law-enforcement notification (60 min; full with consent,
 * anonymous notice without, or legal override with basis + justification + supervisor countersignature) →
 * application to the SSA for shelter placement when needed (anonymity protected; only with consent).
 * Whole service: 1 day. Each step is an INTAKE_STEP task in the centre's inbox due at its standard; a missed standard
 * creates an ESCALATION task for the centre's supervisor, and the step stays open.
 */
export async function dostIntakeWorkflow(input: IntakeWorkflowInput): Promise<IntakeWorkflowResult> {
  const workflowId = workflowInfo().workflowId;
  const state: IntakeWorkflowState = {
    caseId: input.caseId,
    phase: IntakeStep.QUEUE_TICKET,
    steps: [],
    escalations: [],
    assessment: null,
    policeMode: null,
    policeReferralId: null,
    ssaReferralId: null,
    ssaSkippedReason: null,
  };
  let facts: CaseFacts | null = null;
  let busy = false;
  let pendingOverride: (PoliceNotificationArgs & { requestedBy: string }) | null = null;
  let finished = false;
  /** Steps whose INTAKE_STEP task has been written (openIntakeStep returned). */
  const openedSteps = new Set<IntakeStep>();
  const ctx = (): { workflowId: string; at: string } => ({ workflowId, at: nowIso() });
  const base = { caseId: input.caseId, organisationId: input.organisationId };

  setHandler(intakeStateQuery, () => JSON.parse(JSON.stringify(state)) as IntakeWorkflowState);

  const record = (step: IntakeStep): IntakeStepRecord | undefined => state.steps.find((r) => r.step === step);
  const stepDone = (step: IntakeStep): boolean => record(step)?.completedAt != null;

  const markDone = (step: IntakeStep, actorId: string): void => {
    const r = record(step);
    if (r) {
      r.completedAt = nowIso();
      r.completedBy = actorId;
    }
  };

  const escalate = async (standard: IntakeStandard, step: IntakeStep | null): Promise<void> => {
    await acts.escalateIntakeStandard({ ...ctx(), ...base, standard, step });
    state.escalations.push({ standard, step, at: nowIso() });
  };

  const announceReferral = async (outcome: IntakeReferralOutcome): Promise<string | null> => {
    if (outcome.kind !== 'CREATED') return null;
    try {
      await getExternalWorkflowHandle(caseWorkflowId(input.caseId)).signal(referralCreatedSignal, {
        referralId: outcome.referralId,
      });
    } catch (err) {
      log.warn('case workflow not reachable for a new referral', { error: (err as Error).name });
    }
    return outcome.referralId;
  };

  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    await condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  };

  setHandler(
    completeIntakeStepUpdate,
    (args): Promise<IntakeUpdateResult> =>
      exclusive(async () => {
        if (patched(STEP_OPEN_PATCH)) await condition(() => openedSteps.has(args.step) || state.phase !== args.step);
        if (state.phase !== args.step || stepDone(args.step)) throw invalid(`Step ${args.step} is not open`);
        if (args.step === IntakeStep.SSA_APPLICATION) {
          const outcome = await acts.createIntakeReferral({
            ...ctx(),
            ...base,
            actorId: args.actorId,
            kind: 'SSA',
            mode: 'CONSENT',
          });
          if (outcome.kind === 'NO_CONSENT') {
            state.ssaSkippedReason = 'NO_CONSENT';
          } else if (outcome.kind === 'NO_RECIPIENT') {
            throw ApplicationFailure.nonRetryable('No Social Services Agency organisation is registered', 'NOT_FOUND');
          }
          state.ssaReferralId = await announceReferral(outcome);
        }
        const completed = await acts.completeIntakeStep({
          ...ctx(),
          ...base,
          step: args.step,
          actorId: args.actorId,
          ...(args.assessment ? { assessment: args.assessment } : {}),
        });
        if (args.step === IntakeStep.INTERVIEW && args.assessment) state.assessment = { ...args.assessment };
        const assessmentId = completed?.riskAssessmentId ?? null;
        if (assessmentId !== null && patched(INTERVIEW_RISK_PATCH)) {
          try {
            await getExternalWorkflowHandle(caseWorkflowId(input.caseId)).signal(riskLevelChangedSignal, { assessmentId });
          } catch (err) {
            log.warn('case workflow not reachable for a risk level change', { error: (err as Error).name });
          }
        }
        markDone(args.step, args.actorId);
        return { phase: state.phase };
      }),
    {
      validator: (args: CompleteIntakeStepArgs) => {
        if (state.phase !== args.step) throw invalid(`Step ${args.step} is not the open step (${state.phase})`);
        if (args.step === IntakeStep.POLICE_NOTIFICATION) throw invalid('Use notifyPolice for the police step');
        if (args.step === IntakeStep.INTERVIEW && !args.assessment) {
          throw ApplicationFailure.nonRetryable('The interview needs a needs/risk assessment', 'BAD_INPUT');
        }
      },
    },
  );

  setHandler(
    notifyPoliceUpdate,
    (args): Promise<IntakeUpdateResult> =>
      exclusive(async () => {
        if (patched(STEP_OPEN_PATCH)) {
          await condition(() => openedSteps.has(IntakeStep.POLICE_NOTIFICATION) || state.phase !== IntakeStep.POLICE_NOTIFICATION);
        }
        if (state.phase !== IntakeStep.POLICE_NOTIFICATION) throw invalid('Police notification is not open');
        if (args.mode === PoliceNotificationMode.LEGAL_OVERRIDE) {
          await acts.requestLegalOverrideCountersign({ ...ctx(), ...base, actorId: args.actorId });
          pendingOverride = { ...args, requestedBy: args.actorId };
          state.phase = 'AWAITING_COUNTERSIGN';
          return { phase: state.phase };
        }
        const outcome = await acts.createIntakeReferral({
          ...ctx(),
          ...base,
          actorId: args.actorId,
          kind: 'POLICE',
          mode: args.mode,
        });
        if (outcome.kind === 'NO_CONSENT') {
          throw ApplicationFailure.nonRetryable(
            `No consent to inform the police (${outcome.missing.join(', ')}); use ANONYMOUS or LEGAL_OVERRIDE`,
            'CONSENT_REQUIRED',
          );
        }
        if (outcome.kind === 'NO_RECIPIENT') throw ApplicationFailure.nonRetryable('No police organisation in the region', 'NOT_FOUND');
        state.policeMode = args.mode;
        state.policeReferralId = await announceReferral(outcome);
        await acts.completeIntakeStep({ ...ctx(), ...base, step: IntakeStep.POLICE_NOTIFICATION, actorId: args.actorId });
        markDone(IntakeStep.POLICE_NOTIFICATION, args.actorId);
        return { phase: state.phase };
      }),
    {
      validator: (args: PoliceNotificationArgs) => {
        if (state.phase !== IntakeStep.POLICE_NOTIFICATION) throw invalid(`Police notification is not open (${state.phase})`);
        if (args.mode === PoliceNotificationMode.LEGAL_OVERRIDE) {
          try {
            validateLegalOverrideRequest(
              { basis: args.legalBasis, justification: args.justification, dataCategories: args.dataCategories },
              { recipientOrganisationType: OrganisationType.POLICE, caseIsChild: facts?.isChild ?? false },
            );
          } catch (err) {
            throw ApplicationFailure.nonRetryable((err as Error).message, 'BAD_INPUT');
          }
        }
      },
    },
  );

  setHandler(
    countersignLegalOverrideUpdate,
    (args): Promise<IntakeUpdateResult> =>
      exclusive(async () => {
        const override = pendingOverride;
        if (state.phase !== 'AWAITING_COUNTERSIGN' || override === null) throw invalid('Nothing to countersign');
        // Supervisor of this centre, and not the requester (FORBIDDEN otherwise, non-retryable).
        await acts.countersignLegalOverride({ ...ctx(), ...base, requestedBy: override.requestedBy, actorId: args.actorId });
        const outcome = await acts.createIntakeReferral({
          ...ctx(),
          ...base,
          actorId: override.requestedBy,
          kind: 'POLICE',
          mode: PoliceNotificationMode.LEGAL_OVERRIDE,
          ...(override.legalBasis ? { legalBasis: override.legalBasis } : {}),
          ...(override.justification ? { justification: override.justification } : {}),
          ...(override.dataCategories ? { dataCategories: override.dataCategories } : {}),
          countersignedBy: args.actorId,
          countersignedAt: nowIso(),
        });
        if (outcome.kind === 'NO_RECIPIENT') throw ApplicationFailure.nonRetryable('No police organisation in the region', 'NOT_FOUND');
        state.policeMode = PoliceNotificationMode.LEGAL_OVERRIDE;
        state.policeReferralId = await announceReferral(outcome);
        await acts.completeIntakeStep({
          ...ctx(),
          ...base,
          step: IntakeStep.POLICE_NOTIFICATION,
          actorId: override.requestedBy,
        });
        markDone(IntakeStep.POLICE_NOTIFICATION, override.requestedBy);
        pendingOverride = null;
        state.phase = IntakeStep.POLICE_NOTIFICATION;
        return { phase: state.phase };
      }),
    {
      validator: (_args) => {
        if (state.phase !== 'AWAITING_COUNTERSIGN') throw invalid(`Nothing to countersign (${state.phase})`);
      },
    },
  );

  facts = await acts.loadCaseFacts({ caseId: input.caseId });
  // Standards are policy data, pinned now: a later policy change does not move this intake's deadlines.
  const standards = await acts.pinIntakeStandards({ ...ctx(), caseId: input.caseId });

  // Whole-service standard (1 day), watched alongside the steps.
  const serviceWatch = (async (): Promise<void> => {
    const inTime = msUntil(standards.wholeServiceDueAt) > 0 && (await condition(() => finished, msUntil(standards.wholeServiceDueAt)));
    if (!inTime) {
      const open = state.phase === 'DONE' ? null : state.phase === 'AWAITING_COUNTERSIGN' ? IntakeStep.POLICE_NOTIFICATION : state.phase;
      await escalate(IntakeStandard.WHOLE_SERVICE, open);
    }
  })();

  const runStep = async (step: IntakeStep, dueAt: string, standard: IntakeStandard): Promise<void> => {
    state.phase = step;
    state.steps.push({ step, openedAt: nowIso(), dueAt, completedAt: null, completedBy: null });
    await acts.openIntakeStep({ ...ctx(), ...base, step, dueAt });
    openedSteps.add(step);
    const inTime = msUntil(dueAt) > 0 && (await condition(() => stepDone(step) && !busy, msUntil(dueAt)));
    const alreadyEscalated =
      standard === IntakeStandard.FRONT_OFFICE && state.escalations.some((e) => e.standard === IntakeStandard.FRONT_OFFICE);
    if (!inTime && !stepDone(step) && !alreadyEscalated) {
      await escalate(standard, step);
    }
    await condition(() => stepDone(step) && !busy);
  };

  const frontOfficeDue = standards.frontOfficeDueAt;
  const operatorDue = (): string => new Date(Date.now() + standards.operatorMs).toISOString();

  await runStep(IntakeStep.QUEUE_TICKET, frontOfficeDue, IntakeStandard.FRONT_OFFICE);
  await runStep(IntakeStep.DESK, frontOfficeDue, IntakeStandard.FRONT_OFFICE);
  await runStep(IntakeStep.INTERVIEW, operatorDue(), IntakeStandard.OPERATOR);
  await runStep(IntakeStep.POLICE_NOTIFICATION, operatorDue(), IntakeStandard.OPERATOR);
  if (state.assessment?.needsShelter) {
    await runStep(IntakeStep.SSA_APPLICATION, operatorDue(), IntakeStandard.OPERATOR);
  }
  state.phase = 'DONE';
  finished = true;
  await serviceWatch;
  await condition(allHandlersFinished);
  return {
    caseId: input.caseId,
    policeReferralId: state.policeReferralId,
    ssaReferralId: state.ssaReferralId,
    escalations: state.escalations.length,
  };
}
