import { Field, InputType } from '@nestjs/graphql';
import { CallerType, CaseCategory, ChildAgeBand, ContactChannel, PlaceType, RiskLevel } from '@lib/domain';

@InputType()
export class DependantInput {
  @Field(() => String, { nullable: true })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  dateOfBirth?: string | null;
}

@InputType()
export class SurvivorInput {
  @Field(() => String, { nullable: true })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  dateOfBirth?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => String, { nullable: true })
  narrative?: string | null;

  @Field(() => String, { nullable: true })
  healthNotes?: string | null;
}

/** A case opened from a first contact. An anonymous contact carries no identity, contact or location data. */
@InputType({ description: 'When and where the incident happened: a day and a type of place, never an address.' })
export class IncidentInput {
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, not in the future.' })
  date?: string | null;

  @Field(() => PlaceType, { nullable: true })
  placeType?: PlaceType | null;
}

@InputType()
export class OpenCaseInput {
  @Field(() => ContactChannel)
  channel!: ContactChannel;

  @Field()
  anonymous!: boolean;

  @Field(() => CaseCategory)
  category!: CaseCategory;

  @Field(() => CallerType)
  callerType!: CallerType;

  @Field(() => ChildAgeBand, { nullable: true })
  childAgeBand?: ChildAgeBand | null;

  @Field(() => RiskLevel)
  riskLevel!: RiskLevel;

  @Field()
  isChild!: boolean;

  @Field(() => SurvivorInput, { nullable: true })
  survivor?: SurvivorInput | null;

  @Field(() => [DependantInput], { nullable: true })
  dependants?: DependantInput[] | null;

  @Field(() => IncidentInput, {
    nullable: true,
    description: 'Shared with the police in an anonymous incident notice (with the kind of violence, risk and region).',
  })
  incident?: IncidentInput | null;

  @Field({ description: 'Client-chosen key; a retry with the same key returns the first result.' })
  idempotencyKey!: string;
}
