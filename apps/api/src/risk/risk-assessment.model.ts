import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { RiskAssessmentSource, RiskConferenceOutcome, RiskItemType, RiskLevel } from '@lib/domain';

@ObjectType('RiskAnswer')
export class RiskAnswerModel {
  @Field({ description: 'The instrument item id, e.g. PRIOR_STRANGULATION.' })
  item!: string;

  @Field(() => Int, { description: 'YES_NO: 0 or 1; SCALE: one of the item option values.' })
  value!: number;
}

@ObjectType('RiskConference')
export class RiskConferenceModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The monitoring group that convenes it.' })
  organisationId!: string;

  @Field(() => ID, { description: "The RISK_CONFERENCE task in the monitoring group's inbox." })
  taskId!: string;

  @Field(() => GraphQLISODateTime)
  requestedAt!: Date;

  @Field(() => RiskConferenceOutcome, { nullable: true, description: 'Null until the monitoring group records it.' })
  outcome!: RiskConferenceOutcome | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  outcomeRecordedAt!: Date | null;
}

/**
 * One risk assessment of a case. Never an entity: the presenter allow-lists these fields. `answers` (personal data,
 * INCIDENT_NARRATIVE) is resolved on its own, after the viewer's access is checked, and every read of it is audited.
 */
@ObjectType('RiskAssessment')
export class RiskAssessmentModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  caseId!: string;

  @Field(() => RiskAssessmentSource, { description: 'The instrument (answers and score) or the DOST interview (a level only).' })
  source!: RiskAssessmentSource;

  @Field(() => String, { nullable: true, description: 'The instrument version it was scored with (null: DOST interview).' })
  instrumentVersion!: string | null;

  @Field(() => Int, { nullable: true, description: 'Null for a DOST interview assessment.' })
  score!: number | null;

  @Field(() => RiskLevel)
  level!: RiskLevel;

  @Field(() => RiskLevel, { description: "The case's level before this assessment." })
  previousLevel!: RiskLevel;

  @Field(() => [String], { description: 'Items whose answer alone set HIGH.' })
  redFlags!: string[];

  @Field(() => ID, { description: 'The staff member who assessed.' })
  assessorId!: string;

  @Field(() => ID)
  organisationId!: string;

  @Field(() => GraphQLISODateTime)
  assessedAt!: Date;

  @Field(() => RiskConferenceModel, { nullable: true, description: 'The risk conference a rise to HIGH asked for.' })
  conference!: RiskConferenceModel | null;
}

@ObjectType('RiskLabels')
export class RiskLabelsModel {
  @Field()
  az!: string;

  @Field()
  en!: string;

  @Field()
  ru!: string;
}

@ObjectType('RiskItemOption')
export class RiskItemOptionModel {
  @Field(() => Int)
  value!: number;

  @Field(() => Int)
  weight!: number;

  @Field(() => RiskLabelsModel)
  labels!: RiskLabelsModel;
}

@ObjectType('RiskItem')
export class RiskItemModel {
  @Field()
  id!: string;

  @Field(() => RiskItemType)
  type!: RiskItemType;

  @Field(() => RiskLabelsModel)
  labels!: RiskLabelsModel;

  @Field(() => Int, { description: 'YES_NO: the weight of a yes (SCALE: 0, see options).' })
  weight!: number;

  @Field(() => [RiskItemOptionModel])
  options!: RiskItemOptionModel[];

  @Field(() => Int, { nullable: true, description: 'The answer value at or above which this item alone sets HIGH.' })
  redFlagAt!: number | null;
}

@ObjectType('RiskThreshold')
export class RiskThresholdModel {
  @Field(() => RiskLevel)
  level!: RiskLevel;

  @Field(() => Int)
  min!: number;

  @Field(() => Int, { nullable: true, description: 'Null: no upper bound.' })
  max!: number | null;
}

@ObjectType('RiskInstrument')
export class RiskInstrumentModel {
  @Field()
  version!: string;

  @Field(() => [RiskItemModel])
  items!: RiskItemModel[];

  @Field(() => [RiskThresholdModel])
  thresholds!: RiskThresholdModel[];
}
