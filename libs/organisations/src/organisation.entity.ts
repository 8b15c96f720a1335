import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationType, ServiceType } from '@lib/domain';

/** An organisation of the National Referral Mechanism. Holds no personal data. */
@Entity({ name: 'organisations' })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  type!: OrganisationType;

  /** A region name such as "Baku", or "national" for agencies that serve the whole country. */
  @Column({ type: 'text' })
  region!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  services!: ServiceType[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
