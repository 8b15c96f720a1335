import { Field, ID, ObjectType } from '@nestjs/graphql';
import { OrganisationType, ServiceType } from '@lib/domain';

/** Directory entry. A shelter's location is never part of it. */
@ObjectType('Organisation')
export class OrganisationModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => OrganisationType)
  type!: OrganisationType;

  @Field()
  region!: string;

  @Field(() => [ServiceType])
  services!: ServiceType[];
}
