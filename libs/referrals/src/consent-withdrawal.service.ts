import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { Action } from '@lib/authz';
import { type CaseActor, CaseAccessService, TimelineKind, TimelineWriter } from '@lib/cases';
import { ConsentEntity, loadConsentRecords } from '@lib/consents';
import { ACTIVE_REFERRAL_STATUSES, DomainError, DomainErrorCode, ReferralEventType, checkConsentCoverage, isUuid, requireText } from '@lib/domain';
import { OrganisationEntity } from '@lib/organisations';
import { enqueueWorkflowStart, inTransaction } from '@lib/persistence';
import { In, IsNull } from 'typeorm';
import { cancelUncoveredSafetyPlanItems } from './consent-withdrawal-safety-plan';
import { ReferralLifecycleWriter } from './referral-lifecycle.writer';
import { ReferralEntity } from './referral.entity';

export const CONSENT_WITHDRAWN_CAUSE = 'CONSENT_WITHDRAWN';

/**
 * Withdrawal takes effect at once, in ONE transaction: the consent is marked withdrawn, and every active referral of
 * the case that relied on consent and is no longer covered by the remaining in-force consents is WITHDRAWN (status,
 * tasks cancelled, timeline, audit). Recipients lose access immediately because access is computed from consents at
 * request time. Safety plan items carried by an organisation the remaining consents no longer cover are cancelled with
 * their tasks in the same transaction.
 */
@Injectable()
export class ConsentWithdrawalService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
    @Inject(ReferralLifecycleWriter) private readonly lifecycle: ReferralLifecycleWriter,
  ) {}

  async withdraw(
    actor: CaseActor,
    consentId: string,
    reason: unknown,
    meta: { requestId: string | null },
    now = new Date(),
  ): Promise<{ consent: ConsentEntity; withdrawnReferralIds: string[]; cancelledSafetyPlanItemIds: string[] }> {
    const text = requireText(reason, ['reason'], { maxLength: 500 });
    if (!isUuid(consentId)) throw DomainError.notFound('Consent');
    return inTransaction(this.dataSource, async (manager) => {
      const consent = await manager.findOne(ConsentEntity, { where: { id: consentId }, lock: { mode: 'pessimistic_write' } });
      if (!consent) throw DomainError.notFound('Consent');
      // Withdrawal stays possible on a closed case (the survivor's wish is recorded whatever the case state).
      await this.access.requireOwnerAction(actor, consent.caseId, Action.WithdrawConsent, manager, () => undefined).catch((e: unknown) => {
        throw e instanceof DomainError && e.code === DomainErrorCode.NOT_FOUND ? DomainError.notFound('Consent') : e;
      });
      if (consent.withdrawnAt !== null) throw DomainError.conflict('Consent already withdrawn');
      await manager.update(ConsentEntity, { id: consent.id }, { withdrawnAt: now, withdrawalReason: text });
      await this.timeline.append(manager, {
        caseId: consent.caseId,
        organisationId: actor.organisationId,
        actorId: actor.staffId,
        kind: TimelineKind.CONSENT_WITHDRAWN,
        occurredAt: now,
        details: { consentId: consent.id },
      });
      await this.audit.record(manager, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'CONSENT_WITHDRAWN',
        subjectType: 'consent',
        subjectId: consent.id,
        caseId: consent.caseId,
        fields: consent.dataCategories,
        requestId: meta.requestId,
      });

      // Re-check every active consent-based referral of the case against what remains in force.
      const remaining = await loadConsentRecords(manager, consent.caseId);
      const referrals = await manager.find(ReferralEntity, {
        where: { caseId: consent.caseId, status: In([...ACTIVE_REFERRAL_STATUSES]), legalBasis: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      const withdrawn: string[] = [];
      for (const referral of referrals) {
        if (referral.dataCategories.length === 0) continue; // identity-free notice: never relied on consent
        const recipient = await manager.findOneByOrFail(OrganisationEntity, { id: referral.toOrganisationId });
        const coverage = checkConsentCoverage(
          remaining,
          { recipient: { organisationId: recipient.id, organisationType: recipient.type }, categories: referral.dataCategories, purpose: referral.purpose },
          now,
        );
        if (coverage.covered) continue;
        await this.lifecycle.apply(
          manager,
          referral,
          { type: ReferralEventType.WITHDRAW, reason: 'Consent withdrawn' },
          actor,
          { at: now, expectedVersion: referral.version, requestId: meta.requestId, cause: CONSENT_WITHDRAWN_CAUSE, consentId: consent.id },
        );
        withdrawn.push(referral.id);
      }
      const cancelledSafetyPlanItemIds = await cancelUncoveredSafetyPlanItems(
        manager,
        this.audit,
        actor,
        consent.caseId,
        remaining,
        now,
        meta.requestId,
      );
      // The case workflow hears of it (it stops the referral workflows it withdrew), and each cancelled item's review
      // reminder re-reads its item: outbox rows, sent by the API after the commit (by the dispatcher if that fails).
      await enqueueWorkflowStart(manager, { kind: 'CONSENT_WITHDRAWN', subjectId: consent.id, caseId: consent.caseId, actorId: actor.staffId });
      for (const itemId of cancelledSafetyPlanItemIds) {
        await enqueueWorkflowStart(manager, { kind: 'SAFETY_PLAN_ITEM_CHANGED', subjectId: itemId, caseId: consent.caseId, actorId: null });
      }
      const updated = await manager.findOneByOrFail(ConsentEntity, { id: consent.id });
      return { consent: updated, withdrawnReferralIds: withdrawn, cancelledSafetyPlanItemIds };
    });
  }
}
