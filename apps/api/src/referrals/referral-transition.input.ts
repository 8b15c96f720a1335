import { Field, ID, InputType, Int } from '@nestjs/graphql';

@InputType()
export class AcceptReferralInput {
  @Field(() => ID)
  referralId!: string;

  @Field(() => Int)
  expectedVersion!: number;
}

@InputType()
export class DeclineReferralInput {
  @Field(() => ID)
  referralId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field({ description: 'Required. Must not contain personal data.' })
  reason!: string;
}

@InputType()
export class CompleteReferralInput {
  @Field(() => ID)
  referralId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field({ description: 'Required. Must not contain personal data.' })
  outcome!: string;
}

@InputType()
export class WithdrawReferralInput {
  @Field(() => ID)
  referralId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field({ description: 'Required. Must not contain personal data.' })
  reason!: string;
}
