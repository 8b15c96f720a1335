import { Args, Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { DomainError, REASON_CODES, ReasonKind } from '@lib/domain';
import { type Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';

@ObjectType('ReasonLabels')
export class ReasonLabelsModel {
  @Field()
  az!: string;

  @Field()
  en!: string;

  @Field()
  ru!: string;
}

@ObjectType('CodedReason')
export class CodedReasonModel {
  @Field()
  code!: string;

  @Field(() => ReasonLabelsModel)
  labels!: ReasonLabelsModel;
}

/** The policy's coded reasons (policy data, no personal data): what a client offers when declining, completing, withdrawing or closing. */
@Resolver(() => CodedReasonModel)
export class ReasonCodesResolver {
  @Query(() => [CodedReasonModel], {
    description:
      'Coded reasons of one kind with their az/en/ru labels. A code given as a reason is shared with the other party; free text is not.',
  })
  reasonCodes(
    @CurrentActor() actor: Actor,
    @Args('kind', { type: () => ReasonKind }) kind: ReasonKind,
  ): CodedReasonModel[] {
    if (actor.roles.length === 0) throw DomainError.forbidden();
    return REASON_CODES[kind].map((c) =>
      Object.assign(new CodedReasonModel(), {
        code: c.code,
        labels: Object.assign(new ReasonLabelsModel(), c.labels),
      }),
    );
  }
}
