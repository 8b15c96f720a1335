import { Inject } from '@nestjs/common';
import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { type SafetyPlanItemRecord, SafetyPlanService } from '@lib/risk';
import { WorkflowStartDispatcher } from '@lib/temporal';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, readEvent, selectedFields } from '../audit/read-audit';
import { GraphQLUUID } from '../graphql/uuid.scalar';
import { AddSafetyPlanItemInput, UpdateSafetyPlanItemInput } from './safety-plan.input';
import { SafetyPlanItemModel } from './safety-plan.model';

/** Allow-lists the fields of a stored item (the service has already withheld the text from non-owners). */
function present(i: SafetyPlanItemRecord): SafetyPlanItemModel {
  return Object.assign(new SafetyPlanItemModel(), {
    id: i.id,
    caseId: i.caseId,
    organisationId: i.organisationId,
    responsibleOrganisationId: i.responsibleOrganisationId,
    action: i.action,
    note: i.note,
    status: i.status,
    dueAt: i.dueAt,
    reviewAt: i.reviewAt,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    version: i.version,
  });
}

@Resolver(() => SafetyPlanItemModel)
export class SafetyPlanResolver {
  constructor(
    @Inject(SafetyPlanService) private readonly plans: SafetyPlanService,
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
    /** Each item's review date is a durable timer (safetyPlanReviewWorkflow). */
    /** Sends what each change recorded for its workflow (outbox rows, see WorkflowStartDispatcher). */
    @Inject(WorkflowStartDispatcher) private readonly starts: WorkflowStartDispatcher,
  ) {}

  @Mutation(() => SafetyPlanItemModel, {
    description:
      "Adds an item to the safety plan of an open case your organisation owns; it becomes a task in the responsible organisation's " +
      'inbox (another organisation only under an in-force consent for the action). Idempotent.',
  })
  async addSafetyPlanItem(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: AddSafetyPlanItemInput,
  ): Promise<SafetyPlanItemModel> {
    const item = await this.plans.add(actor, input, meta);
    // The item's review reminder re-reads it (outbox: now, or by the dispatcher after an outage).
    await this.starts.sendPending('SAFETY_PLAN_ITEM_CHANGED', item.id);
    return present(item);
  }

  @Mutation(() => SafetyPlanItemModel, {
    description: 'Changes an OPEN safety plan item (optimistic: expectedVersion); a new due date or organisation re-issues its task. Idempotent.',
  })
  async updateSafetyPlanItem(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: UpdateSafetyPlanItemInput,
  ): Promise<SafetyPlanItemModel> {
    const item = await this.plans.update(actor, input, meta);
    await this.starts.sendPending('SAFETY_PLAN_ITEM_CHANGED', item.id);
    return present(item);
  }

  @Query(() => [SafetyPlanItemModel], {
    description:
      "A case's safety plan, oldest item first: the owning organisation sees every item with its text; an organisation " +
      'responsible for items sees only those, without the text.',
  })
  async safetyPlan(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('caseId', { type: () => GraphQLUUID }) caseId: string,
  ): Promise<SafetyPlanItemModel[]> {
    const { owner, items } = await this.plans.forCase(actor, caseId);
    await this.reads.record(
      readEvent(actor, meta, {
        action: ReadAction.SAFETY_PLAN,
        subjectType: 'case',
        subjectId: caseId,
        caseId,
        // Another organisation never receives the text, so its read is not recorded as one.
        fields: selectedFields(info).filter((f) => owner || f !== 'note'),
      }),
    );
    return items.map(present);
  }
}
