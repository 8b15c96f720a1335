import { Inject } from '@nestjs/common';
import { ReferralProcessClient } from '@lib/temporal';
import { Args, Int, Mutation, Resolver } from '@nestjs/graphql';
import { CaseAccessService } from '@lib/cases';
import { DomainError } from '@lib/domain';
import { CaseClosureService } from '@lib/referrals';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { presentCase, type PresentedCase } from './case.presenter';
import { CaseModel } from './case.model';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@Resolver(() => CaseModel)
export class CaseClosureResolver {
  constructor(
    @Inject(CaseClosureService) private readonly closure: CaseClosureService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    /** The case workflow ends its open referral workflows once the case is closed. */
    @Inject(ReferralProcessClient) private readonly process: ReferralProcessClient,
  ) {}

  @Mutation(() => CaseModel, { description: 'Asks a supervisor to approve closing the case (CLOSURE_APPROVAL task).' })
  async requestCaseClosure(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('caseId', { type: () => GraphQLUUID }) caseId: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
  ): Promise<PresentedCase> {
    await this.closure.request(actor, caseId, expectedVersion, meta);
    return this.present(actor, caseId);
  }

  @Mutation(() => CaseModel, { description: 'A supervisor (not the requester) closes the case; its open referrals are withdrawn.' })
  async approveCaseClosure(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('caseId', { type: () => GraphQLUUID }) caseId: string,
  ): Promise<PresentedCase> {
    await this.closure.approve(actor, caseId, meta);
    await this.process.approveClosure(caseId, actor.staffId, { updateId: `approve-closure-${caseId}` });
    return this.present(actor, caseId);
  }

  private async present(actor: Actor, caseId: string): Promise<PresentedCase> {
    const access = await this.access.resolve(actor, caseId);
    if (!access) throw DomainError.notFound('Case');
    return presentCase(access);
  }
}
