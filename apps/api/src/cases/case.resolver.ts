import { Inject } from '@nestjs/common';
import { WorkflowStartDispatcher } from '@lib/temporal';
import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { CaseAccessService, CaseIntakeService, DuplicateSearchService } from '@lib/cases';
import { DomainError } from '@lib/domain';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, readEvent, selectedFields } from '../audit/read-audit';
import { presentCase, type PresentedCase } from './case.presenter';
import { CaseModel } from './case.model';
import { OpenCaseInput } from './open-case.input';
import { DuplicateMatch, PossibleDuplicateModel } from './possible-duplicate.model';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@Resolver(() => CaseModel)
export class CaseResolver {
  constructor(
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(CaseIntakeService) private readonly intake: CaseIntakeService,
    @Inject(DuplicateSearchService) private readonly duplicates: DuplicateSearchService,
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
    /** Starts the case workflow (follow-ups by risk level, referral children, closure) recorded with the case. */
    @Inject(WorkflowStartDispatcher) private readonly starts: WorkflowStartDispatcher,
  ) {}

  @Query(() => CaseModel, { description: 'A case you may see; NOT_FOUND otherwise (existence is never revealed).' })
  async case(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('id', { type: () => GraphQLUUID }) id: string,
  ): Promise<PresentedCase> {
    const access = await this.access.resolve(actor, id);
    if (!access) throw DomainError.notFound('Case');
    // The survivor's decrypted fields are audited on their own (READ_PERSONAL_DATA); this is the case record.
    await this.reads.record(
      readEvent(actor, meta, {
        action: ReadAction.CASE,
        subjectType: 'case',
        subjectId: access.case.id,
        caseId: access.case.id,
        fields: selectedFields(info),
        purpose: access.purpose,
        breakGlass: access.kind === 'BREAK_GLASS',
      }),
    );
    return presentCase(access);
  }

  @Mutation(() => CaseModel, { description: 'Opens a case from a first contact. Idempotent per idempotencyKey.' })
  async openCase(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @Args('input') input: OpenCaseInput): Promise<PresentedCase> {
    const { caseId } = await this.intake.openCase(actor, input, meta);
    // Recorded with the case (outbox): started now, or by the dispatcher if Temporal does not answer in time.
    await this.starts.startNow({ kind: 'CASE', subjectId: caseId, caseId, actorId: actor.staffId });
    const access = await this.access.resolve(actor, caseId);
    if (!access) throw DomainError.notFound('Case');
    return presentCase(access);
  }

  @Query(() => [PossibleDuplicateModel], {
    description: "Search-before-create by exact (normalised) name or phone, in YOUR organisation's cases only.",
  })
  async findPossibleDuplicates(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('fullName', { type: () => String, nullable: true }) fullName?: string | null,
    @Args('phone', { type: () => String, nullable: true }) phone?: string | null,
  ): Promise<PossibleDuplicateModel[]> {
    const found = await this.duplicates.find(actor, { fullName, phone }, meta);
    return found.map((d) =>
      Object.assign(new PossibleDuplicateModel(), {
        caseId: d.caseId,
        caseCode: d.caseCode,
        status: d.status,
        openedAt: d.openedAt,
        matchedOn: d.matchedOn.map((m) => DuplicateMatch[m]),
      }),
    );
  }
}
