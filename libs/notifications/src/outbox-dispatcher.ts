import { randomUUID } from 'node:crypto';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { type DataSource } from 'typeorm';
import { NOTIFICATION_BATCH_WORKFLOW, NRM_TASK_QUEUE, notificationBatchWorkflowId } from '@lib/contracts';
import { preparedQuery } from '@lib/persistence';
import { PgListener } from './pg-listener';

/** The channel the outbox trigger announces on (migration NotificationOutbox). */
export const NOTIFICATION_CHANNEL = 'nrm_notifications';

export interface OutboxDispatcherOptions {
  databaseUrl: string;
  client: Client;
  taskQueue?: string;
  /** Most notifications per delivery workflow (default 500). */
  batchSize?: number;
  /**
   * How long to gather announcements before claiming a batch (default 250 ms): each batch is one workflow, so fewer,
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
  private timer: NodeJS.Timeout | null = null;
  private readonly sweeper: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: OutboxDispatcherOptions,
  ) {
    this.listener = new PgListener(
      options.databaseUrl,
      NOTIFICATION_CHANNEL,
      () => this.schedule(),
      () => this.schedule(),
    );
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
    }, this.options.gatherMs ?? 250);
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
   * Claims one batch (one statement, atomic on its own) and starts its workflow. True when the batch was full, so
   * more may be waiting; a partial batch took everything committed before the claim, and whatever commits after it
   * announces itself and schedules another drain.
   */
  private async dispatchOne(): Promise<boolean> {
    const batchId = randomUUID();
    const limit = this.options.batchSize ?? 500;
    const [claimed] = await preparedQuery<{ n: number }>(
      this.dataSource.manager,
      `WITH claimed AS (
         SELECT id FROM notifications WHERE dispatched_at IS NULL AND batch_id IS NULL
          ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED),
       batched AS (
         UPDATE notifications n SET batch_id = $1, batched_at = now() FROM claimed WHERE n.id = claimed.id RETURNING 1)
       SELECT count(*)::int AS n FROM batched`,
      [batchId, limit],
    );
    const n = claimed?.n ?? 0;
    if (n === 0) return false;
    await this.startBatch(batchId);
    return n >= limit;
  }

  private async startBatch(batchId: string): Promise<void> {
    try {
      await this.options.client.workflow.start(NOTIFICATION_BATCH_WORKFLOW, {
        workflowId: notificationBatchWorkflowId(batchId),
        taskQueue: this.options.taskQueue ?? NRM_TASK_QUEUE,
        args: [{ batchId }],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    await preparedQuery(
      this.dataSource.manager,
      `UPDATE notifications SET dispatched_at = now() WHERE batch_id = $1 AND dispatched_at IS NULL`,
      [batchId],
    );
  }

  /** Restarts batches claimed but never marked (a crash between claim and start), then drains. */
  async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      const stale = await preparedQuery<{ batch_id: string }>(
        this.dataSource.manager,
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
  }
}
