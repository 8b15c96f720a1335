import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { OrganisationType } from '@lib/domain';

@ObjectType('AgencyPerformance', {
  description:
    'How one receiving organisation handled the referrals of your region’s cases sent in the period: counts and durations only, no case or person.',
})
export class AgencyPerformanceModel {
  @Field(() => ID)
  organisationId!: string;

  @Field()
  organisationName!: string;

  @Field(() => OrganisationType)
  organisationType!: OrganisationType;

  @Field(() => Int, { description: 'Referrals received in the period, whatever their status now.' })
  received!: number;

  @Field(() => Int)
  pending!: number;

  @Field(() => Int)
  accepted!: number;

  @Field(() => Int)
  declined!: number;

  @Field(() => Int)
  completed!: number;

  @Field(() => Int)
  withdrawn!: number;

  @Field(() => Int, { description: 'Not answered before the response deadline (returned to the sender).' })
  expired!: number;

  @Field(() => Int, { description: 'Escalated at the response or the service deadline.' })
  escalated!: number;

  @Field(() => Int, { description: 'Still open and past a deadline now.' })
  overdueNow!: number;

  @Field(() => Int, { description: 'Accepted or declined.' })
  responded!: number;

  @Field(() => Int, { description: 'Accepted or declined before the response deadline.' })
  respondedOnTime!: number;

  @Field(() => Int, { description: 'Completed before the service deadline (or with none).' })
  completedOnTime!: number;

  @Field(() => Float, { nullable: true, description: 'Median minutes from sending to the answer; null when none was answered.' })
  medianResponseMinutes!: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile of the minutes from sending to the answer.' })
  p90ResponseMinutes!: number | null;
}
