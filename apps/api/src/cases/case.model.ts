import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CaseCategory, CaseStatus, DataProfile, PlaceType, RiskLevel } from '@lib/domain';

/** How the viewer came to see the case (drives which fields are shown). */
export enum CaseAccessKind {
  OWNER = 'OWNER',
  RECIPIENT = 'RECIPIENT',
  MONITOR = 'MONITOR',
  BREAK_GLASS = 'BREAK_GLASS',
}
registerEnumType(CaseAccessKind, { name: 'CaseAccessKind' });

/**
 * A case as shown to one viewer. Never an entity; see presentCase. Case-level fields outside the viewer's data profile
 * are null. Personal data only under `survivor`, checked field by field.
 */
@ObjectType('Case')
export class CaseModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Pseudonymous case code, e.g. NRM-7F3K9Q2M.' })
  caseCode!: string | null;

  @Field(() => CaseCategory, { nullable: true })
  category!: CaseCategory | null;

  @Field(() => RiskLevel, { nullable: true })
  riskLevel!: RiskLevel | null;

  @Field(() => Boolean, { nullable: true })
  isChild!: boolean | null;

  @Field(() => CaseStatus, { nullable: true })
  status!: CaseStatus | null;

  @Field(() => String, { nullable: true })
  region!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  openedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  closedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Day of the incident (YYYY-MM-DD), when known.' })
  incidentDate!: string | null;

  @Field(() => PlaceType, { nullable: true, description: 'Type of place of the incident (never an address).' })
  incidentPlaceType!: PlaceType | null;

  @Field(() => ID, { nullable: true })
  owningOrganisationId!: string | null;

  @Field(() => Int, { nullable: true, description: 'Optimistic-lock version (owners); pass it back as expectedVersion.' })
  version!: number | null;

  @Field(() => CaseAccessKind)
  access!: CaseAccessKind;

  @Field(() => DataProfile, { description: 'FULL for the owning organisation; the referral profile for recipients.' })
  dataProfile!: DataProfile;
}
