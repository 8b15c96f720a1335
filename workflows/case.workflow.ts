import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  patched,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import {
  approveClosureUpdate,
  type CaseCarriedState,
  type CaseFacts,
  type CasePhase,
  caseStateQuery,
  type CaseWorkflowInput,
  type CaseWorkflowResult,
  CASE_HISTORY_EVENT_LIMIT,
  type ClosureResult,
  consentWithdrawnSignal,
  type ConsentWithdrawnSignal,
  intakeWorkflowId,
  referralCreatedSignal,
  referralSettledSignal,
  referralWithdrawnSignal,
  referralWorkflowId,
  requestClosureUpdate,
  protectionOrderWorkflowId,
  riskLevelChangedSignal,
  startIntakeUpdate,
  startProtectionOrderUpdate,
  type StartProtectionOrderResult,
  type StartIntakeResult,
  startReferralUpdate,
  type StartReferralResult,
  WithdrawCause,
} from '@lib/contracts';
import { isTerminalReferral, ReferralStatus } from '@lib/domain';
import { acts, nowIso } from './activities-proxy';
import { dostIntakeWorkflow } from './dost-intake.workflow';
import { protectionOrderWorkflow } from './protection-order.workflow';
import { referralWorkflow } from './referral.workflow';

/**
 * Risk-level changes (issue 16): follow-ups re-planned from the assessment at the new level, a rise to HIGH opens the
 * monitoring group's risk conference task. Histories recorded before it never carry the signal.
 */
export const RISK_LEVEL_PATCH = 'risk-level-replan-v1';
/** Protection orders as children of the case workflow (issue 16). */
export const PROTECTION_ORDER_PATCH = 'protection-order-children-v1';

function initialState(): CaseCarriedState {
  return {
    referrals: [],
    followUpsScheduled: 0,
    nextFollowUpAt: null,
    closureRequestedBy: null,
    intakeStarted: false,
    handledConsentWithdrawals: [],
    generation: 0,
  };
}

