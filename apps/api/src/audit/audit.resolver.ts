import { Inject } from '@nestjs/common';
import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { AccessLogService } from '@lib/cases';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, ReadPurpose, readEvent, selectedFields } from './read-audit';
import { AccessLogEntryModel } from './access-log-entry.model';
import { AuditChainReportModel } from './audit-chain-report.model';
import { AuditChainCheck } from './audit-chain-check.service';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@Resolver(() => AccessLogEntryModel)
export class AuditResolver {
  constructor(
    @Inject(AccessLogService) private readonly accessLogs: AccessLogService,
    @Inject(AuditChainCheck) private readonly chains: AuditChainCheck,
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
  ) {}

  @Query(() => [AccessLogEntryModel], {
    description: "Who accessed or changed a record (case, person, referral, consent): the owning organisation's supervisors and auditors.",
  })
  async accessLog(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('subjectId', { type: () => GraphQLUUID }) subjectId: string,
  ): Promise<AccessLogEntryModel[]> {
    const entries = await this.accessLogs.forSubject(actor, subjectId);
    await this.reads.record(
      readEvent(actor, meta, {
        action: ReadAction.ACCESS_LOG,
        subjectType: 'record',
        subjectId: subjectId.toLowerCase(),
        fields: selectedFields(info),
        purpose: ReadPurpose.AUDIT,
      }),
    );
    return entries.map((e) => Object.assign(new AccessLogEntryModel(), e));
  }

  @Query(() => AuditChainReportModel, { description:
      'Auditors: recomputes the hash chains in scope, checks their heads\' signatures and the last signed checkpoint, and reports every broken chain.' })
  verifyAuditChain(@CurrentActor() actor: Actor): Promise<AuditChainReportModel> {
    return this.chains.verify(actor);
  }
}
