import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TaskStatus, TaskType } from '@lib/domain';

/** A work item in an organisation's inbox. Holds ids only. `dedupeKey` (unique when set) makes creation idempotent. */
@Entity({ name: 'tasks' })
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'text' })
  type!: TaskType;

  @Column({ type: 'text', default: TaskStatus.OPEN })
  status!: TaskStatus;

  @Column({ type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  referralId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  followUpAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  completedBy!: string | null;

  @Column({ type: 'text', nullable: true, unique: true })
  dedupeKey!: string | null;

  /** When the assignee (or the organisation) was last reminded of this task's deadline; null: never. */
  @Column({ type: 'timestamptz', nullable: true })
  remindedAt!: Date | null;

  /** How many reminders this task has had (one per reminder instant, however often the reminder was retried). */
  @Column({ type: 'integer', default: 0 })
  reminderCount!: number;
}
