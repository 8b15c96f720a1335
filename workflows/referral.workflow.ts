import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  currentUpdateInfo,
  getExternalWorkflowHandle,
  log,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  acceptReferralUpdate,
  caseWorkflowId,
  completeReferralUpdate,
  type CompleteReferralArgs,
  type DeclineReferralArgs,
  type DeadlinePhase,
  declineReferralUpdate,
  referralCountersignedSignal,
  referralSettledSignal,
  referralStateQuery,
  type ReferralTransitionRequest,
  type ReferralTransitionResult,
  referralWithdrawnSignal,
  type ReferralWithdrawnSignal,
  type ReferralWorkflowInput,
  type ReferralWorkflowResult,
  type ReferralWorkflowState,
} from '@lib/contracts';
import {
  ReferralEventType,
  ReferralStatus,
  type ReferralEvent,
  isTerminalReferral,
  transitionReferral,
} from '@lib/domain';
import { acts, localActs, msUntil, nowIso } from './activities-proxy';

/** Patch: the referral is opened by a local activity (one workflow task, no activity task), see `open` below. */
export const OPEN_AS_LOCAL_ACTIVITY = 'open-referral-as-local-activity';

function toDomainEvent(t: ReferralTransitionRequest): ReferralEvent {
  switch (t.type) {
    case 'ACCEPT':
      return { type: ReferralEventType.ACCEPT };
    case 'DECLINE':
      return { type: ReferralEventType.DECLINE, reason: t.reason };
    case 'COMPLETE':
      return { type: ReferralEventType.COMPLETE, outcome: t.outcome };
  }
}

/**
 * One referral, `referral-<referralId>`, child of its case workflow.
 *
 * 1. Pin the deadlines from the policy in force now (a local activity, with step 2; later policy changes do not
 *    touch this referral).
 * 2. Open: re-check consent right before disclosure and put the REFERRAL_RESPONSE task in the recipient's inbox.
 * 3. Wait for accept/decline (updates) until the response deadline, reminding before it. Missed → EXPIRED,
 *    escalation to the sender's supervisor + the region's monitoring group, REROUTE to the sender.
 * 4. After acceptance wait for completion until the service deadline, reminding before it. Missed → ESCALATED
 *    (same escalation); the recipient may still complete.
 * A withdrawal (consent withdrawn, case closed) ends it at any point.
 */
