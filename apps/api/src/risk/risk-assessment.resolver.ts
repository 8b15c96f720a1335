import { Inject } from '@nestjs/common';
import { Args, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { type CaseAccess } from '@lib/cases';
import { type RiskInstrument } from '@lib/domain';
import { RISK_INSTRUMENT, type RiskAssessmentRecord, RiskAssessmentService } from '@lib/risk';
import { WorkflowStartDispatcher } from '@lib/temporal';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, readEvent, selectedFields } from '../audit/read-audit';
import { GraphQLUUID } from '../graphql/uuid.scalar';
import { RiskAnswerModel, RiskAssessmentModel, RiskInstrumentModel } from './risk-assessment.model';
import { AssessRiskInput } from './risk.input';

/** What the `answers` field resolver gets: the model plus (non-enumerable) the viewer's access to the case. */
type PresentedAssessment = RiskAssessmentModel & { readonly access: CaseAccess };

/** Allow-lists the fields of a stored assessment; the access rides along, hidden, for the answers' own check. */
function present(r: RiskAssessmentRecord, access: CaseAccess): PresentedAssessment {
  const model = Object.assign(new RiskAssessmentModel(), {
    id: r.id,
    caseId: r.caseId,
    source: r.source,
    instrumentVersion: r.instrumentVersion,
    score: r.score,
    level: r.level,
    previousLevel: r.previousLevel,
    redFlags: [...r.redFlags],
    assessorId: r.assessorId,
    organisationId: r.organisationId,
    assessedAt: r.assessedAt,
    conference: r.conference && {
      id: r.conference.id,
      organisationId: r.conference.organisationId,
      taskId: r.conference.taskId,
      requestedAt: r.conference.createdAt,
      outcome: r.conference.outcome,
      outcomeRecordedAt: r.conference.outcomeRecordedAt,
    },
  });
  Object.defineProperty(model, 'access', { value: access, enumerable: false });
  return model as PresentedAssessment;
}

@Resolver(() => RiskAssessmentModel)
export class RiskAssessmentResolver {
  constructor(
    @Inject(RiskAssessmentService) private readonly assessments: RiskAssessmentService,
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
    @Inject(RISK_INSTRUMENT) private readonly instrument: RiskInstrument,
    /** The case workflow re-plans follow-ups and asks for a risk conference when the level changed. */
    /** Sends what each change recorded for its workflow (outbox rows, see WorkflowStartDispatcher). */
    @Inject(WorkflowStartDispatcher) private readonly starts: WorkflowStartDispatcher,
  ) {}

  @Query(() => RiskInstrumentModel, { description: 'The risk instrument new assessments are scored with (labels in az, en, ru).' })
  riskInstrument(): RiskInstrumentModel {
    const i = this.instrument;
    return {
      version: i.version,
      items: i.items.map((item) => ({
        id: item.id,
        type: item.type,
        labels: { ...item.labels },
        weight: item.weight,
        options: (item.options ?? []).map((o) => ({ value: o.value, weight: o.weight, labels: { ...o.labels } })),
        redFlagAt: item.redFlagAt,
      })),
      thresholds: i.thresholds.map((t) => ({ level: t.level, min: t.min, max: t.max })),
    };
  }

  @Mutation(() => RiskAssessmentModel, {
    description:
      "Assesses (or reassesses) the risk of an open case your organisation owns; sets the case's risk level. A change " +
      're-plans follow-ups; a rise to HIGH asks the monitoring group for a risk conference. Idempotent per idempotencyKey.',
  })
  async assessRisk(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: AssessRiskInput): Promise<PresentedAssessment> {
    const { assessment } = await this.assessments.assess(actor, input, meta);
    // A changed level was recorded for the case workflow (outbox): sent now, or by the dispatcher after an outage.
    if (assessment.level !== assessment.previousLevel) await this.starts.sendPending('RISK_LEVEL_CHANGED', assessment.id);
    const { access } = await this.assessments.history(actor, assessment.caseId);
    return present(assessment, access);
  }

  @Query(() => [RiskAssessmentModel], {
    description: "A case's risk assessments, oldest first: its owner and recipients (the answers: the owning organisation only).",
  })
  async riskAssessments(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('caseId', { type: () => GraphQLUUID }) caseId: string,
  ): Promise<PresentedAssessment[]> {
    const { access, assessments } = await this.assessments.history(actor, caseId);
    await this.reads.record(
      readEvent(actor, meta, {
        action: ReadAction.RISK_ASSESSMENTS,
        subjectType: 'case',
        subjectId: access.case.id,
        caseId: access.case.id,
        fields: selectedFields(info),
        purpose: access.purpose,
      }),
    );
    return assessments.map((a) => present(a, access));
  }

  @ResolveField(() => [RiskAnswerModel], {
    nullable: true,
    description: "The answers (personal data): the owning organisation's case workers only; FORBIDDEN to anyone else.",
  })
  async answers(@Parent() parent: PresentedAssessment, @CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta): Promise<RiskAnswerModel[] | null> {
    const answers = await this.assessments.readAnswers(actor, parent.access, parent.id, meta);
    return answers.map((a) => Object.assign(new RiskAnswerModel(), { item: a.item, value: a.value }));
  }
}
