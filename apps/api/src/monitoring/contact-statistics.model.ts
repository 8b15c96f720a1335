import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('StatisticCell', { description: 'One count of a breakdown; withheld (null, suppressed) when it could single people out.' })
export class StatisticCellModel {
  @Field({ description: 'The enum value counted (e.g. DOMESTIC_VIOLENCE, LANDLINE).' })
  key!: string;

  @Field(() => Int, { nullable: true })
  count!: number | null;

  @Field()
  suppressed!: boolean;
}

@ObjectType('ContactStatistics', {
  description:
    'First contacts received over the period in the scope asked (a region, an organisation, or national for the coordinator), with the breakdowns helplines and DOST centres publish. Counts from 1 to 4 are withheld, and a second cell with them when one alone could be worked out from the total.',
})
export class ContactStatisticsModel {
  @Field(() => GraphQLISODateTime)
  from!: Date;

  @Field(() => GraphQLISODateTime)
  to!: Date;

  @Field(() => String, { nullable: true, description: 'The region counted; null: every region (national figures).' })
  region!: string | null;

  @Field(() => ID, { nullable: true, description: 'The one organisation counted; null: every organisation in scope.' })
  organisationId!: string | null;

  @Field(() => Int, { nullable: true })
  total!: number | null;

  @Field(() => Int, { nullable: true, description: 'Contacts that gave no identity.' })
  anonymous!: number | null;

  @Field(() => [StatisticCellModel])
  byCategory!: StatisticCellModel[];

  @Field(() => [StatisticCellModel])
  byChannel!: StatisticCellModel[];

  @Field(() => [StatisticCellModel])
  byCallerType!: StatisticCellModel[];

  @Field(() => [StatisticCellModel], { description: 'Contacts concerning a child, by age band.' })
  byChildAgeBand!: StatisticCellModel[];
}
