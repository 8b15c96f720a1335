import { Inject } from '@nestjs/common';
import { Args, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { CaseAssignmentService, CaseloadService } from '@lib/cases';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, readEvent, selectedFields } from '../audit/read-audit';
import { AssignCaseInput, CaseloadArgs, UnassignCaseInput } from './case-assignment.input';
import { CaseAssignmentModel, CaseloadConnectionModel, CaseWorkerModel } from './case-assignment.model';
import { type PresentedCase } from './case.presenter';
import { CaseModel } from './case.model';

@Resolver(() => CaseModel)
export class CaseAssignmentResolver {
  constructor(
    @Inject(CaseAssignmentService) private readonly assignment: CaseAssignmentService,
    @Inject(CaseloadService) private readonly caseloads: CaseloadService,
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
  ) {}

  @Mutation(() => CaseAssignmentModel, {
    description:
      "A supervisor or an organisation administrator assigns an active member of their organisation as a worker on a case it owns or receives. Assigning a current worker returns the assignment unchanged.",
  })
  assignCase(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: AssignCaseInput): Promise<CaseAssignmentModel> {
    return this.assignment.assign(actor, input.caseId, input.staffId, meta, ['input', 'staffId']);
  }

  @Mutation(() => CaseAssignmentModel, {
    description:
      "A supervisor or an organisation administrator releases a worker of their organisation from a case. Releasing someone who is not a worker returns it unchanged; the owner's last worker on a case that is not closed stays (CONFLICT).",
  })
  unassignCase(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: UnassignCaseInput): Promise<CaseAssignmentModel> {
    return this.assignment.unassign(actor, input.caseId, input.staffId, meta);
  }

  @ResolveField(() => [CaseWorkerModel], {
    description:
      "The case's workers: every organisation's to the owner (and under break-glass), only your own organisation's otherwise.",
  })
  async assignedWorkers(@Parent() parent: PresentedCase, @CurrentActor() actor: Actor): Promise<CaseWorkerModel[]> {
    const access = parent.viewAccess;
    const all = access.kind === 'OWNER' || access.kind === 'BREAK_GLASS';
    const workers = await this.assignment.workers(access.case.id);
    return workers.filter((w) => all || w.organisationId === actor.organisationId);
  }

  @Query(() => CaseloadConnectionModel, {
    description:
      "Your organisation's cases that you (MINE) or you and the staff you supervise (MY_TEAM) work on, newest first; only cases you may open.",
  })
  async caseload(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args() args: CaseloadArgs,
  ): Promise<CaseloadConnectionModel> {
    const page = await this.caseloads.page(actor, args.assignment, args.first, args.after ?? null);
    await this.reads.record(
      readEvent(actor, meta, { action: ReadAction.CASELOAD, subjectType: 'caseload', subjectId: actor.staffId, fields: selectedFields(info, ['edges', 'node']) }),
    );
    return {
      edges: page.items.map(({ cursor, ...node }) => ({ cursor, node })),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
    };
  }
}
