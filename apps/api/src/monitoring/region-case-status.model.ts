import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { CaseCategory, CaseStatus, RiskLevel } from '@lib/domain';

/** De-identified case status for monitoring groups: no identity, no free text. */
@ObjectType('RegionCaseStatus')
export class RegionCaseStatusModel {
  @Field(() => ID)
  caseId!: string;

  @Field()
  caseCode!: string;

  @Field(() => CaseStatus)
  status!: CaseStatus;

  @Field(() => CaseCategory)
  category!: CaseCategory;

  @Field(() => RiskLevel)
  riskLevel!: RiskLevel;

  @Field(() => GraphQLISODateTime)
  openedAt!: Date;

  @Field(() => Int)
  openReferrals!: number;

  @Field(() => Int)
  overdueReferrals!: number;

  @Field(() => Int, { description: 'Referrals escalated at a missed deadline (response or service), whatever their status now.' })
  escalatedReferrals!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastEscalatedAt!: Date | null;
}
