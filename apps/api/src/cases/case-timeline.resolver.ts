import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { CaseTimelineService } from '@lib/cases';
import { type Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { TimelineEntryModel } from './timeline-entry.model';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@Resolver(() => TimelineEntryModel)
export class CaseTimelineResolver {
  constructor(@Inject(CaseTimelineService) private readonly timeline: CaseTimelineService) {}

  @Query(() => [TimelineEntryModel], { description: "A case's timeline (recipients: their own part only). Ids and enums only." })
  async caseTimeline(@CurrentActor() actor: Actor, @Args('caseId', { type: () => GraphQLUUID }) caseId: string): Promise<TimelineEntryModel[]> {
    const entries = await this.timeline.list(actor, caseId);
    return entries.map((e) =>
      Object.assign(new TimelineEntryModel(), {
        id: e.id,
        occurredAt: e.occurredAt,
        kind: e.kind,
        organisationId: e.organisationId,
        actorId: e.actorId,
        referralId: e.referralId,
        details: e.details,
      }),
    );
  }
}
