import { Inject } from '@nestjs/common';
import { WorkflowStartDispatcher } from '@lib/temporal';
import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { DataSource } from 'typeorm';
import { ConsentEntity, ConsentQueryService, ConsentRecordingService } from '@lib/consents';
import { ConsentWithdrawalService } from '@lib/referrals';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, readEvent, selectedFields } from '../audit/read-audit';
import { presentConsent } from './consent.presenter';
import { ConsentModel } from './consent.model';
import { RecordConsentInput } from './record-consent.input';
import { ConsentWithdrawalModel } from './withdraw-consent.result';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@Resolver(() => ConsentModel)
export class ConsentResolver {
  constructor(
    @Inject(ConsentRecordingService) private readonly recording: ConsentRecordingService,
    @Inject(ConsentWithdrawalService) private readonly withdrawal: ConsentWithdrawalService,
    @Inject(ConsentQueryService) private readonly consents: ConsentQueryService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
    /** The case workflow stops the referral workflows that relied on the consent. */
    /** Sends what each change recorded for its workflow (outbox rows, see WorkflowStartDispatcher). */
    @Inject(WorkflowStartDispatcher) private readonly starts: WorkflowStartDispatcher,
  ) {}

  @Query(() => [ConsentModel], { description: 'The consents of a case your organisation owns (with their ids, to withdraw one).' })
  async caseConsents(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('caseId', { type: () => GraphQLUUID }) caseId: string,
  ): Promise<ConsentModel[]> {
    const now = new Date();
    const consents = await this.consents.forCase(actor, caseId);
    const id = caseId.toLowerCase();
    await this.reads.record(
      readEvent(actor, meta, { action: ReadAction.CASE_CONSENTS, subjectType: 'case', subjectId: id, caseId: id, fields: selectedFields(info) }),
    );
    return consents.map((c) => presentConsent(c, now));
  }

  @Mutation(() => ConsentModel, { description: 'Records a consent on a case your organisation owns. Idempotent per idempotencyKey.' })
  async recordConsent(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: RecordConsentInput): Promise<ConsentModel> {
    const { consentId } = await this.recording.record(actor, input, meta);
    return presentConsent(await this.dataSource.getRepository(ConsentEntity).findOneByOrFail({ id: consentId }));
  }

  @Mutation(() => ConsentWithdrawalModel, {
    description: 'Withdraws a consent at once: recipients lose access now; referrals that relied on it are WITHDRAWN.',
  })
  async withdrawConsent(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('consentId', { type: () => GraphQLUUID }) consentId: string,
    @Args('reason', { description: 'Must not contain personal data.' }) reason: string,
  ): Promise<ConsentWithdrawalModel> {
    const result = await this.withdrawal.withdraw(actor, consentId, reason, meta);
    // Committed with the withdrawal (outbox): the case workflow hears of it, and each cancelled item's review reminder
    // re-reads its item and stops. Sent now, or by the dispatcher once Temporal answers: the withdrawal stands either way.
    // Once Temporal has not answered, the rest is left to the dispatcher too: one client deadline, not one per item.
    let reachable = await this.starts.sendPending('CONSENT_WITHDRAWN', result.consent.id);
    for (const itemId of result.cancelledSafetyPlanItemIds) {
      if (reachable) reachable = await this.starts.sendPending('SAFETY_PLAN_ITEM_CHANGED', itemId);
    }
    return Object.assign(new ConsentWithdrawalModel(), {
      consent: presentConsent(result.consent),
      withdrawnReferralIds: result.withdrawnReferralIds,
      cancelledSafetyPlanItemIds: result.cancelledSafetyPlanItemIds,
    });
  }
}
