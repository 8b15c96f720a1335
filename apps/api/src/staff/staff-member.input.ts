import { Field, InputType, Int } from '@nestjs/graphql';
import { GraphQLUUID } from '../graphql/uuid.scalar';
import { PreferredLanguage, StaffRole } from '@lib/domain';

@InputType()
export class StaffIdentityInput {
  @Field(() => String, { nullable: true, description: 'Default: the API’s configured issuer.' })
  issuer?: string | null;

  @Field({
    description:
      'The provider’s subject (`sub`), or the e-mail when identities are linked by verified e-mail.',
  })
  subject!: string;
}

@InputType()
export class AddStaffMemberInput {
  @Field(() => GraphQLUUID)
  organisationId!: string;

  @Field({ description: 'Login name: lower-case letters, digits, dot, dash, underscore.' })
  username!: string;

  @Field()
  displayName!: string;

  @Field(() => [StaffRole])
  roles!: StaffRole[];

  @Field(() => GraphQLUUID, { nullable: true })
  supervisorId?: string | null;

  @Field(() => PreferredLanguage, { nullable: true, description: 'Default az.' })
  preferredLanguage?: PreferredLanguage | null;

  @Field(() => StaffIdentityInput, {
    nullable: true,
    description: 'The identity provider account the member signs in with.',
  })
  identity?: StaffIdentityInput | null;

  @Field()
  idempotencyKey!: string;
}

/** Changes only the fields given; `supervisorId: null` removes the supervisor, `identity: null` unlinks. */
@InputType()
export class UpdateStaffMemberInput {
  @Field(() => GraphQLUUID)
  staffId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => [StaffRole], { nullable: true })
  roles?: StaffRole[] | null;

  @Field(() => GraphQLUUID, { nullable: true })
  supervisorId?: string | null;

  @Field(() => PreferredLanguage, { nullable: true })
  preferredLanguage?: PreferredLanguage | null;

  @Field(() => StaffIdentityInput, { nullable: true })
  identity?: StaffIdentityInput | null;
}

@InputType()
export class StaffActivationInput {
  @Field(() => GraphQLUUID)
  staffId!: string;

  @Field(() => Int)
  expectedVersion!: number;
}
