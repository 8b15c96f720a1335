import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { AuditWriter, SYSTEM_ACTOR_ID } from '@lib/audit';
import { type TimelineDetails, TimelineKind, TimelineWriter, recordCaseWorker } from '@lib/cases';
import {
  DomainError,
  type ReferralEvent,
  ReferralEventType,
  ReferralStatus,
  TaskStatus,
  TaskType,
  applyReferralEvent,
} from '@lib/domain';
import { updateVersioned } from '@lib/persistence';
import { recordReferralStatusNotification } from '@lib/notifications';
import { TaskWriter } from '@lib/tasks';
import { ReferralEntity } from './referral.entity';

/** The events a party to the referral applies: the recipient accepts, declines, completes; the sender withdraws. */
export type ReferralPartyEvent = Extract<
  ReferralEvent,
  {
    type:
      | ReferralEventType.ACCEPT
      | ReferralEventType.DECLINE
      | ReferralEventType.COMPLETE
      | ReferralEventType.WITHDRAW;
  }
>;

const KIND: Record<ReferralPartyEvent['type'], TimelineKind> = {
  [ReferralEventType.ACCEPT]: TimelineKind.REFERRAL_ACCEPTED,
  [ReferralEventType.DECLINE]: TimelineKind.REFERRAL_DECLINED,
  [ReferralEventType.COMPLETE]: TimelineKind.REFERRAL_COMPLETED,
  [ReferralEventType.WITHDRAW]: TimelineKind.REFERRAL_WITHDRAWN,
};

/** The referral fields whose change each event audits (names, never values). */
const AUDITED_FIELDS: Record<ReferralPartyEvent['type'], string[]> = {
  [ReferralEventType.ACCEPT]: ['status'],
  [ReferralEventType.DECLINE]: ['status', 'declineReason'],
  [ReferralEventType.COMPLETE]: ['status', 'outcomeNote'],
  [ReferralEventType.WITHDRAW]: ['status', 'withdrawReason'],
};

/** Who applies the transition: a staff member (or SYSTEM_ACTOR_ID for the worker) and the organisation it is recorded under. */
export interface TransitionBy {
  staffId: string;
  organisationId: string;
}

/** What the writer needs of a referral (a ReferralEntity is one; the worker maps its locked row). */
export type LifecycleReferral = Pick<
  ReferralEntity,
  | 'id'
  | 'caseId'
  | 'fromOrganisationId'
  | 'toOrganisationId'
  | 'status'
  | 'version'
  | 'purpose'
  | 'serviceDueAt'
  | 'createdBy'
>;

export interface TransitionOptions {
  /** Business time of the change (the request's time, or the workflow's time for activities). */
  at: Date;
  /** The version the caller read. Defaults to the referral's own (the caller holds the row lock). */
  expectedVersion?: number;
  requestId: string | null;
  /** Why a withdrawal happened, as a code (e.g. CONSENT_WITHDRAWN, CASE_CLOSED): timeline details, audit justification. */
  cause?: string;
  /** The consent whose withdrawal caused the change (timeline details). */
  consentId?: string;
}

export interface AppliedReferralTransition {
  referralId: string;
  from: ReferralStatus;
  to: ReferralStatus;
  version: number;
}

/**
 * THE writer of referral transitions, inside the caller's transaction. Used by the API's services (explicit
 * transitions, consent withdrawal, case closure) and by the referral-process activities, so both paths write the same
 * rows: optimistic version check, new status and text, task bookkeeping (response/service/re-route/escalation),
 * one timeline entry and one audit event. Authorization is the caller's.
 *
 * Writes are idempotent per (referral, status reached): a referral reaches each status at most once (the state
 * machine has no cycles), so the tasks and the timeline entry a transition creates carry keys derived from that.
 */
@Injectable()
export class ReferralLifecycleWriter {
  constructor(
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
    @Inject(TaskWriter) private readonly tasks: TaskWriter,
  ) {}

  /** Applies a party's event: the status change and everything that goes with it. */
  async apply(
    manager: EntityManager,
    referral: LifecycleReferral,
    event: ReferralPartyEvent,
    by: TransitionBy,
    opts: TransitionOptions,
  ): Promise<AppliedReferralTransition> {
    const applied = await this.changeStatus(manager, referral, event, opts);
    await this.bookTasks(manager, referral, applied.to, by, opts.at);
    if (applied.to === ReferralStatus.ACCEPTED && by.staffId !== SYSTEM_ACTOR_ID) {
      // The member who accepts becomes their organisation's worker on the case (same transaction as the accept).
      await recordCaseWorker(manager, { caseId: referral.caseId, organisationId: by.organisationId, staffId: by.staffId, assignedBy: by.staffId, at: opts.at });
    }
    await this.timeline.append(manager, {
      caseId: referral.caseId,
      organisationId: by.organisationId,
      actorId: by.staffId === SYSTEM_ACTOR_ID ? null : by.staffId,
      kind: KIND[event.type],
      referralId: referral.id,
      occurredAt: opts.at,
      details: this.details(referral, applied, opts),
      dedupeKey: `referral:${referral.id}:${applied.to}`,
    });
    await this.audit.record(manager, {
      actorId: by.staffId,
      organisationId: by.organisationId,
      action: `REFERRAL_${applied.to}`,
      subjectType: 'referral',
      subjectId: referral.id,
      caseId: referral.caseId,
      fields: AUDITED_FIELDS[event.type],
      purpose: referral.purpose,
      justification: opts.cause ?? null,
      requestId: opts.requestId,
      occurredAt: opts.at,
    });
    return applied;
  }

