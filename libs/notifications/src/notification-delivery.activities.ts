import { ApplicationFailure } from '@temporalio/activity';
import { type DataSource, type EntityManager } from 'typeorm';
import {
  type NotificationActivities,
  type NotificationBatchPlan,
  NOTIFICATION_ACTIVITY_NAMES,
  WEBHOOK_DISABLE_AFTER_FAILURES,
  type WebhookDeliveries,
} from '@lib/contracts';
import { type TaskType } from '@lib/domain';
import { type FieldCipher } from '@lib/crypto';
import { inTransaction, preparedQuery } from '@lib/persistence';
import { VISIBLE_CASE_CODE_SQL, personVisibleCaseCodeSql } from './case-code-visibility';
import { emailDeliveriesInsertSql, webhookDeliveriesInsertSql } from './delivery-plan';
import { type DedicatedStatements } from './dedicated-statements';
import { type MailTransport } from './mail-transport';
import { consoleLink, renderMessage } from './notification-message';
import {
  DEFAULT_NOTIFICATION_LANGUAGE,
  NotificationKind,
  type NotificationLanguage,
  PERSONAL_KINDS,
} from './notification-kinds';
import { recordNotification } from './notification-outbox';
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './webhook-signature';

export interface NotificationDeliveryOptions {
  mail: MailTransport;
  /** Decrypts webhook secrets (the same keys as the API that registered them). */
  cipher: FieldCipher;
  /** The console's base URL for links, e.g. https://nrm.example.gov.az */
  consoleUrl: string;
  /** Per HTTP call (default 10 s). */
  webhookTimeoutMs?: number;
  /**
   * The e-mail read and its delivered marks run here when given (one connection of their own, dedicated-statements.ts:
   * a batch's read is planned a handful of times per process instead of at every batch), else on the pool.
   */
  statements?: DedicatedStatements;
}

interface DeliveryRow {
  id: string;
  notification_id: string;
  kind: NotificationKind;
  task_type: TaskType | null;
  task_id: string | null;
  referral_id: string | null;
  case_id: string | null;
  due_at: Date | null;
  created_at: Date;
  case_code: string | null;
  organisation_id: string;
}

const COMMON_COLUMNS = `d.id, d.notification_id, n.kind, n.task_type, n.task_id, n.referral_id, n.case_id, n.due_at,
  n.created_at, n.organisation_id`;
/** A webhook goes to the organisation's own system: the case code as the organisation may see it. */
const WEBHOOK_COLUMNS = `${COMMON_COLUMNS}, ${VISIBLE_CASE_CODE_SQL} AS case_code`;
/** An e-mail goes to one person (`st`): the case code only if they could open the case (access follows assignment). */
const EMAIL_COLUMNS = `${COMMON_COLUMNS}, ${personVisibleCaseCodeSql({
  staffId: 'st.id',
  organisationId: 'st.organisation_id',
  supervisor: `'SUPERVISOR' = ANY(st.roles)`,
})} AS case_code`;

/** The error code of a failed delivery (`HTTP_503`, `ECONNREFUSED`, `TIMEOUT`…): never a message, which could echo data. */
function errorCode(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; name?: unknown; cause?: { code?: unknown } };
  if (typeof e?.responseCode === 'number') return `SMTP_${e.responseCode}`;
  if (typeof e?.cause?.code === 'string') return e.cause.code.slice(0, 40);
  if (typeof e?.code === 'string') return e.code.slice(0, 40);
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'TIMEOUT';
  return 'ERROR';
}

/**
 * The delivery activities (worker side). Each delivery row's id is the delivery id a receiver deduplicates on: the
 * e-mail's Message-ID, the webhook's X-NRM-Delivery-Id. A row becomes DELIVERED once the SMTP server accepted the
 * message or the receiver answered 2xx; an attempt retried after a crash resends only what is still PENDING.
 */
