import { Field, InputType } from '@nestjs/graphql';
import { IntakeStep, PoliceNotificationMode, RiskLevel } from '@lib/domain';
import { LegalOverrideInput } from '../referrals/create-referral.input';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@InputType()
export class StartDostIntakeInput {
  @Field(() => GraphQLUUID)
  caseId!: string;

  @Field({ description: 'Names this request: a retry with the same key does nothing twice.' })
  idempotencyKey!: string;
}

@InputType({ description: "The lawyer's and psychologist's needs/risk assessment (the interview step)." })
export class NeedsAssessmentInput {
  @Field(() => RiskLevel)
  riskLevel!: RiskLevel;

  @Field({ description: 'Social rehabilitation in a shelter is needed: the intake then applies to the SSA (with consent).' })
  needsShelter!: boolean;
}

@InputType()
export class CompleteIntakeStepInput {
  @Field(() => GraphQLUUID)
  caseId!: string;

  @Field(() => IntakeStep, { description: 'The open step; POLICE_NOTIFICATION is done by notifyPolice.' })
  step!: IntakeStep;

  @Field(() => NeedsAssessmentInput, { nullable: true, description: 'Required for INTERVIEW, refused for the other steps.' })
  assessment?: NeedsAssessmentInput | null;

  @Field()
  idempotencyKey!: string;
}

@InputType()
export class NotifyPoliceInput {
  @Field(() => GraphQLUUID)
  caseId!: string;

  @Field(() => PoliceNotificationMode, {
    description:
      'FULL: with her consent to LAW_ENFORCEMENT (FORBIDDEN, reason CONSENT_REQUIRED, without). ANONYMOUS: incident notice without identity. LEGAL_OVERRIDE: on a legal basis, after a supervisor countersigns.',
  })
  mode!: PoliceNotificationMode;

  @Field(() => LegalOverrideInput, { nullable: true, description: 'Required for LEGAL_OVERRIDE only.' })
  legalOverride?: LegalOverrideInput | null;

  @Field()
  idempotencyKey!: string;
}

@InputType()
export class CountersignIntakeLegalOverrideInput {
  @Field(() => GraphQLUUID)
  caseId!: string;

  @Field()
  idempotencyKey!: string;
}
