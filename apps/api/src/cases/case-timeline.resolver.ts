import { Inject } from '@nestjs/common';
import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { CaseTimelineService } from '@lib/cases';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, readEvent, selectedFields } from '../audit/read-audit';
import { TimelineEntryModel } from './timeline-entry.model';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@Resolver(() => TimelineEntryModel)
export class CaseTimelineResolver {
  constructor(
    @Inject(CaseTimelineService) private readonly timeline: CaseTimelineService,
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
  ) {}

  @Query(() => [TimelineEntryModel], { description: "A case's timeline (recipients: their own part only). Ids and enums only." })
  async caseTimeline(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('caseId', { type: () => GraphQLUUID }) caseId: string,
  ): Promise<TimelineEntryModel[]> {
    const entries = await this.timeline.list(actor, caseId);
    const id = caseId.toLowerCase();
    await this.reads.record(
      readEvent(actor, meta, { action: ReadAction.CASE_TIMELINE, subjectType: 'case', subjectId: id, caseId: id, fields: selectedFields(info) }),
    );
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
