import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { ConsentGrantor, ConsentMethod, ConsentPurpose, DataCategory, OrganisationType } from '@lib/domain';

/** A consent to share data categories with ONE organisation or ONE organisation type, for some purposes. */
@InputType()
export class RecordConsentInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => ConsentGrantor)
  grantor!: ConsentGrantor;

  @Field(() => ID, { nullable: true })
  recipientOrganisationId?: string | null;

  @Field(() => OrganisationType, { nullable: true })
  recipientOrganisationType?: OrganisationType | null;

  @Field(() => [DataCategory])
  dataCategories!: DataCategory[];

  @Field(() => [ConsentPurpose])
  purposes!: ConsentPurpose[];

  @Field(() => ConsentMethod)
  method!: ConsentMethod;

  @Field(() => GraphQLISODateTime, { nullable: true })
  grantedAt?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  expiresAt?: Date | null;

  @Field()
  idempotencyKey!: string;
}