  /**
   * The status change alone (version checked and bumped, reason/outcome text, the response/completion/escalation
   * time). `apply` uses it; deadline escalation (EXPIRE, ESCALATE) uses it with its own tasks and timeline entry.
   */
  async changeStatus(
    manager: EntityManager,
    referral: LifecycleReferral,
    event: ReferralEvent,
    opts: Pick<TransitionOptions, 'at' | 'expectedVersion' | 'cause'>,
  ): Promise<AppliedReferralTransition> {
    const expectedVersion = opts.expectedVersion ?? referral.version;
    if (referral.version !== expectedVersion) {
      throw DomainError.conflict(
        `Referral ${referral.id} was changed by someone else (version ${referral.version}, expected ${expectedVersion})`,
      );
    }
    const t = applyReferralEvent(referral.status, event);
    const changes: Partial<ReferralEntity> = { status: t.to };
    switch (event.type) {
      case ReferralEventType.ACCEPT:
        changes.respondedAt = opts.at;
        break;
      case ReferralEventType.DECLINE:
        changes.respondedAt = opts.at;
        changes.declineReason = t.declineReason;
        break;
      case ReferralEventType.COMPLETE:
        changes.completedAt = opts.at;
        changes.outcomeNote = t.outcomeNote;
        break;
      case ReferralEventType.WITHDRAW:
        changes.withdrawReason = t.withdrawReason;
        break;
      case ReferralEventType.EXPIRE:
      case ReferralEventType.ESCALATE:
        changes.escalatedAt = opts.at;
        break;
    }
    const version = await updateVersioned(manager, ReferralEntity, referral.id, expectedVersion, changes);
    await recordReferralStatusNotification(manager, { ...referral, status: t.to, cause: opts.cause ?? null, at: opts.at }); // outbox
    return { referralId: referral.id, from: t.from, to: t.to, version };
  }

  /** Ids and enum values only: never the reason or outcome text. */
  private details(
    referral: LifecycleReferral,
    applied: AppliedReferralTransition,
    opts: TransitionOptions,
  ): TimelineDetails {
    return {
      from: applied.from,
      to: applied.to,
      recipientOrganisationId: referral.toOrganisationId,
      ...(opts.cause ? { cause: opts.cause } : {}),
      ...(opts.consentId ? { consentId: opts.consentId } : {}),
    };
  }

  private async bookTasks(
    manager: EntityManager,
    referral: LifecycleReferral,
    to: ReferralStatus,
    by: TransitionBy,
    at: Date,
  ): Promise<void> {
    const closedBy = by.staffId === SYSTEM_ACTOR_ID ? null : by.staffId;
    switch (to) {
      case ReferralStatus.ACCEPTED:
        await this.tasks.closeForReferral(manager, referral.id, [TaskType.REFERRAL_RESPONSE], closedBy, TaskStatus.DONE, at);
        // The service is now the accepting officer's to deliver (their supervisors see it too).
        await this.tasks.create(manager, {
          organisationId: referral.toOrganisationId,
          type: TaskType.REFERRAL_SERVICE,
          caseId: referral.caseId,
          referralId: referral.id,
          assigneeId: closedBy,
          dueAt: referral.serviceDueAt,
          dedupeKey: `referral:${referral.id}:service`,
        });
        break;
      case ReferralStatus.DECLINED:
        await this.tasks.closeForReferral(manager, referral.id, [TaskType.REFERRAL_RESPONSE], closedBy, TaskStatus.DONE, at);
        // Back to the sender with a suggestion to re-route.
        await this.tasks.create(manager, {
          organisationId: referral.fromOrganisationId,
          type: TaskType.REROUTE,
          caseId: referral.caseId,
          referralId: referral.id,
          assigneeId: referral.createdBy,
          dueAt: new Date(at.getTime() + 24 * 3600 * 1000),
          dedupeKey: `referral:${referral.id}:reroute`,
        });
        break;
      case ReferralStatus.COMPLETED:
        await this.tasks.closeForReferral(
          manager,
          referral.id,
          [TaskType.REFERRAL_SERVICE, TaskType.ESCALATION],
          closedBy,
          TaskStatus.DONE,
          at,
        );
        break;
      case ReferralStatus.WITHDRAWN:
        // Nothing is left to do about a withdrawn referral: the recipient loses its inbox item, and so does everyone else.
        await this.tasks.closeForReferral(
          manager,
          referral.id,
          Object.values(TaskType),
          closedBy,
          TaskStatus.CANCELLED,
          at,
        );
        break;
      case ReferralStatus.EXPIRED:
      case ReferralStatus.ESCALATED:
      case ReferralStatus.PENDING:
        break;
    }
  }
}
