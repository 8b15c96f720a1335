import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { TaskCompletionService } from '@lib/tasks';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { CompletedTaskModel } from './completed-task.model';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@Resolver(() => CompletedTaskModel)
export class TaskCompletionResolver {
  constructor(@Inject(TaskCompletionService) private readonly completion: TaskCompletionService) {}

  @Mutation(() => CompletedTaskModel, {
    description:
      'Closes a follow-up, escalation, monitoring alert, re-route suggestion or break-glass review in your inbox. Tasks about a pending action (referral response, countersign, closure approval, intake step) close when the action is taken.',
  })
  async completeTask(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('taskId', { type: () => GraphQLUUID }) taskId: string): Promise<CompletedTaskModel> {
    return this.completion.complete(actor, taskId, meta);
  }
}
