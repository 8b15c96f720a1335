import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type StaffRole, type TaskType } from '@lib/domain';
import { type NotificationKind } from './notification-kinds';

/** One notification in the outbox (written in the transaction of its cause). Ids, enums and times only. */
@Entity({ name: 'notifications' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: NotificationKind;

  /** The organisation whose staff hear of it. */
  @Column({ type: 'uuid' })
  organisationId!: string;

  /** One named person (a task's assignee, a referral's author) and the supervisors; null: everyone with the roles. */
  @Column({ type: 'uuid', nullable: true })
  recipientStaffId!: string | null;

  @Column({ type: 'text', array: true })
  recipientRoles!: StaffRole[];

  @Column({ type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  referralId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  taskId!: string | null;

  @Column({ type: 'text', nullable: true })
  taskType!: TaskType | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'boolean', default: false })
  mandatory!: boolean;

  @Column({ type: 'text', nullable: true, unique: true })
  dedupeKey!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** The delivery batch that took it (the dispatcher), and when. */
  @Column({ type: 'uuid', nullable: true })
  batchId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  batchedAt!: Date | null;

  /** When its batch's delivery workflow was started. */
  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;
}
