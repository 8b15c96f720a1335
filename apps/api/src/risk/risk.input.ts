import { Field, InputType, Int } from '@nestjs/graphql';
import { RiskConferenceOutcome } from '@lib/domain';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@InputType()
export class RiskAnswerInput {
  @Field({ description: 'An item id of the instrument in force (riskInstrument).' })
  item!: string;

  @Field(() => Int, { description: 'YES_NO: 0 (no) or 1 (yes); SCALE: one of the option values. Omit unknown items.' })
  value!: number;
}

/** A risk assessment of an open case your organisation owns, scored with the instrument in force. */
@InputType()
export class AssessRiskInput {
  @Field(() => GraphQLUUID)
  caseId!: string;

  @Field(() => [RiskAnswerInput])
  answers!: RiskAnswerInput[];

  @Field()
  idempotencyKey!: string;
}

@InputType()
export class RecordRiskConferenceOutcomeInput {
  @Field(() => GraphQLUUID, { description: "The RISK_CONFERENCE task in your monitoring group's inbox." })
  taskId!: string;

  @Field(() => RiskConferenceOutcome)
  outcome!: RiskConferenceOutcome;

  @Field()
  idempotencyKey!: string;
}