/**
 * One case, `case-<caseId>`, long-lived. Owns its referral workflows (children, ABANDON on close so they survive
 * continue-as-new), withdraws dependent referrals when consent is withdrawn, schedules follow-ups by risk level,
 * and closes only with a supervisor's approval. Continues as new when the server suggests it or the history passes
 * CASE_HISTORY_EVENT_LIMIT, carrying its state.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseWorkflowResult> {
  const workflowId = workflowInfo().workflowId;
  const s: CaseCarriedState = input.carried ? { ...input.carried, generation: input.carried.generation } : initialState();
  let phase = (s.closureRequestedBy ? 'CLOSURE_REQUESTED' : 'OPEN') as CasePhase;
  const currentPhase = (): CasePhase => phase;
  let facts: CaseFacts | null = null;
  const toStart: string[] = [];
  const withdrawals: ConsentWithdrawnSignal[] = [];
  /** Assessments whose level change is still to be applied, in arrival order. */
  const riskChanges: string[] = [];
  let busy = false;
  /** The intake child's start in flight or done (this run), so startIntake updates can wait for it. */
  let intakeStarting: Promise<void> | undefined;

  const known = (referralId: string): boolean => s.referrals.some((r) => r.referralId === referralId);

  setHandler(caseStateQuery, () => ({
    caseId: input.caseId,
    phase,
    riskLevel: facts?.riskLevel ?? null,
    referrals: s.referrals.map((r) => ({ ...r })),
    followUpsScheduled: s.followUpsScheduled,
    nextFollowUpAt: s.nextFollowUpAt,
    generation: s.generation,
  }));

  /** Child starts in flight (this run), so a startReferral update can wait for the one a signal began. */
  const starting = new Map<string, Promise<void>>();
  const startReferral = async (referralId: string): Promise<StartReferralResult> => {
    const childId = referralWorkflowId(referralId);
    const inFlight = starting.get(referralId);
    if (inFlight) {
      await inFlight;
      return { referralId, workflowId: childId };
    }
    if (known(referralId)) return { referralId, workflowId: childId };
    s.referrals.push({ referralId, status: ReferralStatus.PENDING });
    const started = (async (): Promise<void> => {
      try {
        await startChild(referralWorkflow, {
          workflowId: childId,
          args: [{ referralId, caseId: input.caseId }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
      } catch (err) {
        // Already started (a re-delivered signal, or started before a continue-as-new): the referral is running.
        if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
      }
    })();
    starting.set(referralId, started);
    try {
      await started;
    } finally {
      starting.delete(referralId);
    }
    return { referralId, workflowId: childId };
  };

  const tellReferralsWithdrawn = async (referralIds: string[], cause: WithdrawCause, consentId?: string): Promise<void> => {
    for (const referralId of referralIds) {
      const tracked = s.referrals.find((r) => r.referralId === referralId);
      if (tracked) tracked.status = ReferralStatus.WITHDRAWN;
      try {
        await getExternalWorkflowHandle(referralWorkflowId(referralId)).signal(referralWithdrawnSignal, {
          cause,
          applied: true,
          ...(consentId ? { consentId } : {}),
        });
      } catch (err) {
        // Not running (already finished): the database write above is what cut the recipient off.
        log.info('referral workflow not running', { referralId, error: (err as Error).name });
      }
    }
    s.referrals = s.referrals.filter((r) => !isTerminalReferral(r.status));
  };

  setHandler(referralCreatedSignal, ({ referralId }) => {
    if (!known(referralId) && !toStart.includes(referralId)) toStart.push(referralId);
  });
  setHandler(
    startReferralUpdate,
    async ({ referralId }) => {
      // Starts the child, or joins the start a referralCreated signal began; returns once the child is running.
      const queued = toStart.indexOf(referralId);
      if (queued >= 0) toStart.splice(queued, 1);
      return startReferral(referralId);
    },
    {
      validator: (_args) => {
        if (phase === 'CLOSED') throw ApplicationFailure.nonRetryable('Case is closed', 'INVALID_TRANSITION');
      },
    },
  );
  setHandler(consentWithdrawnSignal, (signal) => {
    if (!s.handledConsentWithdrawals.includes(signal.consentId)) withdrawals.push(signal);
  });
  setHandler(riskLevelChangedSignal, ({ assessmentId }) => {
    if (!(s.handledRiskAssessments ?? []).includes(assessmentId) && !riskChanges.includes(assessmentId)) riskChanges.push(assessmentId);
  });
  setHandler(referralSettledSignal, ({ referralId, status }) => {
    const tracked = s.referrals.find((r) => r.referralId === referralId);
    if (tracked) tracked.status = status;
    s.referrals = s.referrals.filter((r) => !isTerminalReferral(r.status));
  });

  setHandler(
    requestClosureUpdate,
    async ({ actorId }): Promise<ClosureResult> => {
      await condition(() => !busy);
      if (phase !== 'OPEN') return { caseId: input.caseId, phase };
      busy = true;
      try {
        await acts.requestCaseClosure({ workflowId, at: nowIso(), caseId: input.caseId, actorId });
        s.closureRequestedBy = actorId;
        phase = 'CLOSURE_REQUESTED';
      } finally {
        busy = false;
      }
      return { caseId: input.caseId, phase };
    },
    {
      validator: (_args) => {
        if (phase === 'CLOSED') throw ApplicationFailure.nonRetryable('Case is closed', 'INVALID_TRANSITION');
      },
    },
  );
  setHandler(
    approveClosureUpdate,
    async ({ actorId }): Promise<ClosureResult> => {
      await condition(() => !busy);
      if (phase === 'CLOSED') return { caseId: input.caseId, phase };
      busy = true;
      try {
        // Checks the approver is a supervisor of the owning organisation; FORBIDDEN fails this update only.
        const closed = await acts.approveCaseClosure({ workflowId, at: nowIso(), caseId: input.caseId, actorId });
        // Every referral this case still tracks ends now (the database has none active any more).
        const all = [...new Set([...closed.referralIds, ...s.referrals.map((r) => r.referralId)])];
        await tellReferralsWithdrawn(all, WithdrawCause.CASE_CLOSED);
        phase = 'CLOSED';
      } finally {
        busy = false;
      }
      return { caseId: input.caseId, phase };
    },
    {
      // The activity checks, in the database, that closure was requested (by this workflow or by the API).
      validator: (_args) => {
        if (phase === 'CLOSED') throw ApplicationFailure.nonRetryable('Case is closed', 'INVALID_TRANSITION');
      },
    },
  );

  /**
   * The DOST intake child, once per case: started from the input (`startIntake`) or by this update (the API's
   * startDostIntake, on a case whose workflow already runs). Returns once the child is running, so the caller can send
   * it updates at once. s.intakeStarted is carried across continue-as-new.
   */
  setHandler(
    startIntakeUpdate,
    async ({ actorId }): Promise<StartIntakeResult> => {
      const result = (started: boolean): StartIntakeResult => ({
        caseId: input.caseId,
        workflowId: intakeWorkflowId(input.caseId),
        started,
      });
      if (s.intakeStarted) {
        await intakeStarting;
        return result(false);
      }
      await condition(() => facts !== null);
      if (s.intakeStarted) {
        await intakeStarting;
        return result(false);
      }
      s.intakeStarted = true;
      const owner = facts?.owningOrganisationId ?? '';
      intakeStarting = (async (): Promise<void> => {
        try {
          await startChild(dostIntakeWorkflow, {
            workflowId: intakeWorkflowId(input.caseId),
            args: [{ caseId: input.caseId, organisationId: owner, startedBy: actorId }],
            parentClosePolicy: ParentClosePolicy.ABANDON,
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          });
        } catch (err) {
          if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
        }
      })();
      await intakeStarting;
      return result(true);
    },
    {
      validator: (_args) => {
        if (phase !== 'OPEN') throw ApplicationFailure.nonRetryable(`Case is ${phase.toLowerCase()}`, 'INVALID_TRANSITION');
      },
    },
  );

  /**
   * A protection order's workflow, `protection-order-<orderId>`, as a child (ABANDON: it outlives a continue-as-new or
   * the case's closure, until the order expires). Returns once it runs. Idempotent: a second start joins the first.
   */
  setHandler(
    startProtectionOrderUpdate,
    async ({ orderId }): Promise<StartProtectionOrderResult> => {
      const childId = protectionOrderWorkflowId(orderId);
      if (patched(PROTECTION_ORDER_PATCH)) {
        try {
          await startChild(protectionOrderWorkflow, {
            workflowId: childId,
            args: [{ orderId, caseId: input.caseId }],
            parentClosePolicy: ParentClosePolicy.ABANDON,
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          });
        } catch (err) {
          if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
        }
      }
      return { orderId, workflowId: childId };
    },
    {
      validator: (_args) => {
        if (phase === 'CLOSED') throw ApplicationFailure.nonRetryable('Case is closed', 'INVALID_TRANSITION');
      },
    },
  );

  /** Starts the queued referral workflows (in parallel), holding the lock against closure meanwhile. */
  const drainStarts = async (): Promise<void> => {
    while (toStart.length > 0) {
      const ids = toStart.splice(0);
      busy = true;
      try {
        await Promise.all(ids.map((id) => startReferral(id)));
      } finally {
        busy = false;
      }
    }
  };

  // Referrals first: a recipient's inbox must not wait for case housekeeping (facts, follow-ups).
  await drainStarts();
  facts = await acts.loadCaseFacts({ caseId: input.caseId });
  if (facts.status === 'CLOSED') phase = 'CLOSED';

  if (input.startIntake && !s.intakeStarted && currentPhase() !== 'CLOSED') {
    s.intakeStarted = true;
    const owner = facts.owningOrganisationId;
    intakeStarting = (async (): Promise<void> => {
      try {
        await startChild(dostIntakeWorkflow, {
          workflowId: intakeWorkflowId(input.caseId),
          args: [{ caseId: input.caseId, organisationId: owner, startedBy: input.openedBy ?? owner }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      } catch (err) {
        if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
      }
    })();
    await intakeStarting;
  }

  const followUpDue = (): boolean => s.nextFollowUpAt !== null && new Date(s.nextFollowUpAt).getTime() <= Date.now();
  const scheduleNextFollowUp = async (): Promise<void> => {
    const seq = s.followUpsScheduled + 1;
    const plan = s.followUpPlan ? { planFrom: s.followUpPlan.from, planFirstSeq: s.followUpPlan.firstSeq } : {};
    const r = await acts.scheduleFollowUp({ workflowId, at: nowIso(), caseId: input.caseId, seq, ...plan });
    s.followUpsScheduled = seq;
    s.nextFollowUpAt = r.dueAt;
  };
  if (s.nextFollowUpAt === null && phase === 'OPEN') await scheduleNextFollowUp();

  const shouldContinueAsNew = (): boolean =>
    workflowInfo().continueAsNewSuggested ||
    workflowInfo().historyLength > (input.historyEventLimit ?? CASE_HISTORY_EVENT_LIMIT);

  for (;;) {
    const msToFollowUp = s.nextFollowUpAt ? Math.max(1, new Date(s.nextFollowUpAt).getTime() - Date.now()) : undefined;
    const woke = (): boolean =>
      !busy &&
      (toStart.length > 0 || withdrawals.length > 0 || riskChanges.length > 0 || phase === 'CLOSED' || shouldContinueAsNew());
    if (msToFollowUp !== undefined && phase !== 'CLOSED') await condition(woke, msToFollowUp);
    else await condition(woke);

    while (withdrawals.length > 0) {
      const w = withdrawals.shift() as ConsentWithdrawnSignal;
      busy = true;
      try {
        const r = await acts.withdrawReferralsForConsent({
          workflowId,
          at: nowIso(),
          caseId: input.caseId,
          consentId: w.consentId,
          actorId: w.actorId,
          trackedReferralIds: s.referrals.map((x) => x.referralId),
        });
        await tellReferralsWithdrawn([...r.referralIds, ...(r.alreadyInactive ?? [])], WithdrawCause.CONSENT_WITHDRAWN, w.consentId);
        s.handledConsentWithdrawals.push(w.consentId);
      } finally {
        busy = false;
      }
    }
    if (phase === 'CLOSED') break;
    while (riskChanges.length > 0 && patched(RISK_LEVEL_PATCH)) {
      const assessmentId = riskChanges.shift() as string;
      busy = true;
      try {
        const r = await acts.applyRiskLevelChange({
          workflowId,
          at: nowIso(),
          caseId: input.caseId,
          assessmentId,
          seq: s.followUpsScheduled + 1,
        });
        if (facts) facts = { ...facts, riskLevel: r.level };
        if (r.followUp) {
          s.followUpsScheduled = r.followUp.seq;
          s.nextFollowUpAt = r.followUp.dueAt;
          s.followUpPlan = { from: r.followUp.planFrom, firstSeq: r.followUp.seq };
        }
        s.handledRiskAssessments = [...(s.handledRiskAssessments ?? []), assessmentId].slice(-50);
      } finally {
        busy = false;
      }
    }
    await drainStarts();
    if (phase === 'OPEN' && followUpDue()) {
      busy = true;
      try {
        await scheduleNextFollowUp();
      } finally {
        busy = false;
      }
    }
    if (shouldContinueAsNew() && currentPhase() !== 'CLOSED') {
      await condition(allHandlersFinished);
      if (toStart.length === 0 && withdrawals.length === 0 && riskChanges.length === 0) {
        s.generation += 1;
        await continueAsNew<typeof caseWorkflow>({
          caseId: input.caseId,
          ...(input.startIntake !== undefined ? { startIntake: input.startIntake } : {}),
          ...(input.openedBy !== undefined ? { openedBy: input.openedBy } : {}),
          ...(input.historyEventLimit !== undefined ? { historyEventLimit: input.historyEventLimit } : {}),
          carried: s,
        });
      }
    }
  }

  await condition(allHandlersFinished);
  // Let the approveClosure update's response go out in a workflow task of its own before the run closes. Closing the
  // case settles its referrals, whose signals often arrive while the closing task runs: the server then fails that
  // task (UNHANDLED_COMMAND) and the response in it is discarded; seen in a recorded history, the replayed run then
  // completed without re-sending the response and the caller got "closed before the update completed". With the
  // response answered first, a retried closing task has no response to lose. One 1 ms timer.
  await sleep(1);
  return { caseId: input.caseId, phase };
}