export class NotificationDeliveryActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: NotificationDeliveryOptions,
  ) {}

  asActivities(): NotificationActivities {
    const out: Partial<Record<keyof NotificationActivities, unknown>> = {};
    for (const name of NOTIFICATION_ACTIVITY_NAMES) out[name] = this[name];
    return out as NotificationActivities;
  }

  planNotificationBatch: NotificationActivities['planNotificationBatch'] = ({ batchId }) =>
    inTransaction(this.dataSource, async (m): Promise<NotificationBatchPlan> => {
      // The same recipients as the relay's claim plans (delivery-plan.ts); nothing new when it already did.
      const batch = `(SELECT * FROM notifications WHERE batch_id = $1) n`;
      await preparedQuery(m, emailDeliveriesInsertSql(batch, '$2'), [batchId, [...PERSONAL_KINDS]]);
      await preparedQuery(m, webhookDeliveriesInsertSql(batch), [batchId]);
      const rows = await preparedQuery<{
        id: string;
        channel: 'EMAIL' | 'WEBHOOK';
        webhook_id: string | null;
      }>(
        m,
        `SELECT d.id, d.channel, d.webhook_id FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
          WHERE n.batch_id = $1 AND d.status = 'PENDING' ORDER BY n.created_at, n.id, d.id`,
        [batchId],
      );
      const webhooks = new Map<string, string[]>();
      const emailDeliveryIds: string[] = [];
      for (const row of rows) {
        if (row.channel === 'EMAIL') emailDeliveryIds.push(row.id);
        else if (row.webhook_id)
          webhooks.set(row.webhook_id, [...(webhooks.get(row.webhook_id) ?? []), row.id]);
      }
      return {
        emailDeliveryIds,
        webhooks: [...webhooks].map(([webhookId, deliveryIds]) => ({ webhookId, deliveryIds })),
      };
    });

  sendNotificationEmails: NotificationActivities['sendNotificationEmails'] = async ({ deliveryIds }) => {
    const rows = await this.query<DeliveryRow & { email: string; language: NotificationLanguage | null }>(
      `SELECT ${EMAIL_COLUMNS}, ns.email, ns.language
         FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
         JOIN notification_settings ns ON ns.staff_id = d.staff_id
         JOIN staff_members st ON st.id = d.staff_id
         LEFT JOIN cases c ON c.id = n.case_id
        WHERE d.id = ANY($1) AND d.status = 'PENDING' AND ns.email IS NOT NULL`,
      [deliveryIds],
    );
    const failures: string[] = [];
    const delivered = new DeliveredMarks((ids) => this.markDeliveredMany(ids));
    const queue = [...rows];
    const sendNext = async (): Promise<void> => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        const message = renderMessage({
          kind: row.kind,
          taskType: row.task_type,
          caseCode: row.case_code,
          dueAt: row.due_at,
          link: consoleLink(this.options.consoleUrl, {
            taskId: row.task_id,
            referralId: row.referral_id,
            caseId: row.case_id,
          }),
          language: row.language ?? DEFAULT_NOTIFICATION_LANGUAGE,
        });
        try {
          await this.options.mail.send({ deliveryId: row.id, to: row.email, ...message });
        } catch (error) {
          failures.push(row.id);
          await this.markAttemptFailed(row.id, errorCode(error));
          continue;
        }
        delivered.add(row.id);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(4, rows.length) }, () => sendNext()));
    } finally {
      await delivered.flushed();
    }
    if (failures.length > 0)
      throw ApplicationFailure.retryable(`${failures.length} e-mail(s) not accepted`, 'DELIVERY_FAILED');
  };

  deliverWebhook: NotificationActivities['deliverWebhook'] = async ({
    webhookId,
    deliveryIds,
  }: WebhookDeliveries) => {
    const hooks = await preparedQuery<{ id: string; url: string; secret_enc: Buffer; active: boolean }>(
      this.dataSource.manager,
      `SELECT id, url, secret_enc, active FROM organisation_webhooks WHERE id = $1`,
      [webhookId],
    );
    const hook = hooks[0];
    if (!hook || !hook.active) return; // disabled since: its pending deliveries stay visible as PENDING/FAILED
    const secret = this.options.cipher.decrypt(hook.secret_enc, {
      table: 'organisation_webhooks',
      column: 'secret_enc',
      rowId: hook.id,
    });
    const rows = await preparedQuery<DeliveryRow>(
      this.dataSource.manager,
      `SELECT ${WEBHOOK_COLUMNS}
         FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
         LEFT JOIN cases c ON c.id = n.case_id
        WHERE d.id = ANY($1) AND d.status = 'PENDING' ORDER BY n.created_at, n.id`,
      [deliveryIds],
    );
    for (const row of rows) {
      const body = JSON.stringify(webhookBody(row, this.options.consoleUrl));
      const timestamp = Math.floor(Date.now() / 1000);
      let failure: string | null = null;
      try {
        const res = await fetch(hook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [DELIVERY_ID_HEADER]: row.id,
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.webhookTimeoutMs ?? 10_000),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.status < 200 || res.status >= 300) failure = `HTTP_${res.status}`;
      } catch (error) {
        failure = errorCode(error);
      }
      if (failure !== null) {
        await this.markAttemptFailed(row.id, failure);
        throw ApplicationFailure.retryable(`webhook delivery failed (${failure})`, 'DELIVERY_FAILED');
      }
      await this.markDelivered(row.id, webhookId);
    }
  };

  recordDeliveryFailure: NotificationActivities['recordDeliveryFailure'] = ({ deliveryIds, webhookId }) =>
    inTransaction(this.dataSource, async (m) => {
      const failed = await preparedQuery<{ id: string }>(
        m,
        `UPDATE notification_deliveries SET status = 'FAILED', failed_at = now() WHERE id = ANY($1) AND status = 'PENDING' RETURNING id`,
        [deliveryIds],
      );
      // Counted once per dead-lettered set (a retried attempt finds nothing PENDING and counts nothing).
      if (webhookId === null || failed.length === 0) return;
      await this.countWebhookFailure(m, webhookId);
    });

  private async countWebhookFailure(m: EntityManager, webhookId: string): Promise<void> {
    const rows = await preparedQuery<{ organisation_id: string; disabled: boolean; disabled_at: Date | null; created_by: string }>(
      m,
      `UPDATE organisation_webhooks
          SET consecutive_failures = consecutive_failures + 1,
              active = active AND consecutive_failures + 1 < $2,
              disabled_at = CASE WHEN active AND consecutive_failures + 1 >= $2 THEN now() ELSE disabled_at END
        WHERE id = $1
        RETURNING organisation_id, (disabled_at IS NOT NULL AND NOT active AND consecutive_failures = $2) AS disabled, disabled_at, created_by`,
      [webhookId, WEBHOOK_DISABLE_AFTER_FAILURES],
    );
    const row = rows[0];
    if (row?.disabled) {
      // A task in the organisation's inbox (its supervisors manage webhooks), once per disabling: due in a day.
      await preparedQuery(
        m,
        `INSERT INTO tasks (organisation_id, type, status, due_at, dedupe_key)
         VALUES ($1, 'WEBHOOK_FAILED', 'OPEN', now() + interval '1 day', $2)
         ON CONFLICT (dedupe_key) DO NOTHING`,
        [row.organisation_id, `webhook:${webhookId}:disabled:${row.disabled_at?.toISOString() ?? 'now'}`],
      );
      await recordNotification(m, {
        kind: NotificationKind.WEBHOOK_DISABLED,
        organisationId: row.organisation_id,
        recipientStaffId: row.created_by,
        dedupeKey: `webhook:${webhookId}:disabled`,
      });
    }
  }

  private async markDelivered(deliveryId: string, webhookId?: string): Promise<void> {
    await preparedQuery(
      this.dataSource.manager,
      `UPDATE notification_deliveries SET status = 'DELIVERED', delivered_at = now(), attempts = attempts + 1, last_error = NULL
        WHERE id = $1 AND status = 'PENDING'`,
      [deliveryId],
    );
    if (webhookId) {
      await preparedQuery(
        this.dataSource.manager,
        `UPDATE organisation_webhooks SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures > 0`,
        [webhookId],
      );
    }
  }

  /** One statement outside any transaction: on the dedicated connection when given, else on the pool. */
  private query<T>(text: string, values: readonly unknown[]): Promise<T[]> {
    return this.options.statements
      ? this.options.statements.query<T>(text, values)
      : preparedQuery<T>(this.dataSource.manager, text, values);
  }

  private async markDeliveredMany(deliveryIds: string[]): Promise<void> {
    await this.query(
      `UPDATE notification_deliveries SET status = 'DELIVERED', delivered_at = now(), attempts = attempts + 1, last_error = NULL
        WHERE id = ANY($1::uuid[]) AND status = 'PENDING'`,
      [deliveryIds],
    );
  }

  private async markAttemptFailed(deliveryId: string, code: string): Promise<void> {
    await preparedQuery(
      this.dataSource.manager,
      `UPDATE notification_deliveries SET attempts = attempts + 1, last_error = $2 WHERE id = $1 AND status = 'PENDING'`,
      [deliveryId, code],
    );
  }
}

