import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLUUID } from '../graphql/uuid.scalar';
import { ContactPointKind, OrganisationType, ServiceType } from '@lib/domain';
import { OrganisationModel } from './organisation.model';

@InputType()
export class OrganisationNamesInput {
  @Field({ description: 'Azerbaijani name (required).' })
  az!: string;

  @Field(() => String, { nullable: true })
  en?: string | null;

  @Field(() => String, { nullable: true })
  ru?: string | null;
}

@InputType()
export class ContactPointInput {
  @Field(() => ContactPointKind)
  kind!: ContactPointKind;

  @Field()
  value!: string;

  @Field(() => String, { nullable: true })
  label?: string | null;
}

/** What defines an organisation (an update replaces the whole definition; the type cannot change). */
@InputType({ isAbstract: true })
abstract class OrganisationDefinitionInput {
  @Field(() => OrganisationNamesInput)
  names!: OrganisationNamesInput;

  @Field(() => OrganisationType)
  type!: OrganisationType;

  @Field({ description: 'A region name, or "national".' })
  region!: string;

  @Field(() => [ServiceType])
  services!: ServiceType[];

  @Field(() => [ContactPointInput], { nullable: true })
  contactPoints?: ContactPointInput[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Default true.' })
  acceptsReferrals?: boolean | null;

  @Field(() => [String], { nullable: true, description: 'MONITORING_GROUP only: the regions it covers.' })
  coveredRegions?: string[] | null;
}

@InputType()
export class CreateOrganisationInput extends OrganisationDefinitionInput {
  @Field()
  idempotencyKey!: string;
}

@InputType()
export class UpdateOrganisationInput extends OrganisationDefinitionInput {
  @Field(() => GraphQLUUID)
  organisationId!: string;

  @Field(() => Int)
  expectedVersion!: number;
}

@InputType()
export class DeactivateOrganisationInput {
  @Field(() => GraphQLUUID)
  organisationId!: string;

  @Field(() => Int)
  expectedVersion!: number;
}

@ObjectType('DeactivateOrganisationResult')
export class DeactivateOrganisationResult {
  @Field(() => OrganisationModel)
  organisation!: OrganisationModel;

  @Field(() => [ID], {
    description: 'Pending referrals sent back to their senders (each with a REROUTE task).',
  })
  reroutedReferralIds!: string[];
}
