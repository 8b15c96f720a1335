import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { PersonRole } from '@lib/domain';

/**
 * A survivor or dependant. The ONLY table holding personal data, and only encrypted (`*_enc`, AES-256-GCM via
 * `FieldCipher`, AAD = table, column and row id). `nameBidx`/`phoneBidx` are HMAC blind indexes (hex) for exact lookup.
 */
@Entity({ name: 'persons' })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  role!: PersonRole;

  @Column({ type: 'bytea', nullable: true })
  fullNameEnc!: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  dateOfBirthEnc!: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  phoneEnc!: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  addressEnc!: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  narrativeEnc!: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  healthEnc!: Buffer | null;

  /** Key version used for the row's latest write (each value also carries its own version). */
  @Column({ type: 'integer' })
  keyVersion!: number;

  @Column({ type: 'text', nullable: true })
  nameBidx!: string | null;

  @Column({ type: 'text', nullable: true })
  phoneBidx!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
