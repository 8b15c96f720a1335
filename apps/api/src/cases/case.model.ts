import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CaseCategory, CaseStatus, DataProfile, RiskLevel } from '@lib/domain';

/** How the viewer came to see the case (drives which fields are shown). */
export enum CaseAccessKind {
  OWNER = 'OWNER',
  RECIPIENT = 'RECIPIENT',
  BREAK_GLASS = 'BREAK_GLASS',
}
registerEnumType(CaseAccessKind, { name: 'CaseAccessKind' });

/** A case as shown to a viewer. Never an entity; see CasePresenter. Personal data only under `survivor`. */
@ObjectType('Case')
export class CaseModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Pseudonymous case code, e.g. NRM-7F3K9Q2M.' })
  caseCode!: string;

  @Field(() => CaseCategory)
  category!: CaseCategory;

  @Field(() => RiskLevel)
  riskLevel!: RiskLevel;

  @Field()
  isChild!: boolean;

  @Field(() => CaseStatus)
  status!: CaseStatus;

  @Field(() => String, { nullable: true, description: 'Null when the viewer’s data profile excludes it.' })
  region!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Null when the viewer’s data profile excludes it.' })
  openedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  closedAt!: Date | null;

  @Field(() => ID)
  owningOrganisationId!: string;

  @Field(() => Int, { description: 'Optimistic-lock version; pass it back as expectedVersion.' })
  version!: number;

  @Field(() => CaseAccessKind)
  access!: CaseAccessKind;

  @Field(() => DataProfile, { description: 'FULL for the owning organisation; the referral profile for recipients.' })
  dataProfile!: DataProfile;
}
