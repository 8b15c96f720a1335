import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ChildAgeBand } from '@lib/domain';

/**
 * A dependant (child) of the survivor; shown only with the CHILDREN data category. Name and date of birth are
 * identity: null for a viewer without the survivor's identity (a pseudonymous recipient such as the SSA or a shelter
 * sees how many children, and their age bands).
 */
@ObjectType('Dependant')
export class DependantModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Null unless you may see the survivor’s identity.' })
  fullName!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD. Null unless you may see the survivor’s identity.' })
  dateOfBirth!: string | null;

  @Field(() => ChildAgeBand, { nullable: true, description: 'Null when the date of birth is unknown or the dependant is an adult.' })
  ageBand!: ChildAgeBand | null;
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
