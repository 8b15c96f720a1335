import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type NotificationLanguage } from './notification-kinds';

/** Where and in which language a staff member receives e-mail notifications. */
@Entity({ name: 'notification_settings' })
export class NotificationSettingsEntity {
  @PrimaryColumn({ type: 'uuid' })
  staffId!: string;

  /** The staff member's work address; null: no e-mail. */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', default: 'az' })
  language!: NotificationLanguage;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
