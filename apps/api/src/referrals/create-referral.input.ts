import { Field, InputType } from '@nestjs/graphql';
import { ConsentPurpose, DataCategory, LegalBasis, ServiceType } from '@lib/domain';
import { GraphQLUUID } from '../graphql/uuid.scalar';

/** Disclosure without consent on a recorded legal basis; needs a supervisor's countersignature before anything is shared. */
@InputType()
export class LegalOverrideInput {
  @Field(() => LegalBasis)
  basis!: LegalBasis;

  @Field()
  justification!: string;
}

@InputType()
export class CreateReferralInput {
  @Field(() => GraphQLUUID)
  caseId!: string;

  @Field(() => GraphQLUUID)
  toOrganisationId!: string;

  @Field(() => ServiceType)
  serviceType!: ServiceType;

  @Field(() => ConsentPurpose)
  purpose!: ConsentPurpose;

  @Field(() => [DataCategory])
  dataCategories!: DataCategory[];

  @Field(() => LegalOverrideInput, { nullable: true })
  legalOverride?: LegalOverrideInput | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'True to refer again although an active referral of this case to this organisation for this service exists (otherwise CONFLICT naming it).',
  })
  reReferral?: boolean | null;

  @Field()
  idempotencyKey!: string;
}
