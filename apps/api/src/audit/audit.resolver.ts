import { Inject } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { AccessLogService } from '@lib/cases';
import { type Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { AccessLogEntryModel } from './access-log-entry.model';
import { AuditChainReportModel } from './audit-chain-report.model';
import { AuditChainCheck } from './audit-chain-check.service';

@Resolver(() => AccessLogEntryModel)
export class AuditResolver {
  constructor(
    @Inject(AccessLogService) private readonly accessLogs: AccessLogService,
    @Inject(AuditChainCheck) private readonly chains: AuditChainCheck,
  ) {}

  @Query(() => [AccessLogEntryModel], {
    description: "Who accessed or changed a record (case, person, referral, consent): the owning organisation's supervisors and auditors.",
  })
  async accessLog(@CurrentActor() actor: Actor, @Args('subjectId', { type: () => ID }) subjectId: string): Promise<AccessLogEntryModel[]> {
    const entries = await this.accessLogs.forSubject(actor, subjectId);
    return entries.map((e) => Object.assign(new AccessLogEntryModel(), e));
  }

  @Query(() => AuditChainReportModel, { description:
      'Auditors: recomputes the hash chains in scope, checks their heads\' signatures and the last signed checkpoint, and reports every broken chain.' })
  verifyAuditChain(@CurrentActor() actor: Actor): Promise<AuditChainReportModel> {
    return this.chains.verify(actor);
  }
}
