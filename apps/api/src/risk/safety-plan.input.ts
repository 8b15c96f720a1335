import { Field, GraphQLISODateTime, InputType, Int } from '@nestjs/graphql';
import { SafetyPlanAction, SafetyPlanItemStatus } from '@lib/domain';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@InputType()
export class AddSafetyPlanItemInput {
  @Field(() => GraphQLUUID)
  caseId!: string;

  @Field(() => SafetyPlanAction)
  action!: SafetyPlanAction;

  @Field(() => String, { nullable: true, description: 'Free text, encrypted, read only by your organisation (at most 2000 characters).' })
  note?: string | null;

  @Field(() => GraphQLUUID, {
    description:
      'Your organisation, or another one: then an in-force consent must cover IDENTITY to it for the purpose of the action.',
  })
  responsibleOrganisationId!: string;

  @Field(() => GraphQLISODateTime, { description: 'In the future, within a year: the deadline of the task it raises.' })
  dueAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the plan item is to be reviewed: in the future, within a year.' })
  reviewAt!: Date;

  @Field()
  idempotencyKey!: string;
}

@InputType({ description: 'Absent (or null) fields keep their value; an empty note clears it. Only an OPEN item changes.' })
export class UpdateSafetyPlanItemInput {
  @Field(() => GraphQLUUID)
  itemId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field(() => SafetyPlanItemStatus, { nullable: true })
  status?: SafetyPlanItemStatus | null;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => GraphQLUUID, { nullable: true })
  responsibleOrganisationId?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  dueAt?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  reviewAt?: Date | null;

  @Field()
  idempotencyKey!: string;
}
