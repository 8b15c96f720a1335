import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@lib/domain';
import { preparedQuery, type WorkflowStart, type WorkflowStartKind } from '@lib/persistence';
import { ReferralProcessClient } from './referral-process.client';

export const WORKFLOW_START_OPTIONS = Symbol('WORKFLOW_START_OPTIONS');

export interface WorkflowStartOptions {
  /** How often each API process looks for starts left over (Temporal unreachable, a process killed). Default 1 s. */
  pollIntervalMs?: number;
  /** Client-side deadline of one start (request path and dispatcher). Default 3 s. */
  startTimeoutMs?: number;
  /** Rows taken per sweep. Default 50. */
  batchSize?: number;
}

/** A claimed row is not taken again (by this or another replica) before this many seconds. */
const LEASE_SECONDS = 5;

interface ClaimedRow {
  kind: WorkflowStartKind;
  subject_id: string;
  case_id: string;
  actor_id: string | null;
  related_id: string | null;
  revision: number;
}

/**
 * Starts the workflows, and sends the signals, recorded in the `workflow_starts` outbox (libs/persistence
 * workflow-start-outbox.ts).
 *
 * - `startNow` / `sendPending`: the request that committed the row starts its workflow (or signals it) at once,
 *   under a short client deadline, and deletes the row. If Temporal does not answer in time the request still succeeds (the change is committed and the
 *   row is durable); the sweep starts the workflow later.
 * - the sweep (every `pollIntervalMs` in every API process): claims due rows with FOR UPDATE SKIP LOCKED and a lease,
 *   so replicas share the work without taking the same row twice, hands them to Temporal durably (see `start`) and
 *   deletes the rows it handed over. Starts
 *   are idempotent (fixed workflow ids, idempotent updates), so a row started twice (a lease expired during a slow
 *   start, a request and the sweep racing) does no harm.
 */
