import { Field, ID, ObjectType } from '@nestjs/graphql';
import { OrganisationType, PreferredLanguage, StaffRole } from '@lib/domain';

@ObjectType('MyOrganisation')
export class MyOrganisationModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The organisation’s name in your language (Azerbaijani when it has none in it).' })
  name!: string;

  @Field(() => OrganisationType)
  type!: OrganisationType;
}

/** The signed-in staff member, as they may know themself (their own data only). */
@ObjectType('Me')
export class MeModel {
  @Field(() => ID)
  id!: string;

  @Field()
  displayName!: string;

  @Field(() => MyOrganisationModel)
  organisation!: MyOrganisationModel;

  @Field(() => [StaffRole])
  roles!: StaffRole[];

  @Field(() => PreferredLanguage, {
    description: 'The language you chose in the console, else the one your administrator set.',
  })
  preferredLanguage!: PreferredLanguage;

  @Field(() => ID, { nullable: true })
  supervisorId!: string | null;
}
