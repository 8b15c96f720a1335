import { Inject } from '@nestjs/common';
import { Args, Field, InputType, Int, Mutation, Resolver } from '@nestjs/graphql';
import { GraphQLUUID } from '../graphql/uuid.scalar';
import { CaseAccessService, CaseDetailsService } from '@lib/cases';
import { CaseCategory, ContactChannel, DomainError } from '@lib/domain';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { presentCase, type PresentedCase } from './case.presenter';
import { CaseModel } from './case.model';
import { IncidentInput } from './open-case.input';

/** Only the fields given change; `incident: null` clears it. */
@InputType()
export class UpdateCaseDetailsInput {
  @Field(() => GraphQLUUID)
  caseId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field(() => CaseCategory, { nullable: true })
  category?: CaseCategory | null;

  @Field(() => ContactChannel, { nullable: true, description: 'The channel of the first contact.' })
  channel?: ContactChannel | null;

  @Field(() => IncidentInput, { nullable: true })
  incident?: IncidentInput | null;

  @Field(() => Boolean, { nullable: true })
  isChild?: boolean | null;
}

@Resolver(() => CaseModel)
export class CaseDetailsResolver {
  constructor(
    @Inject(CaseDetailsService) private readonly details: CaseDetailsService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
  ) {}

  @Mutation(() => CaseModel, {
    description:
      'Corrects a case’s category, channel, incident or child flag at expectedVersion (audited by field names).',
  })
  async updateCaseDetails(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: UpdateCaseDetailsInput,
  ): Promise<PresentedCase> {
    const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    if (given.incident)
      given.incident = Object.fromEntries(
        Object.entries(given.incident as object).filter(([, v]) => v !== undefined),
      );
    const caseId = await this.details.update(actor, given, meta);
    const access = await this.access.resolve(actor, caseId);
    if (!access) throw DomainError.notFound('Case');
    return presentCase(access);
  }
}
