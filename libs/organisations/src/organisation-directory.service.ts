import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type OrganisationType } from '@lib/domain';
import { OrganisationEntity } from './organisation.entity';

export interface DirectoryFilter {
  type?: OrganisationType | null;
  region?: string | null;
  /** Deactivated organisations are left out unless asked for. */
  includeInactive?: boolean | null;
}

/** The public directory of organisations (names, types, regions, services: no personal data). */
@Injectable()
export class OrganisationDirectory {
  constructor(private readonly dataSource: DataSource) {}

  list(filter: DirectoryFilter): Promise<OrganisationEntity[]> {
    const where: Partial<Pick<OrganisationEntity, 'type' | 'region' | 'active'>> = {};
    if (!filter.includeInactive) where.active = true;
    if (filter.type) where.type = filter.type;
    if (filter.region) where.region = filter.region;
    return this.dataSource
      .getRepository(OrganisationEntity)
      .find({ where, order: { name: 'ASC', id: 'ASC' } });
  }

  findById(id: string): Promise<OrganisationEntity | null> {
    return this.dataSource.getRepository(OrganisationEntity).findOneBy({ id });
  }
}
