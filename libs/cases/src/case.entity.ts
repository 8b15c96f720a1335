import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CaseCategory, CaseStatus, PlaceType, RiskLevel } from '@lib/domain';

/** A case. Identified to other organisations by its pseudonymous `caseCode`; personal data lives in `persons`. */
@Entity({ name: 'cases' })
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Pseudonymous, unique, e.g. `NRM-7F3K9Q2M`. */
  @Column({ type: 'text', unique: true })
  caseCode!: string;

  @Column({ type: 'uuid' })
  owningOrganisationId!: string;

  @Column({ type: 'uuid' })
  caseManagerId!: string;

  @Column({ type: 'text' })
  region!: string;

  @Column({ type: 'text' })
  category!: CaseCategory;

  @Column({ type: 'text' })
  riskLevel!: RiskLevel;

  @Column({ type: 'boolean', default: false })
  isChild!: boolean;

  /** Day of the incident (YYYY-MM-DD), when known. */
  @Column({ type: 'date', nullable: true })
  incidentDate!: string | null;

  @Column({ type: 'text', nullable: true })
  incidentPlaceType!: PlaceType | null;

  @Column({ type: 'text', default: CaseStatus.OPEN })
  status!: CaseStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  openedAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  closureRequestedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closureRequestedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  closureApprovedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** Optimistic lock: TypeORM increments it on save; a stale update affects no row. */
  @VersionColumn({ type: 'integer' })
  version!: number;
}
