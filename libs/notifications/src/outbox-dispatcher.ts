import { randomUUID } from 'node:crypto';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  NOTIFICATION_BATCH_WORKFLOW,
  type NotificationBatchPlan,
  NRM_TASK_QUEUE,
  type WebhookDeliveries,
  notificationBatchWorkflowId,
} from '@lib/contracts';
import { DedicatedStatements } from './dedicated-statements';
import { emailDeliveriesInsertSql, webhookDeliveriesInsertSql } from './delivery-plan';
import { PERSONAL_KINDS } from './notification-kinds';
import { PgListener } from './pg-listener';

/** How long the relay gathers announcements before claiming a batch, unless told otherwise. */
export const DEFAULT_GATHER_MS = 1000;

/** The channel the outbox trigger announces on (migration NotificationOutbox). */
export const NOTIFICATION_CHANNEL = 'nrm_notifications';

/**
 * One statement: claim the oldest undispatched rows (`FOR UPDATE SKIP LOCKED`: several relays share the work), insert
 * their deliveries (delivery-plan.ts, the workflow's own planning uses the same SQL), give the rows the batch id and,
 * when the batch has no delivery at all, mark them dispatched too (nothing to deliver: no workflow). Answers the number
 * of rows claimed and the plan: the e-mail delivery ids and each webhook's delivery ids, oldest notification first.
 * $1 batch id, $2 most rows, $3 the personal kinds.
 */
const CLAIM_AND_PLAN = `WITH claimed AS (
    SELECT id, organisation_id, kind, recipient_roles, recipient_staff_id, mandatory, created_at FROM notifications
     WHERE dispatched_at IS NULL AND batch_id IS NULL ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED),
  email AS (${emailDeliveriesInsertSql('claimed n', '$3')} RETURNING id, notification_id),
  hook AS (${webhookDeliveriesInsertSql('claimed n')} RETURNING id, notification_id, webhook_id),
  batched AS (
    UPDATE notifications n SET batch_id = $1, batched_at = now(),
           dispatched_at = CASE WHEN EXISTS (SELECT 1 FROM email) OR EXISTS (SELECT 1 FROM hook) THEN NULL ELSE now() END
      FROM claimed WHERE n.id = claimed.id RETURNING 1)
  SELECT (SELECT count(*)::int FROM batched) AS n,
    (SELECT coalesce(array_agg(e.id::text ORDER BY c.created_at, c.id, e.id), '{}'::text[])
       FROM email e JOIN claimed c ON c.id = e.notification_id) AS emails,
    (SELECT coalesce(json_agg(json_build_object('webhookId', w.webhook_id, 'deliveryIds', w.ids) ORDER BY w.first, w.webhook_id), '[]'::json)
       FROM (SELECT h.webhook_id, array_agg(h.id ORDER BY c.created_at, c.id, h.id) AS ids, min(c.created_at) AS first
               FROM hook h JOIN claimed c ON c.id = h.notification_id GROUP BY h.webhook_id) w) AS webhooks`;

export interface OutboxDispatcherOptions {
  databaseUrl: string;
  client: Client;
  taskQueue?: string;
  /** Most notifications per delivery workflow (default 500). */
  batchSize?: number;
  /**
   * How long to gather announcements before claiming a batch (default DEFAULT_GATHER_MS): each batch is one workflow, so fewer,
   * larger batches under load cost less per notification, for at most this much more e-mail/webhook latency.
   */
  gatherMs?: number;
  /** Safety sweep for announcements missed while no dispatcher listened, and for claimed batches never started (default 15 s). */
  sweepMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Moves committed outbox rows into Temporal: on each announcement (LISTEN) it claims the undispatched rows as one
 * batch (`FOR UPDATE SKIP LOCKED`, so several workers share the work), starts `notification-batch-<batchId>` and marks
 * the rows dispatched. The workflow id is derived from the batch, so starting again after a crash between the start
 * and the mark is refused by Temporal (already started) and only the mark is redone. This is the outbox's relay, not
 * a deadline scan: deadlines stay durable timers in the referral workflows.
 */
export class OutboxDispatcher {
  private readonly listener: PgListener;
  /** The relay's own connection for its claim, marks and sweep (dedicated-statements.ts: planned once, not per call). */
  private readonly statements: DedicatedStatements;
  private timer: NodeJS.Timeout | null = null;
  private readonly sweeper: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly options: OutboxDispatcherOptions) {
    this.listener = new PgListener(
      options.databaseUrl,
      NOTIFICATION_CHANNEL,
      () => this.schedule(),
      () => this.schedule(),
    );
    this.statements = new DedicatedStatements(options.databaseUrl, { applicationName: 'nrm-notifications-relay' });
    this.sweeper = setInterval(() => void this.sweep(), options.sweepMs ?? 15_000);
    this.sweeper.unref();
  }

