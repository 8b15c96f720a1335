import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { TaskCompletionService } from '@lib/tasks';
import { WorkflowStartDispatcher } from '@lib/temporal';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { CompletedTaskModel } from './completed-task.model';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@Resolver(() => CompletedTaskModel)
export class TaskCompletionResolver {
  constructor(
    @Inject(TaskCompletionService) private readonly completion: TaskCompletionService,
    /** Sends what each change recorded for its workflow (outbox rows, see WorkflowStartDispatcher). */
    @Inject(WorkflowStartDispatcher) private readonly starts: WorkflowStartDispatcher,
  ) {}

  @Mutation(() => CompletedTaskModel, {
    description:
      'Closes a follow-up, escalation, monitoring alert, re-route suggestion, break-glass review or safety-plan action (its item ' +
      'is then DONE) in your inbox. Tasks about a pending action (referral response, countersign, closure approval, intake step) ' +
      'close when the action is taken.',
  })
  async completeTask(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('taskId', { type: () => GraphQLUUID }) taskId: string): Promise<CompletedTaskModel> {
    const { safetyPlanItemId, ...completed } = await this.completion.complete(actor, taskId, meta);
    // The item's review reminder re-reads it and ends (outbox: sent now, or by the dispatcher after an outage).
    if (safetyPlanItemId !== null) await this.starts.sendPending('SAFETY_PLAN_ITEM_CHANGED', safetyPlanItemId);
    return completed;
  }
}