export async function referralWorkflow(input: ReferralWorkflowInput): Promise<ReferralWorkflowResult> {
  const workflowId = workflowInfo().workflowId;
  const state: ReferralWorkflowState = {
    referralId: input.referralId,
    caseId: input.caseId,
    phase: 'PREPARING',
    status: ReferralStatus.PENDING,
    version: 0,
    responseDueAt: null,
    serviceDueAt: null,
    escalatedAt: null,
    policyVersion: null,
  };
  let withdrawal: ReferralWithdrawnSignal | null = null;
  /** True while an activity that changes the referral runs; transitions are serialised behind it. */
  let busy = false;

  setHandler(referralStateQuery, () => ({ ...state }));
  setHandler(referralWithdrawnSignal, (signal) => {
    withdrawal ??= signal;
  });

  /** Synchronous check used by validators (reject before anything is written) and again after waiting the lock. */
  const check = (t: ReferralTransitionRequest): void => {
    if (state.phase === 'CLOSED') {
      throw ApplicationFailure.nonRetryable(`Referral is closed (${state.status})`, 'INVALID_TRANSITION');
    }
    if (withdrawal !== null)
      throw ApplicationFailure.nonRetryable('Referral is being withdrawn', 'INVALID_TRANSITION');
    try {
      transitionReferral(state.status, toDomainEvent(t));
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'INVALID_TRANSITION';
      throw ApplicationFailure.nonRetryable((err as Error).message, code);
    }
  };

  const transition = async (
    actorId: string,
    t: ReferralTransitionRequest,
  ): Promise<ReferralTransitionResult> => {
    // A response may arrive while the referral is still being opened (its task already visible after the open
    // activity committed): wait for the opening to finish, then check again against the state it produced.
    await condition(() => !busy && state.phase !== 'PREPARING');
    check(t); // the state may have moved while this update waited
    busy = true;
    try {
      const result = await acts.applyReferralTransition({
        workflowId,
        at: nowIso(),
        referralId: input.referralId,
        requestId: currentUpdateInfo()?.id ?? `${t.type}-${state.version}`,
        actorId,
        transition: t,
      });
      state.status = result.status;
      state.version = result.version;
      return result;
    } finally {
      busy = false;
    }
  };

  setHandler(acceptReferralUpdate, (args) => transition(args.actorId, { type: 'ACCEPT' }), {
    validator: (_args) => check({ type: 'ACCEPT' }),
  });
  setHandler(
    declineReferralUpdate,
    (args) => transition(args.actorId, { type: 'DECLINE', reason: args.reason }),
    {
      validator: (args: DeclineReferralArgs) => check({ type: 'DECLINE', reason: args.reason }),
    },
  );
  setHandler(
    completeReferralUpdate,
    (args) => transition(args.actorId, { type: 'COMPLETE', outcome: args.outcome }),
    {
      validator: (args: CompleteReferralArgs) => check({ type: 'COMPLETE', outcome: args.outcome }),
    },
  );

  const finish = async (): Promise<ReferralWorkflowResult> => {
    state.phase = 'CLOSED';
    await condition(allHandlersFinished);
    try {
      await getExternalWorkflowHandle(caseWorkflowId(input.caseId)).signal(referralSettledSignal, {
        referralId: input.referralId,
        status: state.status,
      });
    } catch (err) {
      // The case workflow may already be closed; the database is the record, this signal only prunes its list.
      log.warn('could not notify the case workflow', {
        referralId: input.referralId,
        error: (err as Error).name,
      });
    }
    return { referralId: input.referralId, status: state.status };
  };

  const applyWithdrawal = async (): Promise<ReferralWorkflowResult> => {
    await condition(() => !busy);
    const signal = withdrawal as ReferralWithdrawnSignal;
    if (!isTerminalReferral(state.status)) {
      if (signal.applied) {
        state.status = ReferralStatus.WITHDRAWN;
      } else {
        busy = true;
        const r = await acts.withdrawReferral({
          workflowId,
          at: nowIso(),
          referralId: input.referralId,
          cause: signal.cause,
        });
        busy = false;
        state.status = r.status;
        state.version = r.version;
      }
    }
    return finish();
  };

  /**
   * Waits until `done()` or the deadline, with one reminder before it. Returns true when done in time.
   * At the deadline an in-flight transition is let finish first (it wins if it lands).
   */
  const waitWithDeadline = async (
    done: () => boolean,
    phase: DeadlinePhase,
    dueAt: string,
    reminders: readonly string[],
  ): Promise<boolean> => {
    const settled = (): boolean => !busy && (done() || withdrawal !== null);
    for (const reminderAt of reminders) {
      if (msUntil(reminderAt) <= 0) continue;
      if (await condition(settled, msUntil(reminderAt))) return true;
      await acts.remindReferral({ workflowId, at: nowIso(), referralId: input.referralId, phase, dueAt });
    }
    const remaining = msUntil(dueAt);
    if (remaining > 0 && (await condition(settled, remaining))) return true;
    await condition(() => !busy);
    return done() || withdrawal !== null;
  };

  const escalate = async (phase: DeadlinePhase): Promise<void> => {
    busy = true;
    try {
      const r = await acts.escalateReferral({
        workflowId,
        at: nowIso(),
        referralId: input.referralId,
        phase,
      });
      state.status = r.status;
      state.version = r.version;
      if (r.escalated) state.escalatedAt = nowIso();
    } finally {
      busy = false;
    }
  };

  // 1. open: pin the deadlines, re-check consent, put the REFERRAL_RESPONSE task in the recipient's inbox
  let countersigned = false;
  setHandler(referralCountersignedSignal, () => {
    countersigned = true;
  });
  // Opening is on the path from the sender's mutation to the recipient's inbox: a local activity pins, re-checks
  // consent and writes the task inside this first workflow task, and the deadline timers start in the same task.
  // Histories recorded before the patch keep their activity task.
  const open = (): ReturnType<typeof acts.openReferral> => {
    const args = { workflowId, at: nowIso(), referralId: input.referralId };
    return patched(OPEN_AS_LOCAL_ACTIVITY) ? localActs.openReferral(args) : acts.openReferral(args);
  };
  let { deadlines: pinned, outcome: opened } = await open();
  while (opened.kind === 'AWAITING_COUNTERSIGN' && withdrawal === null) {
    await condition(() => countersigned || withdrawal !== null);
    if (withdrawal !== null) break;
    countersigned = false;
    ({ deadlines: pinned, outcome: opened } = await open());
  }
  state.status = opened.status;
  state.version = opened.version;
  if (pinned) {
    state.responseDueAt = pinned.responseDueAt;
    state.serviceDueAt = pinned.serviceDueAt;
    state.policyVersion = pinned.policyVersion;
  }
  if (withdrawal !== null) return applyWithdrawal();
  if (opened.kind !== 'OPENED' || pinned === null) return finish();

  // 2. response
  state.phase = 'AWAITING_RESPONSE';
  const responded = await waitWithDeadline(
    () => state.status !== ReferralStatus.PENDING,
    'RESPONSE',
    pinned.responseDueAt,
    pinned.responseReminders,
  );
  if (withdrawal !== null) return applyWithdrawal();
  if (!responded) {
    await escalate('RESPONSE');
    if (state.status !== ReferralStatus.ACCEPTED) return finish();
  }
  if (state.status !== ReferralStatus.ACCEPTED) return finish(); // DECLINED (back to sender) or otherwise terminal

  // 3. service (no clock when the policy sets none, e.g. an anonymous notice)
  state.phase = 'IN_SERVICE';
  const served =
    pinned.serviceDueAt === null
      ? await condition(() => !busy && (state.status !== ReferralStatus.ACCEPTED || withdrawal !== null))
      : await waitWithDeadline(
          () => state.status !== ReferralStatus.ACCEPTED,
          'SERVICE',
          pinned.serviceDueAt,
          pinned.serviceReminders,
        );
  if (withdrawal !== null) return applyWithdrawal();
  if (!served) {
    await escalate('SERVICE');
    if ((state.status as ReferralStatus) === ReferralStatus.ESCALATED) {
      state.phase = 'ESCALATED';
      // Still the recipient's to complete (or the case's to withdraw); no further deadline.
      await condition(() => !busy && (isTerminalReferral(state.status) || withdrawal !== null));
      if (withdrawal !== null && !isTerminalReferral(state.status)) return applyWithdrawal();
    }
  }
  return finish();
}
