import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { ConsentGrantor, ConsentMethod, ConsentPurpose, DataCategory, OrganisationType } from '@lib/domain';

@ObjectType('Consent')
export class ConsentModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  caseId!: string;

  @Field(() => ConsentGrantor)
  grantor!: ConsentGrantor;

  @Field(() => ID, { nullable: true })
  recipientOrganisationId!: string | null;

  @Field(() => OrganisationType, { nullable: true })
  recipientOrganisationType!: OrganisationType | null;

  @Field(() => [DataCategory])
  dataCategories!: DataCategory[];

  @Field(() => [ConsentPurpose])
  purposes!: ConsentPurpose[];

  @Field(() => ConsentMethod)
  method!: ConsentMethod;

  @Field(() => GraphQLISODateTime)
  grantedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  withdrawnAt!: Date | null;

  @Field()
  inForce!: boolean;
}
