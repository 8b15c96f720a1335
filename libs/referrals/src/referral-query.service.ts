import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CaseActor, CaseAccessService } from '@lib/cases';
import { DomainError, isUuid } from '@lib/domain';
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
    if (!isUuid(referralId)) throw DomainError.notFound('Referral', referralId);
    const referral = await this.dataSource.getRepository(ReferralEntity).findOneBy({ id: referralId });
    if (!referral) throw DomainError.notFound('Referral', referralId);
    const facts = await this.caseFacts(referral.caseId);
    if (referralSide(actor, referral, facts.region) === null) throw DomainError.notFound('Referral', referralId);
    return { referral, caseCode: facts.caseCode };
  }

  /** Referrals of a case the actor may see: all of them for the owner, only its own for a recipient. */
  async forCase(actor: CaseActor, caseId: string): Promise<ReferralView[]> {
    const access = await this.access.resolve(actor, caseId);
    if (!access || access.kind === 'MONITOR') throw DomainError.notFound('Case', caseId);
    const all = await this.dataSource.getRepository(ReferralEntity).find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return all.filter((r) => referralSide(actor, r, access.case.region) !== null).map((referral) => ({ referral, caseCode: access.case.caseCode }));
  }

  private async caseFacts(caseId: string): Promise<{ caseCode: string; region: string }> {
    const rows: { case_code: string; region: string }[] = await this.dataSource.query('SELECT case_code, region FROM cases WHERE id = $1', [caseId]);
    return { caseCode: rows[0]?.case_code ?? '', region: rows[0]?.region ?? '' };
  }
}
