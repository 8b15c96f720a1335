import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { TaskAssignmentService } from '@lib/tasks';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { AssignedTaskModel } from './assigned-task.model';
import { AssignTaskInput, ClaimTaskInput, ReleaseTaskInput } from './task-assignment.input';

@Resolver(() => AssignedTaskModel)
export class TaskAssignmentResolver {
  constructor(@Inject(TaskAssignmentService) private readonly assignment: TaskAssignmentService) {}

  @Mutation(() => AssignedTaskModel, {
    description:
      'Takes an unassigned open task of your organisation whose type your role works on. Claiming a task you already hold returns it; a task someone else holds is a CONFLICT.',
  })
  claimTask(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: ClaimTaskInput,
  ): Promise<AssignedTaskModel> {
    return this.assignment.claim(actor, input.taskId, meta);
  }

  @Mutation(() => AssignedTaskModel, {
    description:
      "A supervisor (role SUPERVISOR, or the current assignee's supervisor) assigns or reassigns an open task to an active member of the same organisation whose roles fit it. Assigning to the current assignee returns the task unchanged.",
  })
  assignTask(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: AssignTaskInput,
  ): Promise<AssignedTaskModel> {
    return this.assignment.assign(actor, input.taskId, input.assigneeId, meta, ['input', 'assigneeId']);
  }

  @Mutation(() => AssignedTaskModel, {
    description:
      "The assignee gives their own open task back to the organisation's queue. Releasing an unassigned task returns it unchanged.",
  })
  releaseTask(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: ReleaseTaskInput,
  ): Promise<AssignedTaskModel> {
    return this.assignment.release(actor, input.taskId, meta);
  }
}
