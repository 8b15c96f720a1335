import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ConsentGrantor, ConsentMethod, ConsentPurpose, DataCategory, OrganisationType } from '@lib/domain';

/**
 * A consent to share data categories of a case with ONE recipient organisation or ONE organisation type
 * (exactly one of the two is set, enforced by a CHECK constraint), for some purposes, until expiry or withdrawal.
 */
@Entity({ name: 'consents' })
export class ConsentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  grantor!: ConsentGrantor;

  @Column({ type: 'uuid', nullable: true })
  recipientOrganisationId!: string | null;

  @Column({ type: 'text', nullable: true })
  recipientOrganisationType!: OrganisationType | null;

  @Column({ type: 'text', array: true })
  dataCategories!: DataCategory[];

  @Column({ type: 'text', array: true })
  purposes!: ConsentPurpose[];

  @Column({ type: 'text' })
  method!: ConsentMethod;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  grantedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  /** Free text chosen from a fixed list by the UI; must not contain personal data. */
  @Column({ type: 'text', nullable: true })
  withdrawalReason!: string | null;

  /** Staff member id. */
  @Column({ type: 'uuid' })
  recordedBy!: string;
}
