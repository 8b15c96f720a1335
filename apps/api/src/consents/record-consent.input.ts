import { Field, GraphQLISODateTime, InputType } from '@nestjs/graphql';
import { ConsentGrantor, ConsentMethod, ConsentPurpose, DataCategory, OrganisationType } from '@lib/domain';
import { GraphQLUUID } from '../graphql/uuid.scalar';

/** A consent to share data categories with ONE organisation or ONE organisation type, for some purposes. */
@InputType()
export class RecordConsentInput {
  @Field(() => GraphQLUUID)
  caseId!: string;

  @Field(() => ConsentGrantor)
  grantor!: ConsentGrantor;

  @Field(() => GraphQLUUID, { nullable: true })
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
