import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { TaskCompletionService } from '@lib/tasks';
import { ReferralProcessClient } from '@lib/temporal';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { CompletedTaskModel } from './completed-task.model';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@Resolver(() => CompletedTaskModel)
export class TaskCompletionResolver {
  constructor(
    @Inject(TaskCompletionService) private readonly completion: TaskCompletionService,
    @Inject(ReferralProcessClient) private readonly process: ReferralProcessClient,
  ) {}

  @Mutation(() => CompletedTaskModel, {
    description:
      'Closes a follow-up, escalation, monitoring alert, re-route suggestion, break-glass review or safety-plan action (its item ' +
      'is then DONE) in your inbox. Tasks about a pending action (referral response, countersign, closure approval, intake step) ' +
      'close when the action is taken.',
  })
  async completeTask(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('taskId', { type: () => GraphQLUUID }) taskId: string): Promise<CompletedTaskModel> {
    const { safetyPlanItemId, ...completed } = await this.completion.complete(actor, taskId, meta);
    // The item's review reminder re-reads it and ends (it also re-reads after its next reminder, should this be lost).
    if (safetyPlanItemId !== null) await this.process.safetyPlanItemChanged(safetyPlanItemId);
    return completed;
  }
}
