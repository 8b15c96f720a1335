import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** NotificationKind values (libs/notifications notification-kinds.ts), frozen here like the other enums. */
export const NOTIFICATION_KIND_VALUES = [
  'NEW_REFERRAL',
  'SERVICE_TASK',
  'COUNTERSIGN_REQUESTED',
  'FOLLOW_UP_DUE',
  'ESCALATION',
  'MONITORING_ALERT',
  'REROUTE_SUGGESTED',
  'INTAKE_STEP',
  'BREAK_GLASS_REVIEW',
  'CLOSURE_REQUESTED',
  'CLOSURE_APPROVED',
  'DEADLINE_REMINDER',
  'DEADLINE_MISSED',
  'REFERRAL_ACCEPTED',
  'REFERRAL_DECLINED',
  'REFERRAL_COMPLETED',
  'REFERRAL_WITHDRAWN',
  'CONSENT_WITHDRAWN',
  'WEBHOOK_DISABLED',
] as const;

/** The channel on which `pg_notify` announces each committed notification (`<id>,<organisation id>`). */
export const NOTIFICATION_PG_CHANNEL = 'nrm_notifications';

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * Notifications: a transactional outbox (`notifications`, written in the transaction of the change that causes it and
 * announced on commit by `pg_notify`), the e-mail and webhook deliveries made from it (one row per recipient and
 * channel: the stable delivery id), per-person preferences and contact settings, and organisation webhooks.
 * Ids, enums and times only: no personal data of a survivor in any of these tables.
 */
export class NotificationOutbox1796150000000 implements MigrationInterface {
  name = 'NotificationOutbox1796150000000';

  public async up(q: QueryRunner): Promise<void> {
    const kinds = list(NOTIFICATION_KIND_VALUES);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CONSTRAINT ck_notifications_kind CHECK (kind IN (${kinds})),
        organisation_id uuid NOT NULL CONSTRAINT fk_notifications_organisation REFERENCES organisations (id),
        recipient_staff_id uuid NULL,
        recipient_roles text[] NOT NULL,
        case_id uuid NULL,
        referral_id uuid NULL,
        task_id uuid NULL,
        task_type text NULL,
        due_at timestamptz NULL,
        mandatory boolean NOT NULL DEFAULT false,
        dedupe_key text NULL CONSTRAINT uq_notifications_dedupe_key UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        batch_id uuid NULL,
        batched_at timestamptz NULL,
        dispatched_at timestamptz NULL
      )`);
    await q.query(
      `CREATE INDEX ix_notifications_feed ON notifications (organisation_id, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX ix_notifications_undispatched ON notifications (created_at) WHERE dispatched_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX ix_notifications_batch ON notifications (batch_id) WHERE batch_id IS NOT NULL`,
    );
    // Announced on COMMIT only (NOTIFY is transactional): a rolled-back change announces nothing.
    await q.query(`
      CREATE FUNCTION nrm_notifications_announce() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${NOTIFICATION_PG_CHANNEL}', NEW.id::text || ',' || NEW.organisation_id::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_notifications_announce AFTER INSERT ON notifications
        FOR EACH ROW EXECUTE FUNCTION nrm_notifications_announce()`);

    await q.query(`
      CREATE TABLE organisation_webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL CONSTRAINT fk_organisation_webhooks_organisation REFERENCES organisations (id),
        url text NOT NULL,
        secret_enc bytea NOT NULL,
        kinds text[] NOT NULL DEFAULT '{}' CONSTRAINT ck_organisation_webhooks_kinds CHECK (kinds <@ ARRAY[${kinds}]::text[]),
        active boolean NOT NULL DEFAULT true,
        consecutive_failures integer NOT NULL DEFAULT 0,
        disabled_at timestamptz NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX ix_organisation_webhooks_organisation ON organisation_webhooks (organisation_id) WHERE active`,
    );

    await q.query(`
      CREATE TABLE notification_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id uuid NOT NULL CONSTRAINT fk_notification_deliveries_notification REFERENCES notifications (id),
        organisation_id uuid NOT NULL,
        channel text NOT NULL CONSTRAINT ck_notification_deliveries_channel CHECK (channel IN ('EMAIL', 'WEBHOOK')),
        staff_id uuid NULL CONSTRAINT fk_notification_deliveries_staff REFERENCES staff_members (id),
        webhook_id uuid NULL CONSTRAINT fk_notification_deliveries_webhook REFERENCES organisation_webhooks (id),
        status text NOT NULL DEFAULT 'PENDING'
          CONSTRAINT ck_notification_deliveries_status CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz NULL,
        failed_at timestamptz NULL,
        CONSTRAINT ck_notification_deliveries_target CHECK (
          (channel = 'EMAIL' AND staff_id IS NOT NULL AND webhook_id IS NULL) OR
          (channel = 'WEBHOOK' AND webhook_id IS NOT NULL AND staff_id IS NULL))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX uq_notification_deliveries_target
        ON notification_deliveries (notification_id, channel, coalesce(staff_id, webhook_id))`);
    await q.query(`
      CREATE INDEX ix_notification_deliveries_failed
        ON notification_deliveries (organisation_id, failed_at DESC) WHERE status = 'FAILED'`);

    await q.query(`
      CREATE TABLE notification_preferences (
        staff_id uuid NOT NULL CONSTRAINT fk_notification_preferences_staff REFERENCES staff_members (id),
        kind text NOT NULL CONSTRAINT ck_notification_preferences_kind CHECK (kind IN (${kinds})),
        channel text NOT NULL CONSTRAINT ck_notification_preferences_channel CHECK (channel IN ('CONSOLE', 'EMAIL')),
        enabled boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (staff_id, kind, channel)
      )`);
    await q.query(`
      CREATE TABLE notification_settings (
        staff_id uuid PRIMARY KEY CONSTRAINT fk_notification_settings_staff REFERENCES staff_members (id),
        email text NULL,
        language text NOT NULL DEFAULT 'az' CONSTRAINT ck_notification_settings_language CHECK (language IN ('az', 'en', 'ru')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_settings`);
    await q.query(`DROP TABLE notification_preferences`);
    await q.query(`DROP TABLE notification_deliveries`);
    await q.query(`DROP TABLE organisation_webhooks`);
    await q.query(`DROP TRIGGER tg_notifications_announce ON notifications`);
    await q.query(`DROP FUNCTION nrm_notifications_announce()`);
    await q.query(`DROP TABLE notifications`);
  }
}
