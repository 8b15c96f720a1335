import { Inject } from '@nestjs/common';
import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { protectionOrderIssuer } from '@lib/domain';
import { type ProtectionOrderRecord, ProtectionOrderService } from '@lib/risk';
import { WorkflowStartDispatcher } from '@lib/temporal';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, readEvent, selectedFields } from '../audit/read-audit';
import { GraphQLUUID } from '../graphql/uuid.scalar';
import {
  ApplyForProtectionOrderInput,
  ExtendProtectionOrderInput,
  RecordProtectionOrderIssuedInput,
  ReportProtectionOrderBreachInput,
} from './protection-order.input';
import { ProtectionOrderModel } from './protection-order.model';

/** Allow-lists the fields of a stored order. */
function present(o: ProtectionOrderRecord): ProtectionOrderModel {
  return Object.assign(new ProtectionOrderModel(), {
    id: o.id,
    caseId: o.caseId,
    kind: o.kind,
    issuer: protectionOrderIssuer(o.kind),
    status: o.status,
    appliedAt: o.appliedAt,
    issueDueAt: o.issueDueAt,
    issuedAt: o.issuedAt,
    expiresAt: o.expiresAt,
    alertAt: o.alertAt,
    extensionCount: o.extensionCount,
    conditions: o.conditions,
    breaches: o.breaches.map((b) => ({ id: b.id, reporterOrganisationId: b.reporterOrganisationId, occurredAt: b.occurredAt, reportedAt: b.reportedAt })),
  });
}

@Resolver(() => ProtectionOrderModel)
export class ProtectionOrderResolver {
  constructor(
    @Inject(ProtectionOrderService) private readonly orders: ProtectionOrderService,
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
    /** Each order is a durable workflow, a child of its case's workflow: started and told through the outbox. */
    @Inject(WorkflowStartDispatcher) private readonly starts: WorkflowStartDispatcher,
  ) {}

  @Mutation(() => ProtectionOrderModel, {
    description: 'Records an application for a protection order on an open case your organisation owns; its workflow starts. Idempotent.',
  })
  async applyForProtectionOrder(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: ApplyForProtectionOrderInput,
  ): Promise<ProtectionOrderModel> {
    const order = await this.orders.apply(actor, input, meta);
    // Recorded with the application (outbox): started now, or by the dispatcher once Temporal answers.
    await this.starts.sendPending('PROTECTION_ORDER', order.id);
    return present(order);
  }

  @Mutation(() => ProtectionOrderModel, { description: 'Records the issuance of an applied-for order (its term is checked). Idempotent.' })
  async recordProtectionOrderIssued(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: RecordProtectionOrderIssuedInput,
  ): Promise<ProtectionOrderModel> {
    const order = await this.orders.recordIssued(actor, input, meta);
    await this.starts.sendPending('PROTECTION_ORDER_CHANGED', order.id);
    return present(order);
  }

  @Mutation(() => ProtectionOrderModel, { description: 'Extends an issued order (the expiry alert moves with it). Idempotent.' })
  async extendProtectionOrder(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: ExtendProtectionOrderInput,
  ): Promise<ProtectionOrderModel> {
    const order = await this.orders.extend(actor, input, meta);
    await this.starts.sendPending('PROTECTION_ORDER_CHANGED', order.id);
    return present(order);
  }

  @Mutation(() => ProtectionOrderModel, {
    description:
      'Reports a breach of an order in force (the owning organisation, or the police or helpline the case was referred to): ' +
      'tasks for the police and the case owner, a reassessment prompt and a monitoring alert follow at once. Idempotent.',
  })
  async reportProtectionOrderBreach(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: ReportProtectionOrderBreachInput,
  ): Promise<ProtectionOrderModel> {
    const { order, breachId } = await this.orders.reportBreach(actor, input, meta);
    await this.starts.sendPending('PROTECTION_ORDER_BREACH', breachId);
    return present(order);
  }

  @Query(() => [ProtectionOrderModel], {
    description: "A case's protection orders: its owning organisation and the police or helpline it was referred to.",
  })
  async protectionOrders(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('caseId', { type: () => GraphQLUUID }) caseId: string,
  ): Promise<ProtectionOrderModel[]> {
    const { access, orders } = await this.orders.forCase(actor, caseId);
    await this.reads.record(
      readEvent(actor, meta, {
        action: ReadAction.PROTECTION_ORDERS,
        subjectType: 'case',
        subjectId: access.case.id,
        caseId: access.case.id,
        fields: selectedFields(info),
        purpose: access.purpose,
      }),
    );
    return orders.map(present);
  }
}
