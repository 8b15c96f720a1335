import { Field, GraphQLISODateTime, InputType } from '@nestjs/graphql';

@InputType('ReportingPeriodInput', { description: 'A period [from, to) of at most 366 days; by default the last 30 days.' })
export class ReportingPeriodInput {
  @Field(() => GraphQLISODateTime, { nullable: true })
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  to?: Date | null;
}
