import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { PreferredLanguage, StaffRole } from '@lib/domain';

/** A staff member of one organisation. `username` is the login name (not personal data of a survivor). */
@Entity({ name: 'staff_members' })
export class StaffMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text', unique: true })
  username!: string;

  @Column({ type: 'text' })
  displayName!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles!: StaffRole[];

  @Column({ type: 'uuid', nullable: true })
  supervisorId!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'text', default: PreferredLanguage.AZ })
  preferredLanguage!: PreferredLanguage;

  /** The identity provider's issuer and subject (or verified e-mail) this member signs in with; both or neither. */
  @Column({ type: 'text', nullable: true })
  identityIssuer!: string | null;

  @Column({ type: 'text', nullable: true })
  identitySubject!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  @VersionColumn({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
