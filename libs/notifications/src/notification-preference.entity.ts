import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type NotificationChannel, type NotificationKind } from './notification-kinds';

/** A person's choice for one kind on one channel. No row: on. */
@Entity({ name: 'notification_preferences' })
export class NotificationPreferenceEntity {
  @PrimaryColumn({ type: 'uuid' })
  staffId!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: NotificationKind;

  @PrimaryColumn({ type: 'text' })
  channel!: NotificationChannel;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
