import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CallerType, CaseCategory, ChildAgeBand, ContactChannel } from '@lib/domain';

/** A first contact with a helpline or centre (statistics source). No personal data: anonymous contacts allowed. */
@Entity({ name: 'contacts' })
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  channel!: ContactChannel;

  @Column({ type: 'boolean', default: false })
  anonymous!: boolean;

  @Column({ type: 'text' })
  category!: CaseCategory;

  @Column({ type: 'text' })
  callerType!: CallerType;

  @Column({ type: 'text', nullable: true })
  childAgeBand!: ChildAgeBand | null;

  @Column({ type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  caseId!: string | null;

  /** Staff member id. */
  @Column({ type: 'uuid' })
  recordedBy!: string;
}
