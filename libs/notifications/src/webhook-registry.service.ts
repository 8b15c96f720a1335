import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { type Actor } from '@lib/authz';
import { FieldCipher } from '@lib/crypto';
import { DomainError, StaffRole, isUuid, requireEnumArray } from '@lib/domain';
import { IdempotencyService, inTransaction, preparedQuery } from '@lib/persistence';
import { NotificationKind } from './notification-kinds';
import { newWebhookSecret } from './webhook-signature';

/**
 * Who manages an organisation's webhooks and sees its failed deliveries: its administrators and supervisors.
 * (An ORGANISATION_ADMIN role is being added separately; it belongs here when it lands.)
 */
export const WEBHOOK_ADMIN_ROLES: readonly StaffRole[] = [StaffRole.ADMINISTRATOR, StaffRole.ORGANISATION_ADMIN, StaffRole.SUPERVISOR];

export interface WebhookView {
  id: string;
  url: string;
  kinds: NotificationKind[];
  active: boolean;
  consecutiveFailures: number;
  disabledAt: Date | null;
  createdAt: Date;
}

export interface FailedDeliveryView {
  id: string;
  notificationId: string;
  kind: NotificationKind;
  channel: 'EMAIL' | 'WEBHOOK';
  webhookId: string | null;
  staffId: string | null;
  attempts: number;
  lastError: string | null;
  failedAt: Date;
}

const SECRET_CONTEXT = (id: string): { table: string; column: string; rowId: string } => ({
  table: 'organisation_webhooks',
  column: 'secret_enc',
  rowId: id,
});

function requireWebhookAdmin(actor: Actor): void {
  if (!actor.roles.some((r) => WEBHOOK_ADMIN_ROLES.includes(r))) {
    throw DomainError.forbidden("Only the organisation's administrators manage webhooks");
  }
}

/** https only, except loopback http (development and tests); no credentials in the URL; at most 2,000 characters. */
export function requireWebhookUrl(value: unknown): string {
  const bad = (message: string): never => {
    throw DomainError.badInput('Invalid webhook URL', [{ path: ['input', 'url'], message }]);
  };
  if (typeof value !== 'string' || value.length > 2000)
    return bad('must be a URL of at most 2000 characters');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return bad('must be an absolute URL');
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return bad('must use https');
  if (url.username || url.password) return bad('must not carry credentials');
  return url.toString();
}

