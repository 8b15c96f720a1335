import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CaseActor, CaseAccessService } from '@lib/cases';
import { DomainError } from '@lib/domain';
import { ConsentEntity } from './consent.entity';

/** The consents of a case, for the owning organisation's case roles only (recipients never see them). */
@Injectable()
export class ConsentQueryService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
  ) {}

  async forCase(actor: CaseActor, caseId: string): Promise<ConsentEntity[]> {
    const access = await this.access.resolve(actor, caseId);
    if (!access || access.kind !== 'OWNER') throw DomainError.notFound('Case');
    return this.dataSource.getRepository(ConsentEntity).find({ where: { caseId }, order: { grantedAt: 'ASC', id: 'ASC' } });
  }
}
