import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { BreakGlassService } from '@lib/cases';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { presentCase, type PresentedCase } from './case.presenter';
import { CaseModel } from './case.model';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@Resolver(() => CaseModel)
export class BreakGlassResolver {
  constructor(@Inject(BreakGlassService) private readonly breakGlass: BreakGlassService) {}

  @Mutation(() => CaseModel, {
    description:
      'Emergency access (justification ≥ 20 characters): a supervisor to a case of another organisation of the region, or a case worker to a case of their own organisation they are not assigned to. Audited as break-glass and flagged for review.',
  })
  async breakGlassReadCase(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('caseId', { type: () => GraphQLUUID }) caseId: string,
    @Args('justification') justification: string,
  ): Promise<PresentedCase> {
    const { access } = await this.breakGlass.open(actor, caseId, justification, meta);
    return presentCase(access);
  }
}
