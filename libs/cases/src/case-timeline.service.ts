import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@lib/domain';
import { type CaseActor } from './case-actor';
import { CaseAccessService } from './case-access.service';
import { TimelineEntryEntity } from './timeline-entry.entity';

/** A case's timeline (ids and enums only) for anyone who may see the case; NOT_FOUND otherwise. */
@Injectable()
export class CaseTimelineService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
  ) {}

  async list(actor: CaseActor, caseId: string): Promise<TimelineEntryEntity[]> {
    const access = await this.access.resolve(actor, caseId);
    // Monitoring officers see de-identified status (regionCaseStatus), not the timeline.
    if (!access || access.kind === 'MONITOR') throw DomainError.notFound('Case');
    const entries = await this.dataSource
      .getRepository(TimelineEntryEntity)
      .find({ where: { caseId }, order: { occurredAt: 'ASC', id: 'ASC' } });
    if (access.kind === 'OWNER') return entries;
    // A recipient sees only its own part: which other organisations are involved (a shelter!) is not its business.
    return entries.filter(
      (e) => e.organisationId === actor.organisationId || (e.referralId !== null && access.referralIds.includes(e.referralId)),
    );
  }
}
