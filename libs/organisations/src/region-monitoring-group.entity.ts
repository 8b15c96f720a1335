import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which monitoring group covers a region (escalations and monitoring alerts of the region go to it). */
@Entity({ name: 'region_monitoring_groups' })
export class RegionMonitoringGroupEntity {
  @PrimaryColumn({ type: 'text' })
  region!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  assignedAt!: Date;
}
