import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WithStartWorkflowOperation,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, type DataConverter } from '@temporalio/common';
import {
  acceptReferralUpdate,
  approveClosureUpdate,
  caseStateQuery,
  caseWorkflowId,
  completeIntakeStepUpdate,
  completeReferralUpdate,
  type CompleteIntakeStepArgs,
  consentWithdrawnSignal,
  countersignLegalOverrideUpdate,
  type CaseWorkflowInput,
  type CaseWorkflowState,
  type ClosureResult,
  declineReferralUpdate,
  intakeStateQuery,
  intakeWorkflowId,
  type IntakeUpdateResult,
  type IntakeWorkflowState,
  notifyPoliceUpdate,
  NRM_TASK_QUEUE,
  type PoliceNotificationArgs,
  referralCountersignedSignal,
  referralCreatedSignal,
  referralStateQuery,
  type ReferralTransitionResult,
  referralWorkflowId,
  type ReferralWorkflowState,
  requestClosureUpdate,
  protectionOrderBreachSignal,
  protectionOrderChangedSignal,
  protectionOrderStateQuery,
  protectionOrderWorkflowId,
  type ProtectionOrderWorkflowState,
  riskLevelChangedSignal,
  safetyPlanItemChangedSignal,
  safetyPlanReviewStateQuery,
  safetyPlanReviewWorkflowId,
  type SafetyPlanReviewWorkflowInput,
  type SafetyPlanReviewWorkflowState,
  startIntakeUpdate,
  startProtectionOrderUpdate,
  type StartProtectionOrderResult,
  type StartIntakeResult,
  startReferralUpdate,
  referralWithdrawnSignal,
  WithdrawCause,
  WorkflowType,
} from '@lib/contracts';
import { DomainError, DomainErrorCode } from '@lib/domain';
import { encryptedDataConverter, type TemporalConfig } from './temporal-config';

const DOMAIN_CODES = new Set<string>(Object.values(DomainErrorCode));

/**
 * Turns a failed/rejected update into the DomainError the API maps to GraphQL errors (INVALID_TRANSITION, FORBIDDEN,
 * CONSENT_REQUIRED, BAD_INPUT, ...). Anything else is rethrown unchanged (an infrastructure fault).
 */
export function toDomainError(error: unknown): unknown {
  if (error instanceof WorkflowUpdateFailedError) {
    let cause: unknown = error.cause;
    // Activity failures wrap the ApplicationFailure the activity threw.
    while (cause && !(cause instanceof ApplicationFailure) && (cause as { cause?: unknown }).cause) {
      cause = (cause as { cause?: unknown }).cause;
    }
    if (cause instanceof ApplicationFailure && cause.type && DOMAIN_CODES.has(cause.type)) {
      return new DomainError(cause.type as DomainErrorCode, cause.message);
    }
  }
  if (error instanceof WorkflowNotFoundError) return DomainError.notFound('Workflow');
  return error;
}

/**
 * Client-side deadline of one request-path call (an update waits for its activity's database write): past it the
 * caller gets an error and nothing was committed by the API; a retry with the same update id is applied once.
 */
export const UPDATE_DEADLINE_MS = 10_000;

async function retriedNotFound<T>(fn: () => Promise<T>): Promise<T> {
  // A workflow started a moment ago by another request may not exist yet: retry "not found" for up to ~2 s.
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError && attempt < 10) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      throw toDomainError(error);
    }
  }
}

export interface UpdateOptions {
  /** Idempotency key of the request (a retried request with the same id is applied once). */
  updateId?: string;
}

/**
 * Typed facade over the Temporal client for the API: ids in, ids/statuses out. The API calls it AFTER its own
 * authorization and database write (e.g. ReferralService created the referral row); reads never go through here.
 */
export class ReferralProcessClient {
  constructor(
    readonly client: Client,
    readonly taskQueue: string = NRM_TASK_QUEUE,
  ) {}

  static connect(config: TemporalConfig, dataConverter: DataConverter = encryptedDataConverter()): {
    facade: ReferralProcessClient;
    connection: Connection;
  } {
    // Lazy: nothing is awaited here, so the API starts (and serves reads) while Temporal is unreachable; each call
    // then carries its own deadline (WorkflowStartDispatcher, the resolvers' updates).
    const connection = Connection.lazy({ address: config.address, connectTimeout: '2s', ...(config.security ?? {}) });
    const client = new Client({ connection, namespace: config.namespace, dataConverter });
    return { facade: new ReferralProcessClient(client), connection };
  }

