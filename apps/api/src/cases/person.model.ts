import { Field, ID, ObjectType } from '@nestjs/graphql';

/** A dependant (child) of the survivor; shown only with the CHILDREN data category. */
@ObjectType('Dependant')
export class DependantModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  fullName!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  dateOfBirth!: string | null;
}

/**
 * The survivor's personal data. Every field is resolved after a field-level check: a field the viewer may not see
 * fails with FORBIDDEN on its own path (it is never silently null). Null means "not recorded".
 */
@ObjectType('Person')
export class PersonModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'IDENTITY' })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: 'IDENTITY; YYYY-MM-DD' })
  dateOfBirth?: string | null;

  @Field(() => String, { nullable: true, description: 'CONTACT' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'LOCATION' })
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'INCIDENT_NARRATIVE' })
  narrative?: string | null;

  @Field(() => String, { nullable: true, description: 'HEALTH' })
  healthNotes?: string | null;

  @Field(() => [DependantModel], { nullable: true, description: 'CHILDREN' })
  dependants?: DependantModel[] | null;
}
