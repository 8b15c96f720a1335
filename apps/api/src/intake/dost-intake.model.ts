import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IntakeStandard, IntakeStep, PoliceNotificationMode, RiskLevel, TaskStatus } from '@lib/domain';
import { SsaApplicationStatus } from '@lib/dost-intake';

/** Where the intake stands: the open step, a legal override awaiting its countersignature, or DONE. */
export enum DostIntakePhase {
  QUEUE_TICKET = 'QUEUE_TICKET',
  DESK = 'DESK',
  INTERVIEW = 'INTERVIEW',
  POLICE_NOTIFICATION = 'POLICE_NOTIFICATION',
  AWAITING_COUNTERSIGN = 'AWAITING_COUNTERSIGN',
  SSA_APPLICATION = 'SSA_APPLICATION',
  DONE = 'DONE',
}

registerEnumType(IntakeStep, { name: 'IntakeStep', description: 'DOST service card 09-03-00-00 steps.' });
registerEnumType(IntakeStandard, { name: 'IntakeStandard', description: 'Front office 1 h, DOST operator 60 min per step, whole service 1 day.' });
registerEnumType(PoliceNotificationMode, { name: 'PoliceNotificationMode' });
registerEnumType(SsaApplicationStatus, { name: 'SsaApplicationStatus' });
registerEnumType(DostIntakePhase, { name: 'DostIntakePhase' });

@ObjectType('IntakeStepProgress')
export class IntakeStepProgressModel {
  @Field(() => IntakeStep)
  step!: IntakeStep;

  @Field(() => ID, { description: 'The INTAKE_STEP task in the centre inbox.' })
  taskId!: string;

  @Field(() => TaskStatus)
  status!: TaskStatus;

  @Field(() => GraphQLISODateTime)
  openedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'The service standard for this step.' })
  dueAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  completedAt!: Date | null;

  @Field(() => ID, { nullable: true })
  completedBy!: string | null;

  @Field({ description: 'Open and past its standard.' })
  overdue!: boolean;
}

@ObjectType('NeedsAssessment')
export class NeedsAssessmentModel {
  @Field(() => RiskLevel)
  riskLevel!: RiskLevel;

  @Field()
  needsShelter!: boolean;

  @Field(() => ID, { nullable: true })
  assessedBy!: string | null;
}

@ObjectType('IntakePoliceNotification')
export class IntakePoliceNotificationModel {
  @Field(() => PoliceNotificationMode, { nullable: true, description: 'Null until the police step is acted on.' })
  mode!: PoliceNotificationMode | null;

  @Field(() => ID, { nullable: true })
  referralId!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  notifiedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'LEGAL_OVERRIDE: the staff member who requested it.' })
  requestedBy!: string | null;

  @Field(() => ID, { nullable: true, description: 'LEGAL_OVERRIDE: the supervisor who countersigned.' })
  countersignedBy!: string | null;

  @Field()
  awaitingCountersign!: boolean;
}

@ObjectType('IntakeSsaApplication')
export class IntakeSsaApplicationModel {
  @Field(() => SsaApplicationStatus)
  status!: SsaApplicationStatus;

  @Field(() => ID, { nullable: true, description: 'The pseudonymous shelter-placement referral to the SSA.' })
  referralId!: string | null;
}

@ObjectType('IntakeEscalation')
export class IntakeEscalationModel {
  @Field(() => IntakeStandard)
  standard!: IntakeStandard;

  @Field(() => IntakeStep, { nullable: true })
  step!: IntakeStep | null;

  @Field(() => GraphQLISODateTime)
  at!: Date;

  @Field(() => ID, { nullable: true, description: "The ESCALATION task in the centre supervisor's inbox." })
  taskId!: string | null;
}

/** The DOST intake of a case, from PostgreSQL (tasks + timeline). Ids, enums and times only. */
@ObjectType('DostIntake')
export class DostIntakeModel {
  @Field(() => ID)
  caseId!: string;

  @Field(() => GraphQLISODateTime)
  startedAt!: Date;

  @Field(() => ID, { nullable: true })
  startedBy!: string | null;

  @Field(() => DostIntakePhase)
  phase!: DostIntakePhase;

  @Field(() => GraphQLISODateTime, { nullable: true })
  completedAt!: Date | null;

  @Field(() => [IntakeStepProgressModel], { description: 'Steps opened so far, in card order.' })
  steps!: IntakeStepProgressModel[];

  @Field(() => NeedsAssessmentModel, { nullable: true })
  assessment!: NeedsAssessmentModel | null;

  @Field(() => IntakePoliceNotificationModel)
  policeNotification!: IntakePoliceNotificationModel;

  @Field(() => IntakeSsaApplicationModel)
  ssaApplication!: IntakeSsaApplicationModel;

  @Field(() => [IntakeEscalationModel], { description: 'Missed service standards (each escalated to the supervisor).' })
  escalations!: IntakeEscalationModel[];
}
