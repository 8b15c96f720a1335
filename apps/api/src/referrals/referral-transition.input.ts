import { Field, InputType, Int } from '@nestjs/graphql';
import { GraphQLUUID } from '../graphql/uuid.scalar';

/** Which referral, at which version (a stale version is a CONFLICT). */
@InputType({ isAbstract: true })
abstract class ReferralVersionInput {
  @Field(() => GraphQLUUID)
  referralId!: string;

  @Field(() => Int)
  expectedVersion!: number;
}

@InputType()
export class AcceptReferralInput extends ReferralVersionInput {}

@InputType()
export class DeclineReferralInput extends ReferralVersionInput {
  @Field({ description: 'Required. Must not contain personal data.' })
  reason!: string;
}

@InputType()
export class CompleteReferralInput extends ReferralVersionInput {
  @Field({ description: 'Required. Must not contain personal data.' })
  outcome!: string;
}

@InputType()
export class WithdrawReferralInput extends ReferralVersionInput {
  @Field({ description: 'Required. Must not contain personal data.' })
  reason!: string;
}
