import { Inject, Optional } from '@nestjs/common';
import { Args, ID, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { ReferralEventType } from '@lib/domain';
import { ReferralProcessClient } from '@lib/temporal';
import { LegalOverrideService, ReferralCreationService, ReferralQueryService, ReferralTransitionService } from '@lib/referrals';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, readEvent, selectedFields } from '../audit/read-audit';
import { CreateReferralInput } from './create-referral.input';
import { presentReferral } from './referral.presenter';
import { ReferralModel } from './referral.model';
import { AcceptReferralInput, CompleteReferralInput, DeclineReferralInput, WithdrawReferralInput } from './referral-transition.input';

@Resolver(() => ReferralModel)
export class ReferralResolver {
  constructor(
    @Inject(ReferralCreationService) private readonly creation: ReferralCreationService,
    @Inject(ReferralTransitionService) private readonly transitions: ReferralTransitionService,
    @Inject(LegalOverrideService) private readonly legalOverride: LegalOverrideService,
    @Inject(ReferralQueryService) private readonly query: ReferralQueryService,
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
    /**
     * The referral workflows (deadlines, reminders, escalation). Always present when the process runs (api main and
     * npm start require Temporal); absent only when a test builds the app without Temporal, where transitions are
     * applied directly by the same services the workflow activities mirror.
     */
    @Optional() @Inject(ReferralProcessClient) private readonly process?: ReferralProcessClient,
  ) {}

  @Query(() => ReferralModel, { description: 'A referral your organisation sent or received; NOT_FOUND otherwise.' })
  async referral(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<ReferralModel> {
    const view = await this.query.get(actor, id);
    const { referral } = view;
    await this.reads.record(
      readEvent(actor, meta, {
        action: ReadAction.REFERRAL,
        subjectType: 'referral',
        subjectId: referral.id,
        caseId: referral.caseId,
        fields: selectedFields(info),
        purpose: referral.purpose,
      }),
    );
    return presentReferral(view, actor.organisationId);
  }

  @Query(() => [ReferralModel], { description: "A case's referrals you may see (recipients: only their own)." })
  async caseReferrals(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('caseId', { type: () => ID }) caseId: string,
  ): Promise<ReferralModel[]> {
    const views = await this.query.forCase(actor, caseId);
    const id = caseId.toLowerCase();
    await this.reads.record(
      readEvent(actor, meta, { action: ReadAction.CASE_REFERRALS, subjectType: 'case', subjectId: id, caseId: id, fields: selectedFields(info) }),
    );
    return views.map((v) => presentReferral(v, actor.organisationId));
  }

  @Mutation(() => ReferralModel, {
    description:
      'Refers a case to another organisation. Consent must cover recipient, categories and purpose (FORBIDDEN with extensions.missingCategories otherwise) unless a legal override is given, which then waits for a supervisor countersignature. Idempotent per idempotencyKey.',
  })
  async createReferral(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: CreateReferralInput): Promise<ReferralModel> {
    const { referralId } = await this.creation.create(actor, input, meta);
    // Also on an idempotent replay: a first attempt that committed but failed to reach Temporal is completed here.
    await this.process?.startReferral(input.caseId, referralId);
    return presentReferral(await this.query.get(actor, referralId), actor.organisationId);
  }

  @Mutation(() => ReferralModel, { description: 'A supervisor of the sending organisation (not the requester) countersigns a legal override.' })
  async countersignLegalOverride(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('referralId', { type: () => ID }) referralId: string): Promise<ReferralModel> {
    await this.legalOverride.countersign(actor, referralId, meta);
    await this.process?.referralCountersigned(referralId);
    return presentReferral(await this.query.get(actor, referralId), actor.organisationId);
  }

  @Mutation(() => ReferralModel)
  async acceptReferral(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: AcceptReferralInput): Promise<ReferralModel> {
    const request = { ...input, requestId: meta.requestId };
    if (this.process) {
      await this.transitions.checkRecipientTransition(actor, request, { type: ReferralEventType.ACCEPT });
      await this.process.acceptReferral(input.referralId, actor.staffId, this.updateOptions(meta));
    } else {
      await this.transitions.accept(actor, request);
    }
    return presentReferral(await this.query.get(actor, input.referralId), actor.organisationId);
  }

  @Mutation(() => ReferralModel, { description: 'Declines (reason required); the sender gets a REROUTE task.' })
  async declineReferral(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: DeclineReferralInput): Promise<ReferralModel> {
    const request = { ...input, requestId: meta.requestId };
    if (this.process) {
      await this.transitions.checkRecipientTransition(actor, request, { type: ReferralEventType.DECLINE, reason: input.reason });
      await this.process.declineReferral(input.referralId, actor.staffId, input.reason, this.updateOptions(meta));
    } else {
      await this.transitions.decline(actor, request);
    }
    return presentReferral(await this.query.get(actor, input.referralId), actor.organisationId);
  }

  @Mutation(() => ReferralModel, { description: 'Completes an accepted referral (outcome required).' })
  async completeReferral(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: CompleteReferralInput): Promise<ReferralModel> {
    const request = { ...input, requestId: meta.requestId };
    if (this.process) {
      await this.transitions.checkRecipientTransition(actor, request, { type: ReferralEventType.COMPLETE, outcome: input.outcome });
      await this.process.completeReferral(input.referralId, actor.staffId, input.outcome, this.updateOptions(meta));
    } else {
      await this.transitions.complete(actor, request);
    }
    return presentReferral(await this.query.get(actor, input.referralId), actor.organisationId);
  }

  @Mutation(() => ReferralModel, { description: 'The sender withdraws a pending or accepted referral (reason required).' })
  async withdrawReferral(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: WithdrawReferralInput): Promise<ReferralModel> {
    await this.transitions.withdraw(actor, { ...input, requestId: meta.requestId });
    await this.process?.referralWithdrawnByApi(input.referralId);
    return presentReferral(await this.query.get(actor, input.referralId), actor.organisationId);
  }

  /** The request id doubles as the update id, so a retried HTTP request is applied once by the workflow. */
  private updateOptions(meta: RequestMeta): { updateId?: string } {
    return meta.requestId ? { updateId: meta.requestId } : {};
  }
}
