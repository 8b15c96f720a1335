import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum DeliveryChannel {
  EMAIL = 'EMAIL',
  WEBHOOK = 'WEBHOOK',
}

export enum DeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  /** Retries exhausted (dead-lettered): visible to the organisation's administrators. */
  FAILED = 'FAILED',
}

/** One e-mail or webhook delivery of a notification. Its id is the stable delivery id receivers deduplicate on. */
@Entity({ name: 'notification_deliveries' })
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  notificationId!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  channel!: DeliveryChannel;

  @Column({ type: 'uuid', nullable: true })
  staffId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  webhookId!: string | null;

  @Column({ type: 'text', default: DeliveryStatus.PENDING })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** An error code (e.g. `HTTP_503`, `ECONNREFUSED`), never a message. */
  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt!: Date | null;
}
