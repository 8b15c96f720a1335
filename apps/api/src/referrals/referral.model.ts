import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConsentPurpose, DataCategory, DataProfile, LegalBasis, ReferralStatus, ServiceType } from '@lib/domain';

/** A referral as seen by its sender or recipient. Free-text reasons are shown to both parties only. */
@ObjectType('Referral')
export class ReferralModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  caseId!: string;

  @Field(() => String, { nullable: true, description: 'Null for the recipient of an anonymous incident notice.' })
  caseCode!: string | null;

  @Field(() => ID)
  fromOrganisationId!: string;

  @Field(() => ID)
  toOrganisationId!: string;

  @Field(() => ServiceType)
  serviceType!: ServiceType;

  @Field(() => DataProfile)
  dataProfile!: DataProfile;

  @Field(() => [DataCategory])
  dataCategories!: DataCategory[];

  @Field(() => ConsentPurpose)
  purpose!: ConsentPurpose;

  @Field(() => ReferralStatus)
  status!: ReferralStatus;

  @Field(() => ID, { nullable: true })
  consentId!: string | null;

  @Field(() => LegalBasis, { nullable: true })
  legalBasis!: LegalBasis | null;

  @Field({ description: 'False while a legal override awaits its supervisor countersignature: nothing is disclosed yet.' })
  disclosureAuthorised!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  countersignedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The recipient sees it whole; the sender only when it is a DECLINE reason code.' })
  declineReason!: string | null;

  @Field(() => String, { nullable: true, description: 'The sender sees it whole; the recipient only when it is a WITHDRAWAL reason code.' })
  withdrawReason!: string | null;

  @Field(() => String, { nullable: true, description: 'The recipient sees it whole; the sender only when it is an OUTCOME reason code.' })
  outcomeNote!: string | null;

  @Field(() => GraphQLISODateTime)
  responseDueAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  serviceDueAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  respondedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  completedAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => Int)
  version!: number;
}
