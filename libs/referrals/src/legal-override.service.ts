import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { Action, defineAbilityFor } from '@lib/authz';
import { type CaseActor, CaseEntity, TimelineKind, TimelineWriter } from '@lib/cases';
import {
  CaseStatus,
  DomainError,
  ReferralStatus,
  StaffRole,
  TaskType,
  assertCanCountersign,
  computeReferralDeadlines,
  fieldsForCategories,
  isUuid,
} from '@lib/domain';
import { enqueueWorkflowStart, inTransaction } from '@lib/persistence';
import { TaskWriter } from '@lib/tasks';
import { DEADLINE_POLICY_SOURCE, type DeadlinePolicySource } from './deadline-policy-source';
import { ReferralEntity } from './referral.entity';

/**
 * Countersignature of a legal-basis referral by a supervisor of the sending organisation who is not the requester.
 * Only then does the referral reach the recipient (response task), with deadlines counted from the countersignature.
 */
@Injectable()
export class LegalOverrideService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
    @Inject(TaskWriter) private readonly tasks: TaskWriter,
    /** The loaded, versioned deadline policy in force now. */
    @Inject(DEADLINE_POLICY_SOURCE) private readonly policy: DeadlinePolicySource,
  ) {}

  countersign(actor: CaseActor, referralId: string, meta: { requestId: string | null }, now = new Date()): Promise<ReferralEntity> {
    if (!isUuid(referralId)) throw DomainError.notFound('Referral');
    return inTransaction(this.dataSource, async (manager) => {
      const referral = await manager.findOne(ReferralEntity, { where: { id: referralId }, lock: { mode: 'pessimistic_write' } });
      // Only the sending organisation knows this referral exists before countersignature.
      if (!referral || referral.fromOrganisationId !== actor.organisationId || referral.legalBasis === null) {
        throw DomainError.notFound('Referral');
      }
      const override = { kind: 'LegalOverride' as const, id: referral.id, organisationId: referral.fromOrganisationId, requestedBy: referral.createdBy };
      const allowedByRules = defineAbilityFor(actor).can(Action.Countersign, override);
      assertCanCountersign(
        { staffId: referral.createdBy, organisationId: referral.fromOrganisationId },
        { staffId: actor.staffId, organisationId: actor.organisationId, isSupervisor: actor.roles.includes(StaffRole.SUPERVISOR) },
      );
      if (!allowedByRules) throw DomainError.forbidden('You cannot countersign this legal override');
      if (referral.countersignedAt !== null) throw DomainError.conflict('Already countersigned');
      if (referral.status !== ReferralStatus.PENDING) throw DomainError.conflict(`Referral is ${referral.status}`);
      const owned = await manager.findOneByOrFail(CaseEntity, { id: referral.caseId });
      if (owned.status !== CaseStatus.OPEN) throw DomainError.conflict(`Case is ${owned.status}`);
      const deadlines = computeReferralDeadlines(this.policy(), referral.serviceType, owned.riskLevel, now);
      await manager.update(
        ReferralEntity,
        { id: referral.id },
        { countersignedBy: actor.staffId, countersignedAt: now, responseDueAt: deadlines.responseDueAt, serviceDueAt: deadlines.serviceDueAt, version: () => 'version + 1' },
      );
      await this.tasks.closeForReferral(manager, referral.id, [TaskType.LEGAL_OVERRIDE_COUNTERSIGN], actor.staffId);
      await this.tasks.create(manager, {
        organisationId: referral.toOrganisationId,
        type: TaskType.REFERRAL_RESPONSE,
        caseId: referral.caseId,
        referralId: referral.id,
        dueAt: deadlines.responseDueAt,
        dedupeKey: `referral:${referral.id}:response`,
      });
      await this.timeline.append(manager, {
        caseId: referral.caseId,
        organisationId: actor.organisationId,
        actorId: actor.staffId,
        kind: TimelineKind.REFERRAL_COUNTERSIGNED,
        referralId: referral.id,
        occurredAt: now,
        // The version of the policy the deadlines were counted with (the referral has no column for it).
        details: { legalBasis: referral.legalBasis, policyVersion: deadlines.policyVersion },
      });
      await this.audit.record(manager, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'LEGAL_OVERRIDE_COUNTERSIGNED',
        subjectType: 'referral',
        subjectId: referral.id,
        caseId: referral.caseId,
        fields: fieldsForCategories(referral.dataCategories),
        purpose: referral.purpose,
        justification: referral.legalJustification,
        requestId: meta.requestId,
      });
      // The referral's workflow re-times its deadlines from the countersignature (outbox: sent after the commit; a
      // workflow not started yet reads the countersignature when it opens).
      await enqueueWorkflowStart(manager, { kind: 'REFERRAL_COUNTERSIGNED', subjectId: referral.id, caseId: referral.caseId, actorId: null });
      return manager.findOneByOrFail(ReferralEntity, { id: referral.id });
    });
  }
}