@Injectable()
export class WorkflowStartDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WorkflowStarts');
  private readonly pollIntervalMs: number;
  private readonly startTimeoutMs: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ReferralProcessClient) private readonly process: ReferralProcessClient,
    @Optional() @Inject(WORKFLOW_START_OPTIONS) options?: WorkflowStartOptions,
  ) {
    this.pollIntervalMs = options?.pollIntervalMs ?? 1000;
    this.startTimeoutMs = options?.startTimeoutMs ?? 3000;
    this.batchSize = options?.batchSize ?? 50;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.sweeping || this.stopped) return;
      this.sweeping = this.sweep()
        .catch((error: unknown) => this.logger.warn(`sweep failed: ${errorName(error)}`))
        .finally(() => {
          this.sweeping = undefined;
        });
    }, this.pollIntervalMs);
    this.timer.unref();
  }

  /**
   * Stops sweeping before any module's onApplicationShutdown closes what a sweep uses (the Temporal connection, the
   * database pool); the request path (`startNow` / `sendPending`) keeps working until the server has drained.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  /**
   * Starts the workflow of a committed change now (request path). True when it runs; false when Temporal could not
   * be reached in time: the outbox row stays and the sweep starts it. Business rejections (e.g. the case closed
   * meanwhile) are rethrown after the row is dropped.
   */
  async startNow(start: WorkflowStart): Promise<boolean> {
    return this.send(start, 0);
  }

  /**
   * Sends the pending start or signal a committed change recorded for (kind, subject), now (request path): what
   * `startNow` does, for a row the caller knows only by its subject. Nothing is pending (already sent, e.g. by the
   * sweep, or a replayed request): true at once.
   */
  async sendPending(kind: WorkflowStartKind, subjectId: string): Promise<boolean> {
    const [row] = await preparedQuery<ClaimedRow>(
      this.dataSource.manager,
      `SELECT kind, subject_id, case_id, actor_id, related_id, revision FROM workflow_starts WHERE kind = $1 AND subject_id = $2`,
      [kind, subjectId],
    );
    // The revision read now, after the caller's commit: a change committed later bumps it, and the row then stays for
    // the sweep (the workflow may have re-read its subject before that change).
    return row ? this.send(toStart(row), row.revision) : true;
  }

  private async send(start: WorkflowStart, revision: number): Promise<boolean> {
    try {
      await this.start(start);
    } catch (error) {
      if (error instanceof DomainError) {
        await this.remove(start.kind, start.subjectId, revision);
        throw error;
      }
      this.logger.warn(
        `${start.kind} ${start.subjectId}: workflow not started yet (${errorName(error)}); it will be`,
      );
      return false;
    }
    await this.remove(start.kind, start.subjectId, revision);
    return true;
  }

  /** One pass over the due rows; returns how many workflows it started. */
  async sweep(): Promise<number> {
    const claimed = await preparedQuery<ClaimedRow>(
      this.dataSource.manager,
      `UPDATE workflow_starts w SET attempts = w.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
       FROM (SELECT kind, subject_id FROM workflow_starts WHERE next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
       WHERE w.kind = due.kind AND w.subject_id = due.subject_id
       RETURNING w.kind, w.subject_id, w.case_id, w.actor_id, w.related_id, w.revision`,
      [this.batchSize, LEASE_SECONDS],
    );
    if (claimed.length === 0) return 0;
    const results = await Promise.all(
      claimed.map(async (row): Promise<boolean> => {
        const start = toStart(row);
        try {
          await this.start(start, 'durably');
        } catch (error) {
          if (!(error instanceof DomainError)) return false; // Temporal still unreachable: the lease expires, retried
          this.logger.warn(
            `${start.kind} ${start.subjectId}: workflow start refused (${error.code}); dropped`,
          );
        }
        await this.remove(start.kind, start.subjectId, row.revision);
        return true;
      }),
    );
    const started = results.filter(Boolean).length;
    if (started > 0) this.logger.log(`started ${started} pending workflow(s)`);
    if (started < claimed.length)
      this.logger.warn(`${claimed.length - started} workflow start(s) still pending`);
    return started;
  }

  /**
   * `running` (request path): returns once the workflow runs, so the recipient can respond as soon as the API answers.
   * `durably` (sweep): returns once Temporal holds the start, which for a referral does not need a worker to be up
   * (signal-with-start of its case workflow); a DOST intake's start is an update, so it waits for a worker.
   */
  private start(start: WorkflowStart, until: 'running' | 'durably' = 'running'): Promise<unknown> {
    const deadline = Date.now() + this.startTimeoutMs;
    return this.process.client.connection.withDeadline(deadline, async (): Promise<unknown> => {
      switch (start.kind) {
        case 'REFERRAL':
          return until === 'running'
            ? this.process.startReferral(start.caseId, start.subjectId)
            : this.process.queueReferralStart(start.caseId, start.subjectId);
        case 'CASE':
          return this.process.startCaseWorkflow(
            start.caseId,
            start.actorId ? { openedBy: start.actorId } : {},
          );
        case 'DOST_INTAKE':
          return this.process.startDostIntake(start.caseId, start.actorId ?? '');
        case 'PROTECTION_ORDER':
          return this.process.startProtectionOrder(start.caseId, start.subjectId);
        case 'REFERRAL_COUNTERSIGNED':
          return this.process.referralCountersigned(start.subjectId);
        case 'REFERRAL_WITHDRAWN':
          return this.process.referralWithdrawnByApi(start.subjectId);
        case 'CONSENT_WITHDRAWN':
          return this.process.signalConsentWithdrawn(start.caseId, start.subjectId, start.actorId ?? '');
        case 'RISK_LEVEL_CHANGED':
          return this.process.signalRiskLevelChanged(start.caseId, start.subjectId);
        case 'SAFETY_PLAN_ITEM_CHANGED':
          return this.process.safetyPlanItemChanged(start.subjectId);
        case 'PROTECTION_ORDER_CHANGED':
          return this.process.protectionOrderChanged(start.caseId, start.subjectId);
        case 'PROTECTION_ORDER_BREACH':
          return this.process.protectionOrderBreached(start.caseId, start.relatedId ?? '', start.subjectId);
      }
    });
  }

  /** Drops a row that was sent, unless its subject changed again since (a newer revision is sent later). */
  private async remove(kind: WorkflowStartKind, subjectId: string, revision: number): Promise<void> {
    await preparedQuery(
      this.dataSource.manager,
      `DELETE FROM workflow_starts WHERE kind = $1 AND subject_id = $2 AND revision = $3`,
      [kind, subjectId, revision],
    );
  }
}

function toStart(row: ClaimedRow): WorkflowStart {
  return { kind: row.kind, subjectId: row.subject_id, caseId: row.case_id, actorId: row.actor_id, relatedId: row.related_id };
}

function errorName(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  // gRPC status or PostgreSQL SQLSTATE: codes only, never a message (it could carry values).
  const code =
    (error as { code?: unknown }).code ?? (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' || typeof code === 'number' ? `${error.name} ${code}` : error.name;
}
