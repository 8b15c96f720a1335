import { Inject } from '@nestjs/common';
import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { InboxService } from '@lib/tasks';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, readEvent, selectedFields } from '../audit/read-audit';
import { InboxArgs } from './inbox.args';
import { TaskConnectionModel } from './task.model';

@Resolver(() => TaskConnectionModel)
export class InboxResolver {
  constructor(
    @Inject(InboxService) private readonly inboxService: InboxService,
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
  ) {}

  @Query(() => TaskConnectionModel, {
    description: "Your organisation's open tasks (yours, unassigned and those of staff you supervise; supervisors: all), overdue first then by due time. filter.assignment narrows to MINE, MY_TEAM or UNASSIGNED.",
  })
  async inbox(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args() args: InboxArgs,
  ): Promise<TaskConnectionModel> {
    const filter = args.filter ?? {};
    const page = await this.inboxService.page(
      actor,
      { status: filter.status, type: filter.type, assignment: filter.assignment, dueBefore: filter.dueBefore, dueAfter: filter.dueAfter },
      args.first,
      args.after ?? null,
    );
    // One event per page: the inbox shows task metadata (type, due, case code) of the organisation's own tasks.
    await this.reads.record(
      readEvent(actor, meta, { action: ReadAction.INBOX, subjectType: 'inbox', subjectId: actor.staffId, fields: selectedFields(info, ['edges', 'node']) }),
    );
    return {
      edges: page.items.map(({ cursor, ...node }) => ({ cursor, node })),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
    };
  }
}
