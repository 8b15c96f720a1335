import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { SafetyPlanAction, SafetyPlanItemStatus } from '@lib/domain';

/** One item of a case's safety plan. The free text is returned to the owning organisation only. */
@ObjectType('SafetyPlanItem')
export class SafetyPlanItemModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  caseId!: string;

  @Field(() => ID, { description: 'The organisation that owns the case and wrote the item.' })
  organisationId!: string;

  @Field(() => ID, { description: 'The organisation that carries the action out (the task is in its inbox).' })
  responsibleOrganisationId!: string;

  @Field(() => SafetyPlanAction)
  action!: SafetyPlanAction;

  @Field(() => String, {
    nullable: true,
    description: 'Free text: shown only to the owning organisation (null for everyone else, and when there is none).',
  })
  note!: string | null;

  @Field(() => SafetyPlanItemStatus)
  status!: SafetyPlanItemStatus;

  @Field(() => GraphQLISODateTime)
  dueAt!: Date;

  @Field(() => GraphQLISODateTime)
  reviewAt!: Date;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;

  @Field(() => Int, { description: 'Pass it as expectedVersion to updateSafetyPlanItem.' })
  version!: number;
}
