import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from '../graphql/json-object.scalar';

@ObjectType('TimelineEntry')
export class TimelineEntryModel {
  @Field(() => ID)
  id!: string;

  @Field(() => GraphQLISODateTime)
  occurredAt!: Date;

  @Field()
  kind!: string;

  @Field(() => ID)
  organisationId!: string;

  @Field(() => ID, { nullable: true })
  actorId!: string | null;

  @Field(() => ID, { nullable: true })
  referralId!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Ids and enum values only.' })
  details!: Record<string, unknown>;
}
