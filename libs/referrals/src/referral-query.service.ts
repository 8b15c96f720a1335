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
    // One round trip: the referral with its case's code and region.
    const { entities, raw } = await this.dataSource
      .getRepository(ReferralEntity)
      .createQueryBuilder('r')
      .innerJoin('cases', 'c', 'c.id = r.case_id')
      .addSelect(['c.case_code AS case_code', 'c.region AS case_region'])
      .where('r.id = :id', { id: referralId })
      .getRawAndEntities<{ case_code: string; case_region: string }>();
    const referral = entities[0];
    const facts = raw[0];
    if (!referral || !facts || referralSide(actor, referral, facts.case_region) === null) throw DomainError.notFound('Referral', referralId);
    return { referral, caseCode: facts.case_code };
  }

  /** Referrals of a case the actor may see: all of them for the owner, only its own for a recipient. */
  async forCase(actor: CaseActor, caseId: string): Promise<ReferralView[]> {
    const access = await this.access.resolve(actor, caseId);
    if (!access || access.kind === 'MONITOR') throw DomainError.notFound('Case', caseId);
    const all = await this.dataSource.getRepository(ReferralEntity).find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return all.filter((r) => referralSide(actor, r, access.case.region) !== null).map((referral) => ({ referral, caseCode: access.case.caseCode }));
  }
}
