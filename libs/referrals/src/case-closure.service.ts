import { recordClosureApprovedNotification } from '@lib/notifications';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { Action } from '@lib/authz';
import { type CaseActor, CaseAccessService, CaseEntity, TimelineKind, TimelineWriter } from '@lib/cases';
import { ACTIVE_REFERRAL_STATUSES, CaseStatus, DomainError, ReferralEventType, TaskType } from '@lib/domain';
import { inTransaction, updateVersioned } from '@lib/persistence';
import { TaskWriter } from '@lib/tasks';
import { ReferralLifecycleWriter } from './referral-lifecycle.writer';
import { ReferralEntity } from './referral.entity';

export const CASE_CLOSED_CAUSE = 'CASE_CLOSED';

/**
 * Case closure needs a supervisor's approval: a case worker of the owning organisation requests it (a
 * CLOSURE_APPROVAL task for their supervisor); a supervisor of that organisation, not the requester, approves: the case
 * closes and its open referrals are withdrawn, in one transaction.
 */
@Injectable()
export class CaseClosureService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
    @Inject(TaskWriter) private readonly tasks: TaskWriter,
    @Inject(ReferralLifecycleWriter) private readonly lifecycle: ReferralLifecycleWriter,
  ) {}

  request(actor: CaseActor & { supervisorId?: string | null }, caseId: string, expectedVersion: number, meta: { requestId: string | null }, now = new Date()): Promise<CaseEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const { case: owned } = await this.access.requireOwnerAction(actor, caseId, Action.RequestClosure, manager, (c) => {
        if (c.status !== CaseStatus.OPEN) throw DomainError.conflict(`Case is ${c.status}`);
      });
      await updateVersioned(manager, CaseEntity, owned.id, expectedVersion, {
        status: CaseStatus.CLOSURE_REQUESTED,
        closureRequestedBy: actor.staffId,
        closureRequestedAt: now,
      });
      await this.tasks.create(manager, {
        organisationId: owned.owningOrganisationId,
        type: TaskType.CLOSURE_APPROVAL,
        caseId: owned.id,
        assigneeId: actor.supervisorId ?? null,
        dueAt: new Date(now.getTime() + 3 * 24 * 3600 * 1000),
        dedupeKey: `case:${owned.id}:closure:${expectedVersion}`,
      });
      await this.timeline.append(manager, { caseId: owned.id, organisationId: actor.organisationId, actorId: actor.staffId, kind: TimelineKind.CLOSURE_REQUESTED, occurredAt: now });
      await this.audit.record(manager, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'CASE_CLOSURE_REQUESTED',
        subjectType: 'case',
        subjectId: owned.id,
        caseId: owned.id,
        fields: ['status'],
        requestId: meta.requestId,
      });
      return manager.findOneByOrFail(CaseEntity, { id: owned.id });
    });
  }

  approve(actor: CaseActor, caseId: string, meta: { requestId: string | null }, now = new Date()): Promise<CaseEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const { case: owned } = await this.access.requireOwnerAction(actor, caseId, Action.ApproveClosure, manager, (c) => {
        if (c.status !== CaseStatus.CLOSURE_REQUESTED) throw DomainError.conflict(`Case is ${c.status}: no closure requested`);
      });
      // (The CASL rule already refuses the requester; say why.)
      if (owned.closureRequestedBy === actor.staffId) throw DomainError.forbidden('The requester cannot approve their own closure request');
      await updateVersioned(manager, CaseEntity, owned.id, owned.version, {
        status: CaseStatus.CLOSED,
        closureApprovedBy: actor.staffId,
        closedAt: now,
      });
      const open = await manager.find(ReferralEntity, {
        where: { caseId: owned.id, status: In([...ACTIVE_REFERRAL_STATUSES]) },
        lock: { mode: 'pessimistic_write' },
      });
      for (const referral of open) {
        await this.lifecycle.apply(manager, referral, { type: ReferralEventType.WITHDRAW, reason: 'Case closed' }, actor, {
          at: now,
          expectedVersion: referral.version,
          requestId: meta.requestId,
          cause: CASE_CLOSED_CAUSE,
        });
      }
      await this.tasks.closeForCase(manager, owned.id, [TaskType.CLOSURE_APPROVAL], actor.staffId);
      await recordClosureApprovedNotification(manager, { caseId: owned.id, organisationId: owned.owningOrganisationId, requestedBy: owned.closureRequestedBy });
      await this.timeline.append(manager, {
        caseId: owned.id,
        organisationId: actor.organisationId,
        actorId: actor.staffId,
        kind: TimelineKind.CASE_CLOSED,
        occurredAt: now,
        details: { withdrawnReferrals: open.map((r) => r.id) },
      });
      await this.audit.record(manager, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'CASE_CLOSED',
        subjectType: 'case',
        subjectId: owned.id,
        caseId: owned.id,
        fields: ['status'],
        requestId: meta.requestId,
      });
      return manager.findOneByOrFail(CaseEntity, { id: owned.id });
    });
  }
}
