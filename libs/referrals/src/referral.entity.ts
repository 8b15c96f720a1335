import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { ConsentPurpose, DataCategory, DataProfile, EscalationTarget, LegalBasis, ReferralStatus, ServiceType } from '@lib/domain';

/**
 * A referral of a case from one organisation to another. Personal data is shared only on `consentId` OR a recorded
 * `legalBasis` (+ justification, countersignature). DB CHECKs: a referral has a consent, a legal basis, or an
 * identity-free profile (ANONYMOUS_INCIDENT / DE_IDENTIFIED); a legal basis always has a justification.
 */
@Entity({ name: 'referrals' })
export class ReferralEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'uuid' })
  fromOrganisationId!: string;

  @Column({ type: 'uuid' })
  toOrganisationId!: string;

  @Column({ type: 'text' })
  serviceType!: ServiceType;

  @Column({ type: 'text' })
  dataProfile!: DataProfile;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  dataCategories!: DataCategory[];

  @Column({ type: 'text' })
  purpose!: ConsentPurpose;

  @Column({ type: 'text', default: ReferralStatus.PENDING })
  status!: ReferralStatus;

  @Column({ type: 'uuid', nullable: true })
  consentId!: string | null;

  @Column({ type: 'text', nullable: true })
  legalBasis!: LegalBasis | null;

  @Column({ type: 'text', nullable: true })
  legalJustification!: string | null;

  @Column({ type: 'uuid', nullable: true })
  countersignedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  countersignedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  declineReason!: string | null;

  @Column({ type: 'text', nullable: true })
  withdrawReason!: string | null;

  @Column({ type: 'text', nullable: true })
  outcomeNote!: string | null;

  @Column({ type: 'timestamptz' })
  responseDueAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  serviceDueAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;

  /**
   * Who a missed deadline escalates to, pinned from the deadline policy with the deadlines when the referral opens.
   * NULL: not pinned (opened before targets were pinned): every target.
   */
  @Column({ type: 'text', array: true, nullable: true })
  escalateTo!: EscalationTarget[] | null;

  /** Staff member id. */
  @Column({ type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** Optimistic lock. */
  @VersionColumn({ type: 'integer' })
  version!: number;
}