/** How long accepted e-mails wait to be marked DELIVERED together (one UPDATE for all accepted meanwhile). */
export const DELIVERED_MARK_DELAY_MS = 20;

/**
 * Marks accepted deliveries DELIVERED in few statements: the ids accepted within DELIVERED_MARK_DELAY_MS (and while
 * an UPDATE runs) go in one UPDATE. A crash before the mark only widens, by that delay, the window in which an accepted
 * e-mail is sent again on retry, with the same delivery id (at-least-once, deduplicated by id, as documented).
 * `flushed()` marks what is left and rethrows a failed mark (the activity then fails and is retried).
 */
export class DeliveredMarks {
  private queued: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private failure: Error | null = null;

  constructor(private readonly mark: (ids: string[]) => Promise<void>) {}

  add(id: string): void {
    this.queued.push(id);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush();
    }, DELIVERED_MARK_DELAY_MS);
  }

  private flush(): void {
    if (this.queued.length === 0) return;
    const ids = this.queued;
    this.queued = [];
    this.running = this.running.then(() =>
      this.mark(ids).catch((error: unknown) => {
        this.failure ??= error instanceof Error ? error : new Error('marking deliveries failed');
      }),
    );
  }

  async flushed(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flush();
    await this.running;
    if (this.failure !== null) throw this.failure;
  }
}

/** The webhook's JSON body: ids, enums, times, the case code only where the organisation may see it, a console link. */
export function webhookBody(row: DeliveryRow, consoleUrl: string): Record<string, string | null> {
  return {
    deliveryId: row.id,
    notificationId: row.notification_id,
    kind: row.kind,
    organisationId: row.organisation_id,
    taskId: row.task_id,
    taskType: row.task_type,
    referralId: row.referral_id,
    caseCode: row.case_code,
    dueAt: row.due_at === null ? null : new Date(row.due_at).toISOString(),
    occurredAt: new Date(row.created_at).toISOString(),
    link: consoleLink(consoleUrl, { taskId: row.task_id, referralId: row.referral_id, caseId: row.case_id }),
  };
}
