import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ContactPointKind, OrganisationType, ServiceType } from '@lib/domain';

@ObjectType('OrganisationNames')
export class OrganisationNamesModel {
  @Field()
  az!: string;

  @Field(() => String, { nullable: true })
  en!: string | null;

  @Field(() => String, { nullable: true })
  ru!: string | null;
}

/** How to reach the organisation (its own contact details, never a survivor's; a shelter has no address). */
@ObjectType('ContactPoint')
export class ContactPointModel {
  @Field(() => ContactPointKind)
  kind!: ContactPointKind;

  @Field()
  value!: string;

  @Field(() => String, { nullable: true })
  label!: string | null;
}

/** Directory entry. A shelter's location is never part of it. */
@ObjectType('Organisation')
export class OrganisationModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Display name (English when known, else Azerbaijani).' })
  name!: string;

  @Field(() => OrganisationNamesModel)
  names!: OrganisationNamesModel;

  @Field(() => OrganisationType)
  type!: OrganisationType;

  @Field()
  region!: string;

  @Field(() => [ServiceType])
  services!: ServiceType[];

  @Field(() => [ContactPointModel])
  contactPoints!: ContactPointModel[];

  @Field({ description: 'False when the organisation takes no referrals (or is deactivated).' })
  acceptsReferrals!: boolean;

  @Field()
  active!: boolean;

  @Field(() => [String], { description: 'Regions this monitoring group covers.' })
  coveredRegions!: string[];

  @Field(() => Int)
  version!: number;
}
