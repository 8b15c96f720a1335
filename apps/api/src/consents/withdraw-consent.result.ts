import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ConsentModel } from './consent.model';

@ObjectType('ConsentWithdrawal')
export class ConsentWithdrawalModel {
  @Field(() => ConsentModel)
  consent!: ConsentModel;

  @Field(() => [ID], { description: 'Referrals withdrawn because they relied on this consent.' })
  withdrawnReferralIds!: string[];

  @Field(() => [ID], { description: "Safety plan items cancelled because the consent covered the responsible organisation's task." })
  cancelledSafetyPlanItemIds!: string[];
}