@Injectable()
export class WebhookRegistryService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  /**
   * Registers a webhook for the actor's organisation and returns its signing secret: the only time it is shown (a
   * retry with the same idempotency key returns the same webhook and secret to the same person).
   */
  async register(
    actor: Actor,
    input: { url: unknown; kinds?: unknown },
    idempotencyKey: string,
    meta: { requestId: string | null },
  ): Promise<{ webhook: WebhookView; secret: string }> {
    requireWebhookAdmin(actor);
    const url = requireWebhookUrl(input.url);
    const kinds =
      input.kinds === null || input.kinds === undefined
        ? []
        : requireEnumArray(NotificationKind, input.kinds, ['input', 'kinds'], { allowEmpty: true });
    const id = randomUUID();
    const idempotency = new IdempotencyService(this.dataSource);
    const result = await idempotency.runOnce(
      actor.staffId,
      idempotencyKey,
      'registerWebhook',
      IdempotencyService.hashRequest({ url, kinds }),
      async (m) => {
        const secret = newWebhookSecret();
        await preparedQuery(
          m,
          `INSERT INTO organisation_webhooks (id, organisation_id, url, secret_enc, kinds, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            id,
            actor.organisationId,
            url,
            this.cipher.encrypt(secret, SECRET_CONTEXT(id)),
            kinds,
            actor.staffId,
          ],
        );
        await this.audit.record(m, {
          actorId: actor.staffId,
          organisationId: actor.organisationId,
          action: 'WEBHOOK_REGISTERED',
          subjectType: 'webhook',
          subjectId: id,
          fields: ['url', 'kinds'],
          requestId: meta.requestId,
        });
        return id;
      },
      id,
    );
    const rows = await preparedQuery<WebhookRow & { secret_enc: Buffer }>(
      this.dataSource.manager,
      `SELECT ${WEBHOOK_COLUMNS}, secret_enc FROM organisation_webhooks WHERE id = $1 AND organisation_id = $2`,
      [result.id, actor.organisationId],
    );
    const row = rows[0];
    if (!row) throw DomainError.notFound('Webhook');
    return { webhook: toWebhook(row), secret: this.cipher.decrypt(row.secret_enc, SECRET_CONTEXT(row.id)) };
  }

  async list(actor: Actor): Promise<WebhookView[]> {
    requireWebhookAdmin(actor);
    const rows = await preparedQuery<WebhookRow>(
      this.dataSource.manager,
      `SELECT ${WEBHOOK_COLUMNS} FROM organisation_webhooks WHERE organisation_id = $1 ORDER BY created_at, id`,
      [actor.organisationId],
    );
    return rows.map(toWebhook);
  }

  /** Turns a webhook on again (after fixing the receiver) or off. Another organisation's webhook: NOT_FOUND. */
  async setActive(
    actor: Actor,
    webhookId: string,
    active: boolean,
    meta: { requestId: string | null },
  ): Promise<WebhookView> {
    requireWebhookAdmin(actor);
    if (!isUuid(webhookId)) throw DomainError.notFound('Webhook');
    return inTransaction(this.dataSource, async (m) => {
      const rows = await preparedQuery<WebhookRow>(
        m,
        `UPDATE organisation_webhooks SET active = $3, consecutive_failures = CASE WHEN $3 THEN 0 ELSE consecutive_failures END,
                disabled_at = CASE WHEN $3 THEN NULL ELSE coalesce(disabled_at, now()) END
          WHERE id = $1 AND organisation_id = $2 RETURNING ${WEBHOOK_COLUMNS}`,
        [webhookId.toLowerCase(), actor.organisationId, active],
      );
      const row = rows[0];
      if (!row) throw DomainError.notFound('Webhook');
      await this.audit.record(m, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: active ? 'WEBHOOK_ENABLED' : 'WEBHOOK_DISABLED',
        subjectType: 'webhook',
        subjectId: row.id,
        fields: ['active'],
        requestId: meta.requestId,
      });
      return toWebhook(row);
    });
  }

  /** The organisation's dead-lettered deliveries (retries exhausted), newest first. */
  async failedDeliveries(actor: Actor, first: number): Promise<FailedDeliveryView[]> {
    requireWebhookAdmin(actor);
    if (!Number.isInteger(first) || first < 1 || first > 100) {
      throw DomainError.badInput('Invalid page size', [
        { path: ['first'], message: 'must be between 1 and 100' },
      ]);
    }
    const rows = await preparedQuery<{
      id: string;
      notification_id: string;
      kind: NotificationKind;
      channel: 'EMAIL' | 'WEBHOOK';
      webhook_id: string | null;
      staff_id: string | null;
      attempts: number;
      last_error: string | null;
      failed_at: Date;
    }>(
      this.dataSource.manager,
      `SELECT d.id, d.notification_id, n.kind, d.channel, d.webhook_id, d.staff_id, d.attempts, d.last_error, d.failed_at
         FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.organisation_id = $1 AND d.status = 'FAILED' ORDER BY d.failed_at DESC, d.id LIMIT $2`,
      [actor.organisationId, first],
    );
    return rows.map((r) => ({
      id: r.id,
      notificationId: r.notification_id,
      kind: r.kind,
      channel: r.channel,
      webhookId: r.webhook_id,
      staffId: r.staff_id,
      attempts: r.attempts,
      lastError: r.last_error,
      failedAt: new Date(r.failed_at),
    }));
  }
}

interface WebhookRow {
  id: string;
  url: string;
  kinds: NotificationKind[];
  active: boolean;
  consecutive_failures: number;
  disabled_at: Date | null;
  created_at: Date;
}
const WEBHOOK_COLUMNS = `id, url, kinds, active, consecutive_failures, disabled_at, created_at`;

function toWebhook(r: WebhookRow): WebhookView {
  return {
    id: r.id,
    url: r.url,
    kinds: r.kinds,
    active: r.active,
    consecutiveFailures: r.consecutive_failures,
    disabledAt: r.disabled_at === null ? null : new Date(r.disabled_at),
    createdAt: new Date(r.created_at),
  };
}
