import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { type ContactPoint, OrganisationType, ServiceType } from '@lib/domain';

/** An organisation of the National Referral Mechanism. Holds no personal data (contact points are the organisation's). */
@Entity({ name: 'organisations' })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Display name (English when known, else Azerbaijani); the three languages are in name_az/en/ru. */
  @Column({ type: 'text' })
  name!: string;

  /** Null only on rows written before names were kept per language (readers fall back to `name`). */
  @Column({ type: 'text', nullable: true })
  nameAz!: string | null;

  @Column({ type: 'text', nullable: true })
  nameEn!: string | null;

  @Column({ type: 'text', nullable: true })
  nameRu!: string | null;

  @Column({ type: 'text' })
  type!: OrganisationType;

  /** A region name such as "Baku", or "national" for agencies that serve the whole country. */
  @Column({ type: 'text' })
  region!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  services!: ServiceType[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  contactPoints!: ContactPoint[];

  @Column({ type: 'boolean', default: true })
  acceptsReferrals!: boolean;

  /** A deactivated organisation receives no new referrals; its pending ones went back to their senders. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  @VersionColumn({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
