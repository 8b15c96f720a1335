import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { InboxService } from '@lib/tasks';
import { type Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { InboxArgs } from './inbox.args';
import { TaskConnectionModel } from './task.model';

@Resolver(() => TaskConnectionModel)
export class InboxResolver {
  constructor(@Inject(InboxService) private readonly inboxService: InboxService) {}

  @Query(() => TaskConnectionModel, {
    description: "Your organisation's open tasks (yours and unassigned; supervisors: all), overdue first then by due time.",
  })
  async inbox(@CurrentActor() actor: Actor, @Args() args: InboxArgs): Promise<TaskConnectionModel> {
    const filter = args.filter ?? {};
    const page = await this.inboxService.page(
      actor,
      { status: filter.status, type: filter.type, dueBefore: filter.dueBefore, dueAfter: filter.dueAfter },
      args.first,
      args.after ?? null,
    );
    return {
      edges: page.items.map(({ cursor, ...node }) => ({ cursor, node })),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
    };
  }
}
