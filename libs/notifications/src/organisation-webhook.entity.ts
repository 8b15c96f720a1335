import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type NotificationKind } from './notification-kinds';

/** An organisation's webhook. The signing secret is stored encrypted (@lib/crypto) and shown once, at registration. */
@Entity({ name: 'organisation_webhooks' })
export class OrganisationWebhookEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'bytea' })
  secretEnc!: Buffer;

  /** The kinds it receives; empty: all. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  kinds!: NotificationKind[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'integer', default: 0 })
  consecutiveFailures!: number;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
