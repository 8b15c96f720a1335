import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { TimelineKind, TimelineWriter } from '@lib/cases';
import { DomainError, ReferralEventType, ReferralStatus, TaskStatus, TaskType, applyReferralEvent, type ReferralEvent } from '@lib/domain';
import { updateVersioned } from '@lib/persistence';
import { TaskWriter } from '@lib/tasks';
import { ReferralEntity } from './referral.entity';

const KIND: Record<ReferralEventType, TimelineKind | null> = {
  [ReferralEventType.ACCEPT]: TimelineKind.REFERRAL_ACCEPTED,
  [ReferralEventType.DECLINE]: TimelineKind.REFERRAL_DECLINED,
  [ReferralEventType.COMPLETE]: TimelineKind.REFERRAL_COMPLETED,
  [ReferralEventType.WITHDRAW]: TimelineKind.REFERRAL_WITHDRAWN,
  [ReferralEventType.EXPIRE]: null,
  [ReferralEventType.ESCALATE]: null,
};

export interface TransitionBy {
  staffId: string;
  organisationId: string;
}

/**
 * Applies one state-machine event to a referral inside the caller's transaction: optimistic version check, new status
 * and text, task bookkeeping (response/service/re-route), timeline entry and audit event. Shared by the explicit
 * transitions, consent withdrawal and case closure (and, later, Temporal activities).
 */
@Injectable()
export class ReferralLifecycleWriter {
  constructor(
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
    @Inject(TaskWriter) private readonly tasks: TaskWriter,
  ) {}

  async apply(
    manager: EntityManager,
    referral: ReferralEntity,
    event: ReferralEvent,
    by: TransitionBy,
    opts: { expectedVersion: number; requestId: string | null; cause?: string; now?: Date },
  ): Promise<ReferralEntity> {
    const now = opts.now ?? new Date();
    if (referral.version !== opts.expectedVersion) {
      throw DomainError.conflict(`Referral ${referral.id} was changed by someone else (version ${referral.version}, expected ${opts.expectedVersion})`);
    }
    const t = applyReferralEvent(referral.status, event);
    const changes: Partial<ReferralEntity> = { status: t.to };
    switch (event.type) {
      case ReferralEventType.ACCEPT:
        changes.respondedAt = now;
        break;
      case ReferralEventType.DECLINE:
        changes.respondedAt = now;
        changes.declineReason = t.declineReason;
        break;
      case ReferralEventType.COMPLETE:
        changes.completedAt = now;
        changes.outcomeNote = t.outcomeNote;
        break;
      case ReferralEventType.WITHDRAW:
        changes.withdrawReason = t.withdrawReason;
        break;
      case ReferralEventType.ESCALATE:
        changes.escalatedAt = now;
        break;
      case ReferralEventType.EXPIRE:
        break;
    }
    await updateVersioned(manager, ReferralEntity, referral.id, opts.expectedVersion, changes);
    await this.bookTasks(manager, referral, t.to, by, now);
    const kind = KIND[event.type];
    if (kind !== null) {
      await this.timeline.append(manager, {
        caseId: referral.caseId,
        organisationId: by.organisationId,
        actorId: by.staffId,
        kind,
        referralId: referral.id,
        occurredAt: now,
        details: { from: t.from, to: t.to, ...(opts.cause ? { cause: opts.cause } : {}) },
      });
    }
    await this.audit.record(manager, {
      actorId: by.staffId,
      organisationId: by.organisationId,
      action: `REFERRAL_${t.to}`,
      subjectType: 'referral',
      subjectId: referral.id,
      caseId: referral.caseId,
      fields: ['status'],
      purpose: opts.cause ?? null,
      requestId: opts.requestId,
    });
    return manager.findOneByOrFail(ReferralEntity, { id: referral.id });
  }

  private async bookTasks(manager: EntityManager, referral: ReferralEntity, to: ReferralStatus, by: TransitionBy, now: Date): Promise<void> {
    switch (to) {
      case ReferralStatus.ACCEPTED:
        await this.tasks.closeForReferral(manager, referral.id, [TaskType.REFERRAL_RESPONSE], by.staffId);
        await this.tasks.create(manager, {
          organisationId: referral.toOrganisationId,
          type: TaskType.REFERRAL_SERVICE,
          caseId: referral.caseId,
          referralId: referral.id,
          dueAt: referral.serviceDueAt,
          dedupeKey: `referral:${referral.id}:service`,
        });
        break;
      case ReferralStatus.DECLINED:
      case ReferralStatus.EXPIRED:
        await this.tasks.closeForReferral(manager, referral.id, [TaskType.REFERRAL_RESPONSE], by.staffId);
        // Back to the sender with a suggestion to re-route.
        await this.tasks.create(manager, {
          organisationId: referral.fromOrganisationId,
          type: TaskType.REROUTE,
          caseId: referral.caseId,
          referralId: referral.id,
          assigneeId: referral.createdBy,
          dueAt: new Date(now.getTime() + 24 * 3600 * 1000),
          dedupeKey: `referral:${referral.id}:reroute`,
        });
        break;
      case ReferralStatus.COMPLETED:
        await this.tasks.closeForReferral(manager, referral.id, [TaskType.REFERRAL_SERVICE, TaskType.ESCALATION], by.staffId);
        break;
      case ReferralStatus.WITHDRAWN:
        await this.tasks.closeForReferral(
          manager,
          referral.id,
          [TaskType.REFERRAL_RESPONSE, TaskType.REFERRAL_SERVICE, TaskType.LEGAL_OVERRIDE_COUNTERSIGN, TaskType.ESCALATION],
          by.staffId,
          TaskStatus.CANCELLED,
        );
        break;
      case ReferralStatus.ESCALATED:
      case ReferralStatus.PENDING:
        break;
    }
  }
}
