import { Inject } from '@nestjs/common';
import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { ReferralEventType } from '@lib/domain';
import { ReferralProcessClient, WorkflowStartDispatcher } from '@lib/temporal';
import { LegalOverrideService, ReferralCreationService, ReferralQueryService, ReferralTransitionService } from '@lib/referrals';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, readEvent, selectedFields } from '../audit/read-audit';
import { CreateReferralInput } from './create-referral.input';
import { presentReferral } from './referral.presenter';
import { ReferralModel } from './referral.model';
import { AcceptReferralInput, CompleteReferralInput, DeclineReferralInput, WithdrawReferralInput } from './referral-transition.input';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@Resolver(() => ReferralModel)
export class ReferralResolver {
  constructor(
    @Inject(ReferralCreationService) private readonly creation: ReferralCreationService,
    @Inject(ReferralTransitionService) private readonly transitions: ReferralTransitionService,
    @Inject(LegalOverrideService) private readonly legalOverride: LegalOverrideService,
    @Inject(ReferralQueryService) private readonly query: ReferralQueryService,
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
    /** The referral workflows (deadlines, reminders, escalation): every recipient transition goes through them. */
    @Inject(ReferralProcessClient) private readonly process: ReferralProcessClient,
    @Inject(WorkflowStartDispatcher) private readonly starts: WorkflowStartDispatcher,
  ) {}

  @Query(() => ReferralModel, { description: 'A referral your organisation sent or received; NOT_FOUND otherwise.' })
  async referral(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('id', { type: () => GraphQLUUID }) id: string,
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
    @Args('caseId', { type: () => GraphQLUUID }) caseId: string,
  ): Promise<ReferralModel[]> {
    const views = await this.query.forCase(actor, caseId);
    await this.reads.record(
      readEvent(actor, meta, { action: ReadAction.CASE_REFERRALS, subjectType: 'case', subjectId: caseId, caseId, fields: selectedFields(info) }),
    );
    return views.map((v) => presentReferral(v, actor.organisationId));
  }

  @Mutation(() => ReferralModel, {
    description:
      "Refers a case to another organisation. Consent must cover recipient, categories and purpose (FORBIDDEN with extensions.missingCategories otherwise) unless a legal override is given, which then waits for a supervisor countersignature. Idempotent per idempotencyKey. Success means the referral is recorded and its workflow will run; the recipient's task appears once that workflow has re-checked consent (normally well under a second; if the workflow engine is unreachable, within seconds of it coming back).",
  })
  async createReferral(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: CreateReferralInput): Promise<ReferralModel> {
    const { referralId } = await this.creation.create(actor, input, meta);
    // The workflow start was recorded with the referral (outbox): start it now, under a short deadline. If Temporal
    // does not answer, the referral stays committed and the dispatcher starts it later; the answer is success either
    // way. Also on an idempotent replay (a no-op when it already runs).
    await this.starts.startNow({ kind: 'REFERRAL', subjectId: referralId, caseId: input.caseId.toLowerCase(), actorId: null });
    return presentReferral(await this.query.get(actor, referralId), actor.organisationId);
  }

  @Mutation(() => ReferralModel, { description: 'A supervisor of the sending organisation (not the requester) countersigns a legal override.' })
  async countersignLegalOverride(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('referralId', { type: () => GraphQLUUID }) referralId: string): Promise<ReferralModel> {
    await this.legalOverride.countersign(actor, referralId, meta);
    await this.starts.sendPending('REFERRAL_COUNTERSIGNED', referralId);
    return presentReferral(await this.query.get(actor, referralId), actor.organisationId);
  }

  @Mutation(() => ReferralModel)
  async acceptReferral(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: AcceptReferralInput): Promise<ReferralModel> {
    const request = { ...input, requestId: meta.requestId };
    await this.transitions.checkRecipientTransition(actor, request, { type: ReferralEventType.ACCEPT });
    await this.process.acceptReferral(input.referralId, actor.staffId, this.updateOptions(meta));
    return presentReferral(await this.query.get(actor, input.referralId), actor.organisationId);
  }

  @Mutation(() => ReferralModel, { description: 'Declines (reason required); the sender gets a REROUTE task.' })
  async declineReferral(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: DeclineReferralInput): Promise<ReferralModel> {
    const request = { ...input, requestId: meta.requestId };
    await this.transitions.checkRecipientTransition(actor, request, { type: ReferralEventType.DECLINE, reason: input.reason });
    await this.process.declineReferral(input.referralId, actor.staffId, input.reason, this.updateOptions(meta));
    return presentReferral(await this.query.get(actor, input.referralId), actor.organisationId);
  }

  @Mutation(() => ReferralModel, { description: 'Completes an accepted referral (outcome required).' })
  async completeReferral(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: CompleteReferralInput): Promise<ReferralModel> {
    const request = { ...input, requestId: meta.requestId };
    await this.transitions.checkRecipientTransition(actor, request, { type: ReferralEventType.COMPLETE, outcome: input.outcome });
    await this.process.completeReferral(input.referralId, actor.staffId, input.outcome, this.updateOptions(meta));
    return presentReferral(await this.query.get(actor, input.referralId), actor.organisationId);
  }

  @Mutation(() => ReferralModel, { description: 'The sender withdraws a pending or accepted referral (reason required).' })
  async withdrawReferral(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: WithdrawReferralInput): Promise<ReferralModel> {
    await this.transitions.withdraw(actor, { ...input, requestId: meta.requestId });
    await this.starts.sendPending('REFERRAL_WITHDRAWN', input.referralId);
    return presentReferral(await this.query.get(actor, input.referralId), actor.organisationId);
  }

  /** The request id doubles as the update id, so a retried HTTP request is applied once by the workflow. */
  private updateOptions(meta: RequestMeta): { updateId?: string } {
    return meta.requestId ? { updateId: meta.requestId } : {};
  }
}
