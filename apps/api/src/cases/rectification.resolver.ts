import { Inject } from '@nestjs/common';
import { Args, Field, InputType, Int, Mutation, Resolver } from '@nestjs/graphql';
import { GraphQLUUID } from '../graphql/uuid.scalar';
import { CaseAccessService, PersonRectificationService } from '@lib/cases';
import { DomainError } from '@lib/domain';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { presentCase, type PresentedCase } from './case.presenter';
import { CaseModel } from './case.model';

/** A value replaces the recorded one, null erases it, an absent field stays. */
@InputType()
export class RectifiedSurvivorInput {
  @Field(() => String, { nullable: true })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  dateOfBirth?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => String, { nullable: true })
  narrative?: string | null;

  @Field(() => String, { nullable: true })
  healthNotes?: string | null;
}

@InputType()
export class RectifyPersonalDataInput {
  @Field(() => GraphQLUUID)
  caseId!: string;

  @Field(() => Int, { description: 'The case’s version.' })
  expectedVersion!: number;

  @Field(() => RectifiedSurvivorInput)
  survivor!: RectifiedSurvivorInput;
}

@Resolver(() => CaseModel)
export class RectificationResolver {
  constructor(
    @Inject(PersonRectificationService) private readonly rectification: PersonRectificationService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
  ) {}

  @Mutation(() => CaseModel, {
    description: 'Rectifies the survivor’s personal data (audited by field names, never values).',
  })
  async rectifyPersonalData(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: RectifyPersonalDataInput,
  ): Promise<PresentedCase> {
    const survivor = Object.fromEntries(Object.entries(input.survivor).filter(([, v]) => v !== undefined));
    const caseId = await this.rectification.rectify(actor, { ...input, survivor }, meta);
    const access = await this.access.resolve(actor, caseId);
    if (!access) throw DomainError.notFound('Case');
    return presentCase(access);
  }
}
