import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CaseActor, CaseAccessService, loadCaseTeam } from '@lib/cases';
import { DomainError, isUuid } from '@lib/domain';
import { entityColumns, hydrateEntity, preparedQuery } from '@lib/persistence';
import { referralSide } from './referral-parties';
import { ReferralEntity } from './referral.entity';

export interface ReferralView {
  referral: ReferralEntity;
  caseCode: string;
}

/** Reads referrals for their sender or (once visible) recipient; anyone else gets NOT_FOUND. */
@Injectable()
export class ReferralQueryService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
  ) {}

  async get(actor: CaseActor, referralId: string): Promise<ReferralView> {
    if (!isUuid(referralId)) throw DomainError.notFound('Referral');
    // The referral with its case's code and region in one round trip, then the case's team (access follows assignment).
    const manager = this.dataSource.manager;
    const rows = await preparedQuery<Record<string, unknown> & { case_code: string; case_region: string }>(
      manager,
      `SELECT ${entityColumns(manager, ReferralEntity, 'r')}, c.case_code, c.region AS case_region
         FROM referrals r JOIN cases c ON c.id = r.case_id WHERE r.id = $1`,
      [referralId],
    );
    const facts = rows[0];
    const referral = facts ? hydrateEntity(manager, ReferralEntity, facts) : undefined;
    if (!referral || !facts) throw DomainError.notFound('Referral');
    const team = await loadCaseTeam(manager, referral.caseId);
    if (referralSide(actor, referral, { region: facts.case_region, ...team }) === null) throw DomainError.notFound('Referral');
    return { referral, caseCode: facts.case_code };
  }

  /** Referrals of a case the actor may see: all of them for the owner, only its own for a recipient. */
  async forCase(actor: CaseActor, caseId: string): Promise<ReferralView[]> {
    const access = await this.access.resolve(actor, caseId);
    if (!access || access.kind === 'MONITOR') throw DomainError.notFound('Case');
    const all = await this.dataSource.getRepository(ReferralEntity).find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const facts = { region: access.case.region, teamIds: access.subject.teamIds, assignedOrganisationIds: access.subject.assignedOrganisationIds };
    return all.filter((r) => referralSide(actor, r, facts) !== null).map((referral) => ({ referral, caseCode: access.case.caseCode }));
  }
}
