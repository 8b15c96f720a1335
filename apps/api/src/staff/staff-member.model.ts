import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PreferredLanguage, StaffRole } from '@lib/domain';

/** The identity provider account a member signs in with (shown to those who administer the member). */
@ObjectType('StaffIdentity')
export class StaffIdentityModel {
  @Field()
  issuer!: string;

  @Field({ description: 'The subject, or the verified e-mail when that is the linking claim.' })
  subject!: string;
}

@ObjectType('StaffMember')
export class StaffMemberModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  organisationId!: string;

  @Field()
  username!: string;

  @Field()
  displayName!: string;

  @Field(() => [StaffRole])
  roles!: StaffRole[];

  @Field(() => ID, { nullable: true })
  supervisorId!: string | null;

  @Field(() => PreferredLanguage)
  preferredLanguage!: PreferredLanguage;

  @Field()
  active!: boolean;

  @Field()
  identityLinked!: boolean;

  @Field(() => StaffIdentityModel, { nullable: true, description: 'Null unless you administer this member.' })
  identity!: StaffIdentityModel | null;

  @Field(() => Int)
  version!: number;
}
