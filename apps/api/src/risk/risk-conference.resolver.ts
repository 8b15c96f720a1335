import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { RiskAssessmentService, RiskConferenceService } from '@lib/risk';
import { DomainError } from '@lib/domain';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { RiskConferenceModel } from './risk-assessment.model';
import { RecordRiskConferenceOutcomeInput } from './risk.input';

@Resolver(() => RiskConferenceModel)
export class RiskConferenceResolver {
  constructor(
    @Inject(RiskConferenceService) private readonly conferences: RiskConferenceService,
    @Inject(RiskAssessmentService) private readonly assessments: RiskAssessmentService,
  ) {}

  @Mutation(() => RiskConferenceModel, {
    description:
      "Records what the multi-agency risk conference decided, through the RISK_CONFERENCE task in your monitoring group's " +
      'inbox (the task is then DONE). Idempotent per idempotencyKey.',
  })
  async recordRiskConferenceOutcome(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: RecordRiskConferenceOutcomeInput,
  ): Promise<RiskConferenceModel> {
    const { conferenceId } = await this.conferences.recordOutcome(actor, input, meta);
    const c = await this.assessments.conference(conferenceId);
    if (!c) throw DomainError.notFound('Risk conference');
    return Object.assign(new RiskConferenceModel(), {
      id: c.id,
      organisationId: c.organisationId,
      taskId: c.taskId,
      requestedAt: c.createdAt,
      outcome: c.outcome,
      outcomeRecordedAt: c.outcomeRecordedAt,
    });
  }
}
