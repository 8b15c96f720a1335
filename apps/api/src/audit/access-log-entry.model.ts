import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';

/** One access to (or change of) a record, from the audit chain. Field NAMES only. */
@ObjectType('AccessLogEntry')
export class AccessLogEntryModel {
  @Field(() => ID)
  id!: string;

  @Field(() => GraphQLISODateTime)
  occurredAt!: Date;

  @Field(() => ID)
  actorId!: string;

  @Field(() => ID)
  organisationId!: string;

  @Field()
  action!: string;

  @Field()
  subjectType!: string;

  @Field(() => ID)
  subjectId!: string;

  @Field(() => [String])
  fields!: string[];

  @Field(() => String, { nullable: true })
  purpose!: string | null;

  @Field(() => String, { nullable: true })
  justification!: string | null;

  @Field()
  breakGlass!: boolean;

  @Field(() => String, { nullable: true })
  requestId!: string | null;
}