  /** `fn` (retried while its workflow is not found yet) under the request-path deadline, errors mapped. */
  private mapped<T>(fn: () => Promise<T>): Promise<T> {
    const connection = this.client.connection;
    // An enclosing, earlier deadline (WorkflowStartDispatcher's) stays in force.
    const outer = (connection as Partial<Pick<Connection, 'callContextStorage'>>).callContextStorage?.getStore()?.deadline;
    const own = Date.now() + UPDATE_DEADLINE_MS;
    const deadline = outer === undefined ? own : Math.min(own, new Date(outer).getTime());
    return connection.withDeadline(deadline, () => retriedNotFound(fn));
  }

  private caseHandle(caseId: string): WorkflowHandle {
    return this.client.workflow.getHandle(caseWorkflowId(caseId));
  }

  private referralHandle(referralId: string): WorkflowHandle {
    return this.client.workflow.getHandle(referralWorkflowId(referralId));
  }

  /** Starts the case workflow (idempotent: an already running one is fine). Returns its workflow id. */
  async startCaseWorkflow(caseId: string, options: { startIntake?: boolean; openedBy?: string } = {}): Promise<string> {
    const input: CaseWorkflowInput = { caseId, ...options };
    try {
      await this.client.workflow.start(WorkflowType.CASE, {
        taskQueue: this.taskQueue,
        workflowId: caseWorkflowId(caseId),
        args: [input],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return caseWorkflowId(caseId);
  }

  /**
   * A referral row was created (PENDING): its case workflow starts the referral workflow `referral-<id>` as a child.
   * Returns once that workflow is running, so the recipient can respond as soon as the API answers: the startReferral
   * update on the case workflow; if there is no case workflow yet, signal-with-start first, then the update (which
   * joins the start the signal began). Idempotent.
   */
  async startReferral(caseId: string, referralId: string): Promise<string> {
    // A fixed update id: a retried start (a timed-out request, the dispatcher) joins the first instead of queueing more.
    const update = () =>
      this.caseHandle(caseId).executeUpdate(startReferralUpdate, { args: [{ referralId }], updateId: `start-referral-${referralId}` });
    try {
      return (await update()).workflowId;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw toDomainError(error);
    }
    // No case workflow yet (or it has closed): signal-with-start creates it with the referral queued, then join.
    await this.client.workflow.signalWithStart(WorkflowType.CASE, {
      taskQueue: this.taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [{ caseId } satisfies CaseWorkflowInput],
      signal: referralCreatedSignal,
      signalArgs: [{ referralId }],
    });
    return (await retriedNotFound(update)).workflowId;
  }

  /**
   * Hands the referral's start to Temporal durably, without waiting for a worker: signal-with-start of its case
   * workflow, which starts the referral workflow as soon as a worker runs it (WorkflowStartDispatcher's retries).
   */
  async queueReferralStart(caseId: string, referralId: string): Promise<void> {
    await this.client.workflow.signalWithStart(WorkflowType.CASE, {
      taskQueue: this.taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [{ caseId } satisfies CaseWorkflowInput],
      signal: referralCreatedSignal,
      signalArgs: [{ referralId }],
    });
  }

  /** The consent row was marked withdrawn: withdraw the pending referrals that depended on it, at once. */
  async signalConsentWithdrawn(caseId: string, consentId: string, actorId: string): Promise<void> {
    await this.client.workflow.signalWithStart(WorkflowType.CASE, {
      taskQueue: this.taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [{ caseId } satisfies CaseWorkflowInput],
      signal: consentWithdrawnSignal,
      signalArgs: [{ consentId, actorId }],
    });
  }

  /**
   * A risk assessment changed the case's level (recorded by the API first): the case workflow re-plans follow-ups and,
   * on a rise to HIGH, opens the monitoring group's risk conference task. Ids only; a re-sent signal is ignored.
   */
  async signalRiskLevelChanged(caseId: string, assessmentId: string): Promise<void> {
    await this.mapped(() =>
      this.client.workflow.signalWithStart(WorkflowType.CASE, {
        taskQueue: this.taskQueue,
        workflowId: caseWorkflowId(caseId),
        args: [{ caseId } satisfies CaseWorkflowInput],
        signal: riskLevelChangedSignal,
        signalArgs: [{ assessmentId }],
      }),
    );
  }

  /**
   * Starts the protection order's workflow as a child of the case workflow, in one call (update-with-start, as
   * startDostIntake). Idempotent (a fixed update id; the case workflow joins a running child). The API recorded the
   * application first.
   */
  async startProtectionOrder(caseId: string, orderId: string): Promise<StartProtectionOrderResult> {
    const input: CaseWorkflowInput = { caseId };
    return this.mapped(() =>
      this.client.workflow.executeUpdateWithStart(startProtectionOrderUpdate, {
        args: [{ orderId }],
        updateId: `start-protection-order-${orderId}`,
        startWorkflowOperation: new WithStartWorkflowOperation(WorkflowType.CASE, {
          taskQueue: this.taskQueue,
          workflowId: caseWorkflowId(caseId),
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      }),
    );
  }

  /**
   * The API recorded the order's issuance or an extension: the workflow re-reads it and re-times its alerts. An order
   * whose workflow never started (Temporal was unreachable when it was applied for) has it started now: it reads the
   * order as it stands.
   */
  async protectionOrderChanged(caseId: string, orderId: string): Promise<void> {
    if (!(await this.signalOrder(orderId, (h) => h.signal(protectionOrderChangedSignal)))) await this.startProtectionOrder(caseId, orderId);
  }

  /** The API recorded a breach report: the order's workflow raises the four alerts at once (started first if missing). */
  async protectionOrderBreached(caseId: string, orderId: string, breachId: string): Promise<void> {
    const signal = (h: WorkflowHandle) => h.signal(protectionOrderBreachSignal, { breachId });
    if (await this.signalOrder(orderId, signal)) return;
    await this.startProtectionOrder(caseId, orderId);
    await this.mapped(() => signal(this.client.workflow.getHandle(protectionOrderWorkflowId(orderId))));
  }

  /** Signals the order's workflow under the request deadline; false when it does not exist (or has finished). */
  private async signalOrder(orderId: string, send: (h: WorkflowHandle) => Promise<void>): Promise<boolean> {
    try {
      await this.client.connection.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
        send(this.client.workflow.getHandle(protectionOrderWorkflowId(orderId))),
      );
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw toDomainError(error);
    }
  }

  /** Diagnostics and tests only. */
  /**
   * The API added or changed a safety plan item: its review reminder (a durable timer) re-reads it, started first when
   * it is not running. Ids only; idempotent (a re-sent signal re-reads the same row).
   */
  async safetyPlanItemChanged(itemId: string): Promise<void> {
    await this.mapped(() =>
      this.client.workflow.signalWithStart(WorkflowType.SAFETY_PLAN_REVIEW, {
        taskQueue: this.taskQueue,
        workflowId: safetyPlanReviewWorkflowId(itemId),
        args: [{ itemId } satisfies SafetyPlanReviewWorkflowInput],
        signal: safetyPlanItemChangedSignal,
      }),
    );
  }

  /** Diagnostics and tests only. */
  safetyPlanReviewState(itemId: string): Promise<SafetyPlanReviewWorkflowState> {
    return this.client.workflow.getHandle(safetyPlanReviewWorkflowId(itemId)).query(safetyPlanReviewStateQuery);
  }

  protectionOrderState(orderId: string): Promise<ProtectionOrderWorkflowState> {
    return this.client.workflow.getHandle(protectionOrderWorkflowId(orderId)).query(protectionOrderStateQuery);
  }

  /**
   * The API withdrew a referral in its own transaction (the sender's withdrawal): stop its workflow (timers,
   * reminders, escalation). Tolerates a workflow that already finished.
   */
  async referralWithdrawnByApi(referralId: string): Promise<void> {
    try {
      await this.referralHandle(referralId).signal(referralWithdrawnSignal, { cause: WithdrawCause.WITHDRAWN_BY_SENDER, applied: true });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }

  /** The API recorded the countersignature of a legal-override referral (LegalOverrideService.countersign). */
  async referralCountersigned(referralId: string): Promise<void> {
    try {
      await this.referralHandle(referralId).signal(referralCountersignedSignal);
    } catch (error) {
      // Not started yet (its start is still in the outbox): when it starts, its opening reads the countersignature
      // from the database.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }

  acceptReferral(referralId: string, actorId: string, options: UpdateOptions = {}): Promise<ReferralTransitionResult> {
    return this.mapped(() =>
      this.referralHandle(referralId).executeUpdate(acceptReferralUpdate, { args: [{ actorId }], ...options }),
    );
  }

  declineReferral(referralId: string, actorId: string, reason: string, options: UpdateOptions = {}): Promise<ReferralTransitionResult> {
    return this.mapped(() =>
      this.referralHandle(referralId).executeUpdate(declineReferralUpdate, { args: [{ actorId, reason }], ...options }),
    );
  }

  completeReferral(referralId: string, actorId: string, outcome: string, options: UpdateOptions = {}): Promise<ReferralTransitionResult> {
    return this.mapped(() =>
      this.referralHandle(referralId).executeUpdate(completeReferralUpdate, { args: [{ actorId, outcome }], ...options }),
    );
  }

  requestClosure(caseId: string, actorId: string, options: UpdateOptions = {}): Promise<ClosureResult> {
    return this.mapped(() => this.caseHandle(caseId).executeUpdate(requestClosureUpdate, { args: [{ actorId }], ...options }));
  }

  approveClosure(caseId: string, actorId: string, options: UpdateOptions = {}): Promise<ClosureResult> {
    return this.mapped(() => this.caseHandle(caseId).executeUpdate(approveClosureUpdate, { args: [{ actorId }], ...options }));
  }

  /**
   * Starts the DOST intake `dost-intake-<caseId>` as a child of the case workflow, once per case, in one call
   * (update-with-start): the case workflow is started if it is not running yet (as openCase does) and its startIntake
   * update starts the child and returns once it runs. Idempotent (a fixed update id, USE_EXISTING for a running case
   * workflow, and the workflow ignores a second start). The API authorized and recorded the start first.
   */
  async startDostIntake(caseId: string, actorId: string): Promise<StartIntakeResult> {
    const input: CaseWorkflowInput = { caseId };
    return this.mapped(() =>
      this.client.workflow.executeUpdateWithStart(startIntakeUpdate, {
        args: [{ actorId }],
        updateId: `start-intake-${caseId}`,
        startWorkflowOperation: new WithStartWorkflowOperation(WorkflowType.CASE, {
          taskQueue: this.taskQueue,
          workflowId: caseWorkflowId(caseId),
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      }),
    );
  }

  completeIntakeStep(caseId: string, args: CompleteIntakeStepArgs, options: UpdateOptions = {}): Promise<IntakeUpdateResult> {
    return this.mapped(() =>
      this.client.workflow.getHandle(intakeWorkflowId(caseId)).executeUpdate(completeIntakeStepUpdate, { args: [args], ...options }),
    );
  }

  notifyPolice(caseId: string, args: PoliceNotificationArgs, options: UpdateOptions = {}): Promise<IntakeUpdateResult> {
    return this.mapped(() =>
      this.client.workflow.getHandle(intakeWorkflowId(caseId)).executeUpdate(notifyPoliceUpdate, { args: [args], ...options }),
    );
  }

  countersignLegalOverride(caseId: string, actorId: string, options: UpdateOptions = {}): Promise<IntakeUpdateResult> {
    return this.mapped(() =>
      this.client.workflow
        .getHandle(intakeWorkflowId(caseId))
        .executeUpdate(countersignLegalOverrideUpdate, { args: [{ actorId }], ...options }),
    );
  }

  /** Diagnostics and tests only: the API reads state from PostgreSQL, never from Temporal. */
  referralState(referralId: string): Promise<ReferralWorkflowState> {
    return this.referralHandle(referralId).query(referralStateQuery);
  }
  caseState(caseId: string): Promise<CaseWorkflowState> {
    return this.caseHandle(caseId).query(caseStateQuery);
  }
  intakeState(caseId: string): Promise<IntakeWorkflowState> {
    return this.client.workflow.getHandle(intakeWorkflowId(caseId)).query(intakeStateQuery);
  }
}
