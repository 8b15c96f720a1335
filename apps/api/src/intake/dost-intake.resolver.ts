import { Inject } from '@nestjs/common';
import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { DomainError, DomainErrorCode } from '@lib/domain';
import { DostIntakeService, intakeUpdateId } from '@lib/dost-intake';
import { ReferralProcessClient, WorkflowStartDispatcher } from '@lib/temporal';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, readEvent, selectedFields } from '../audit/read-audit';
import { DostIntakeModel } from './dost-intake.model';
import { presentDostIntake } from './dost-intake.presenter';
import { CompleteIntakeStepInput, CountersignIntakeLegalOverrideInput, NotifyPoliceInput, StartDostIntakeInput } from './dost-intake.input';
import { GraphQLUUID } from '../graphql/uuid.scalar';

/**
 * The DOST intake (service card 09-03-00-00) over GraphQL. Mutations: the API authorizes and validates
 * (DostIntakeService), then sends a workflow update (ids and enums only) whose id derives from the idempotency key and
 * answers synchronously; the result is then read from PostgreSQL. The query never calls Temporal.
 */
@Resolver(() => DostIntakeModel)
export class DostIntakeResolver {
  constructor(
    @Inject(DostIntakeService) private readonly intake: DostIntakeService,
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
    /** The intake workflow (every step goes through it). */
    @Inject(ReferralProcessClient) private readonly process: ReferralProcessClient,
    @Inject(WorkflowStartDispatcher) private readonly starts: WorkflowStartDispatcher,
  ) {}

  @Query(() => DostIntakeModel, {
    nullable: true,
    description: "The DOST intake of a case, for the owning centre's staff (null before it starts); NOT_FOUND for anyone else.",
  })
  async dostIntake(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('caseId', { type: () => GraphQLUUID }) caseId: string,
  ): Promise<DostIntakeModel | null> {
    const progress = await this.intake.progress(actor, caseId);
    const id = caseId.toLowerCase();
    await this.reads.record(
      readEvent(actor, meta, { action: ReadAction.DOST_INTAKE, subjectType: 'case', subjectId: id, caseId: id, fields: selectedFields(info) }),
    );
    return progress ? presentDostIntake(progress) : null;
  }

  @Mutation(() => DostIntakeModel, {
    description:
      "Starts the DOST intake of a case the actor's DOST centre owns (intake officer, case manager): queue ticket first. Once per case (CONFLICT after); idempotent per idempotencyKey. FORBIDDEN outside DOST centres.",
  })
  async startDostIntake(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: StartDostIntakeInput): Promise<DostIntakeModel> {
    // Authorize (read-only) before anything else, so a bad id is NOT_FOUND / FORBIDDEN whatever the deployment.
    await this.intake.authorizeStart(actor, input.caseId);
    // Started by another request: CONFLICT (IntakeAlreadyStartedError); that request recorded its workflow start.
    await this.intake.recordStart(actor, input.caseId, input.idempotencyKey, meta);
    // The start was recorded with it (outbox): started now under a short deadline, or later by the dispatcher. Also on
    // a replay (idempotent).
    const caseId = input.caseId.toLowerCase();
    await rejectionsMapped(() => this.starts.startNow({ kind: 'DOST_INTAKE', subjectId: caseId, caseId, actorId: actor.staffId }));
    return this.present(actor, input.caseId);
  }

  @Mutation(() => DostIntakeModel, {
    description:
      'Completes the open intake step (QUEUE_TICKET, DESK: front office; INTERVIEW: lawyer or psychologist, with the needs/risk assessment; SSA_APPLICATION: sends the pseudonymous shelter application when she consented). CONFLICT when the step is not open.',
  })
  async completeIntakeStep(@CurrentActor() actor: Actor, @Args('input') input: CompleteIntakeStepInput): Promise<DostIntakeModel> {
    const valid = await this.intake.authorizeStep(actor, input.caseId, input);
    await this.intake.claimRequest(actor, 'completeIntakeStep', input.caseId, input.idempotencyKey, valid);
    await rejectionsMapped(() =>
      this.process.completeIntakeStep(
        input.caseId,
        { step: valid.step, actorId: actor.staffId, ...(valid.assessment ? { assessment: valid.assessment } : {}) },
        { updateId: intakeUpdateId('completeIntakeStep', input.caseId, actor.staffId, input.idempotencyKey) },
      ),
    );
    return this.present(actor, input.caseId);
  }

  @Mutation(() => DostIntakeModel, {
    description:
      'Informs the police (case manager or lawyer): FULL with her consent, ANONYMOUS incident notice (no identity), or LEGAL_OVERRIDE with basis and justification, which waits for a supervisor countersignature (countersignIntakeLegalOverride).',
  })
  async notifyPolice(@CurrentActor() actor: Actor, @Args('input') input: NotifyPoliceInput): Promise<DostIntakeModel> {
    const valid = await this.intake.authorizePoliceNotification(actor, input.caseId, input);
    await this.intake.claimRequest(actor, 'notifyPolice', input.caseId, input.idempotencyKey, valid);
    await rejectionsMapped(() =>
      this.process.notifyPolice(
        input.caseId,
        {
          actorId: actor.staffId,
          mode: valid.mode,
          ...(valid.legal
            ? { legalBasis: valid.legal.basis, justification: valid.legal.justification, dataCategories: valid.legal.dataCategories }
            : {}),
        },
        { updateId: intakeUpdateId('notifyPolice', input.caseId, actor.staffId, input.idempotencyKey) },
      ),
    );
    return this.present(actor, input.caseId);
  }

  @Mutation(() => DostIntakeModel, {
    description: 'A supervisor of the centre, not the requester, countersigns the legal-override police notification; the police are then informed.',
  })
  async countersignIntakeLegalOverride(@CurrentActor() actor: Actor, @Args('input') input: CountersignIntakeLegalOverrideInput): Promise<DostIntakeModel> {
    await this.intake.authorizeCountersign(actor, input.caseId, input.idempotencyKey);
    await rejectionsMapped(() =>
      this.process.countersignLegalOverride(input.caseId, actor.staffId, {
        updateId: intakeUpdateId('countersignIntakeLegalOverride', input.caseId, actor.staffId, input.idempotencyKey),
      }),
    );
    return this.present(actor, input.caseId);
  }

  private async present(actor: Actor, caseId: string): Promise<DostIntakeModel> {
    const progress = await this.intake.progress(actor, caseId);
    if (!progress) throw DomainError.notFound('DOST intake');
    return presentDostIntake(progress);
  }
}

/**
 * Workflow rejections arrive as DomainErrors (the facade maps them) without field paths: point BAD_INPUT at the input
 * and a missing police consent at `input.mode`, so clients get the same typed errors as from the API's own checks.
 */
async function rejectionsMapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof DomainError && error.fields.length === 0) {
      if (error.code === DomainErrorCode.BAD_INPUT) throw new DomainError(error.code, error.message, [{ path: ['input'], message: error.message }]);
      if (error.code === DomainErrorCode.CONSENT_REQUIRED) {
        throw new DomainError(error.code, error.message, [{ path: ['input', 'mode'], message: 'no consent in force to inform the police; use ANONYMOUS or LEGAL_OVERRIDE' }]);
      }
    }
    throw error;
  }
}