  /** Listening, and whatever was committed while nobody listened is dispatched. */
  async start(): Promise<void> {
    await this.listener.started();
    await this.sweep();
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain();
    }, this.options.gatherMs ?? DEFAULT_GATHER_MS);
  }

  /** Claims and starts batches until none is left (one drain at a time; an announcement during it runs another). */
  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          while (!this.stopped && (await this.dispatchOne())) {
            /* a full batch: there may be more */
          }
        } catch (error) {
          this.options.onError?.(error);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Claims one batch and plans its deliveries, in one statement (atomic on its own): the rows get the batch id, their
   * deliveries are inserted (the delivery ids), and a batch with no delivery at all (no recipient with an address, no
   * webhook) is marked dispatched at once, without a workflow. Otherwise the batch's workflow is started with its plan
   * (ids only). True when the batch was full, so more may be waiting; a partial batch took everything committed before
   * the claim, and whatever commits after it announces itself and schedules another drain.
   */
  private async dispatchOne(): Promise<boolean> {
    const batchId = randomUUID();
    const limit = this.options.batchSize ?? 500;
    const [claimed] = await this.statements.query<{ n: number; emails: string[]; webhooks: WebhookDeliveries[] }>(
      CLAIM_AND_PLAN,
      [batchId, limit, [...PERSONAL_KINDS]],
    );
    const n = claimed?.n ?? 0;
    if (n === 0) return false;
    const plan: NotificationBatchPlan = { emailDeliveryIds: claimed?.emails ?? [], webhooks: claimed?.webhooks ?? [] };
    if (plan.emailDeliveryIds.length > 0 || plan.webhooks.length > 0) await this.startBatch(batchId, plan);
    return n >= limit;
  }

  /** Starts the batch's workflow (with its plan, or without: the workflow then plans it) and marks it dispatched. */
  private async startBatch(batchId: string, plan?: NotificationBatchPlan): Promise<void> {
    try {
      await this.options.client.workflow.start(NOTIFICATION_BATCH_WORKFLOW, {
        workflowId: notificationBatchWorkflowId(batchId),
        taskQueue: this.options.taskQueue ?? NRM_TASK_QUEUE,
        args: [plan ? { batchId, plan } : { batchId }],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    await this.statements.query(
      `UPDATE notifications SET dispatched_at = now() WHERE batch_id = $1 AND dispatched_at IS NULL`,
      [batchId],
    );
  }

  /** Restarts batches claimed but never marked (a crash between claim and start), then drains. */
  async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      const stale = await this.statements.query<{ batch_id: string }>(
        `SELECT DISTINCT batch_id FROM notifications
          WHERE dispatched_at IS NULL AND batch_id IS NOT NULL AND batched_at < now() - interval '10 seconds'`,
      );
      for (const row of stale) await this.startBatch(row.batch_id);
    } catch (error) {
      this.options.onError?.(error);
    }
    await this.drain();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    if (this.timer) clearTimeout(this.timer);
    await this.listener.stop();
    await this.running;
    await this.statements.end();
  }
}
