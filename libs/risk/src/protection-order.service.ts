import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { Action } from '@lib/authz';
import { type CaseAccess, type CaseActor, CaseAccessService, rejectClosed, TimelineKind, TimelineWriter } from '@lib/cases';
import {
  DomainError,
  DomainErrorCode,
  ProtectionOrderKind,
  type ProtectionOrderCondition,
  ProtectionOrderStatus,
  isUuid,
  optionalText,
  protectionOrderIssueDueAt,
  requireDate,
  requireEnum,
  validateProtectionOrderExtension,
  validateProtectionOrderConditions,
  validateProtectionOrderIssue,
} from '@lib/domain';
import { enqueueWorkflowStart, IdempotencyService, preparedQuery } from '@lib/persistence';
import { loadDeadlinePolicyFromEnv } from '@lib/referral-process';

export interface ProtectionOrderBreachRecord {
  id: string;
  reporterOrganisationId: string;
  occurredAt: Date;
  reportedAt: Date;
}

export interface ProtectionOrderRecord {
  id: string;
  caseId: string;
  organisationId: string;
  kind: ProtectionOrderKind;
  status: ProtectionOrderStatus;
  appliedAt: Date;
  issueDueAt: Date | null;
  issuedAt: Date | null;
  expiresAt: Date | null;
  alertAt: Date | null;
  extensionCount: number;
  /** What the issued order forbids or requires (codes; empty until issued). */
  conditions: ProtectionOrderCondition[];
  breaches: ProtectionOrderBreachRecord[];
}

interface OrderRow {
  id: string;
  case_id: string;
  organisation_id: string;
  kind: ProtectionOrderKind;
  status: ProtectionOrderStatus;
  applied_at: Date;
  issue_due_at: Date | null;
  issued_at: Date | null;
  expires_at: Date | null;
  alert_at: Date | null;
  extension_count: number;
  conditions: ProtectionOrderCondition[];
}

const ORDER_COLUMNS = `id, case_id, organisation_id, kind, status, applied_at, issue_due_at, issued_at, expires_at, alert_at, extension_count,
  conditions`;
const date = (d: Date | null): Date | null => (d === null ? null : new Date(d));

function requireKey(raw: unknown): string {
  const key = optionalText(raw, ['input', 'idempotencyKey'], { maxLength: 200 });
  if (key === null) throw DomainError.badInput('Invalid input', [{ path: ['input', 'idempotencyKey'], message: 'must not be empty' }]);
  return key;
}

/**
 * Protection orders of a case (issue 16): the owning organisation applies, records the issuance (short-term: executive
 * authority, up to 60 days; long-term: court, 60 to 180 days; policy data) and extends; the owner, and the police or
 * helpline the case was referred to, see the orders and report breaches. Each write: one transaction with its timeline
 * entry and audit row, at most once per (actor, idempotencyKey). The caller then tells the order's workflow.
 */
@Injectable()
export class ProtectionOrderService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
  ) {}

  async apply(
    actor: CaseActor,
    input: { caseId: unknown; kind: unknown; idempotencyKey: unknown },
    meta: { requestId: string | null },
    now = new Date(),
  ): Promise<ProtectionOrderRecord> {
    const key = requireKey(input.idempotencyKey);
    const kind = requireEnum(ProtectionOrderKind, input.kind, ['input', 'kind']);
    const caseId = typeof input.caseId === 'string' ? input.caseId.toLowerCase() : '';
    const id = randomUUID();
    const result = await this.idempotency.runOnce(
      actor.staffId,
      key,
      'applyForProtectionOrder',
      IdempotencyService.hashRequest({ caseId, kind }),
      async (m) => {
        await this.access.requireOwnerAction(actor, caseId, Action.ManageProtectionOrder, m);
        const issueDueAt = kind === ProtectionOrderKind.SHORT_TERM ? protectionOrderIssueDueAt(loadDeadlinePolicyFromEnv(), now) : null;
        await preparedQuery(
          m,
          `INSERT INTO protection_orders (id, case_id, organisation_id, kind, status, applied_by, applied_at, issue_due_at)
           VALUES ($1, $2, $3, $4, 'APPLIED', $5, $6, $7)`,
          [id, caseId, actor.organisationId, kind, actor.staffId, now, issueDueAt],
        );
        await this.record(m, actor, meta, now, caseId, id, TimelineKind.PROTECTION_ORDER_APPLIED, ['kind', 'appliedAt'], { orderId: id, kind });
        await enqueueWorkflowStart(m, { kind: 'PROTECTION_ORDER', subjectId: id, caseId, actorId: null });
        return id;
      },
      id,
    );
    return this.mustGet(result.id);
  }

  async recordIssued(
    actor: CaseActor,
    input: { orderId: unknown; issuedAt: unknown; expiresAt: unknown; conditions: unknown; idempotencyKey: unknown },
    meta: { requestId: string | null },
    now = new Date(),
  ): Promise<ProtectionOrderRecord> {
    const key = requireKey(input.idempotencyKey);
    const issuedAt = requireDate(input.issuedAt, ['input', 'issuedAt']);
    const expiresAt = requireDate(input.expiresAt, ['input', 'expiresAt']);
    const conditions = validateProtectionOrderConditions(input.conditions);
    const orderId = typeof input.orderId === 'string' ? input.orderId.toLowerCase() : '';
    const hash = IdempotencyService.hashRequest({
      orderId,
      issuedAt: issuedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      conditions: [...conditions].sort(),
    });
    await this.idempotency.runOnce(actor.staffId, key, 'recordProtectionOrderIssued', hash, async (m) => {
      const order = await this.lockForOwner(m, actor, orderId);
      if (order.status !== ProtectionOrderStatus.APPLIED) throw DomainError.conflict(`Protection order is already ${order.status}`);
      const alertAt = validateProtectionOrderIssue(loadDeadlinePolicyFromEnv(), order.kind, new Date(order.applied_at), issuedAt, expiresAt, now);
      await preparedQuery(
        m,
        `UPDATE protection_orders SET status = 'ISSUED', issued_at = $2, expires_at = $3, alert_at = $4, issued_recorded_by = $5,
                conditions = $6, version = version + 1 WHERE id = $1`,
        [order.id, issuedAt, expiresAt, alertAt, actor.staffId, conditions],
      );
      await this.record(m, actor, meta, now, order.case_id, order.id, TimelineKind.PROTECTION_ORDER_ISSUED, ['issuedAt', 'expiresAt', 'conditions'], {
        orderId: order.id,
        kind: order.kind,
      });
      await enqueueWorkflowStart(m, { kind: 'PROTECTION_ORDER_CHANGED', subjectId: order.id, caseId: order.case_id, actorId: null });
      return order.id;
    });
    return this.mustGet(orderId);
  }

  async extend(
    actor: CaseActor,
    input: { orderId: unknown; expiresAt: unknown; idempotencyKey: unknown },
    meta: { requestId: string | null },
    now = new Date(),
  ): Promise<ProtectionOrderRecord> {
    const key = requireKey(input.idempotencyKey);
    const expiresAt = requireDate(input.expiresAt, ['input', 'expiresAt']);
    const orderId = typeof input.orderId === 'string' ? input.orderId.toLowerCase() : '';
    const hash = IdempotencyService.hashRequest({ orderId, expiresAt: expiresAt.toISOString() });
    await this.idempotency.runOnce(actor.staffId, key, 'extendProtectionOrder', hash, async (m) => {
      const order = await this.lockForOwner(m, actor, orderId);
      if (order.status !== ProtectionOrderStatus.ISSUED || !order.issued_at || !order.expires_at) {
        throw DomainError.conflict(`Protection order is ${order.status}: only an issued order can be extended`);
      }
      const alertAt = validateProtectionOrderExtension(
        loadDeadlinePolicyFromEnv(),
        order.kind,
        new Date(order.issued_at),
        new Date(order.expires_at),
        expiresAt,
      );
      await preparedQuery(
        m,
        `UPDATE protection_orders SET expires_at = $2, alert_at = $3, extension_count = extension_count + 1, version = version + 1
          WHERE id = $1`,
        [order.id, expiresAt, alertAt],
      );
      await this.record(m, actor, meta, now, order.case_id, order.id, TimelineKind.PROTECTION_ORDER_EXTENDED, ['expiresAt'], { orderId: order.id });
      await enqueueWorkflowStart(m, { kind: 'PROTECTION_ORDER_CHANGED', subjectId: order.id, caseId: order.case_id, actorId: null });
      return order.id;
    });
    return this.mustGet(orderId);
  }

  async reportBreach(
    actor: CaseActor,
    input: { orderId: unknown; occurredAt: unknown; idempotencyKey: unknown },
    meta: { requestId: string | null },
    now = new Date(),
  ): Promise<{ order: ProtectionOrderRecord; breachId: string }> {
    const key = requireKey(input.idempotencyKey);
    const occurredAt = requireDate(input.occurredAt, ['input', 'occurredAt']);
    if (occurredAt.getTime() > now.getTime()) {
      throw DomainError.badInput('Invalid breach report', [{ path: ['input', 'occurredAt'], message: 'must not be in the future' }]);
    }
    const orderId = typeof input.orderId === 'string' ? input.orderId.toLowerCase() : '';
    const id = randomUUID();
    const hash = IdempotencyService.hashRequest({ orderId, occurredAt: occurredAt.toISOString() });
    const result = await this.idempotency.runOnce(
      actor.staffId,
      key,
      'reportProtectionOrderBreach',
      hash,
      async (m) => {
        const order = await this.lockOrder(m, orderId);
        const access = order && (await this.access.resolve(actor, order.case_id, m));
        if (!order || !access || !access.ability.can(Action.ReportProtectionOrderBreach, access.subject)) {
          throw DomainError.notFound('Protection order');
        }
        if (order.status !== ProtectionOrderStatus.ISSUED) throw DomainError.conflict(`Protection order is ${order.status}: not in force`);
        await preparedQuery(
          m,
          `INSERT INTO protection_order_breaches (id, order_id, case_id, reported_by, reporter_organisation_id, occurred_at, reported_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, order.id, order.case_id, actor.staffId, actor.organisationId, occurredAt, now],
        );
        await this.record(m, actor, meta, now, order.case_id, id, TimelineKind.PROTECTION_ORDER_BREACH_REPORTED, ['occurredAt'], {
          orderId: order.id,
          breachId: id,
        }, 'protection_order_breach');
        await enqueueWorkflowStart(m, {
          kind: 'PROTECTION_ORDER_BREACH',
          subjectId: id,
          caseId: order.case_id,
          actorId: null,
          relatedId: order.id,
        });
        return id;
      },
      id,
    );
    return { order: await this.mustGet(orderId), breachId: result.id };
  }

  /** A case's orders, oldest first: the owning organisation and the police or helpline it was referred to. */
  async forCase(actor: CaseActor, caseId: string): Promise<{ access: CaseAccess; orders: ProtectionOrderRecord[] }> {
    const access = await this.access.resolve(actor, caseId);
    if (!access) throw DomainError.notFound('Case');
    if (!access.ability.can(Action.ReportProtectionOrderBreach, access.subject)) {
      throw DomainError.forbidden('Protection orders are shown to the owning organisation and the police or helpline referred to');
    }
    const rows = await preparedQuery<OrderRow>(
      this.dataSource.manager,
      `SELECT ${ORDER_COLUMNS} FROM protection_orders WHERE case_id = $1 ORDER BY applied_at, id`,
      [access.case.id],
    );
    return { access, orders: await this.withBreaches(rows) };
  }

  private async lockOrder(m: EntityManager, orderId: string): Promise<OrderRow | null> {
    if (!isUuid(orderId)) return null;
    const rows = await preparedQuery<OrderRow>(m, `SELECT ${ORDER_COLUMNS} FROM protection_orders WHERE id = $1 FOR UPDATE`, [orderId]);
    return rows[0] ?? null;
  }

  /** The order, locked, if the actor's organisation owns its case and may manage orders on it. */
  private async lockForOwner(m: EntityManager, actor: CaseActor, orderId: string): Promise<OrderRow> {
    const order = await this.lockOrder(m, orderId);
    if (!order) throw DomainError.notFound('Protection order');
    try {
      await this.access.requireOwnerAction(actor, order.case_id, Action.ManageProtectionOrder, m, rejectClosed);
    } catch (error) {
      if (error instanceof DomainError && error.code === DomainErrorCode.NOT_FOUND) throw DomainError.notFound('Protection order');
      throw error;
    }
    return order;
  }

  private async record(
    m: EntityManager,
    actor: CaseActor,
    meta: { requestId: string | null },
    now: Date,
    caseId: string,
    subjectId: string,
    /** The timeline kind, also the audit action. */
    kind: TimelineKind,
    fields: string[],
    details: Record<string, string>,
    subjectType = 'protection_order',
  ): Promise<void> {
    await this.timeline.append(m, {
      caseId,
      organisationId: actor.organisationId,
      actorId: actor.staffId,
      kind,
      occurredAt: now,
      details,
    });
    await this.audit.record(m, {
      actorId: actor.staffId,
      organisationId: actor.organisationId,
      action: kind,
      subjectType,
      subjectId,
      caseId,
      fields,
      requestId: meta.requestId,
      occurredAt: now,
    });
  }

  private async mustGet(orderId: string): Promise<ProtectionOrderRecord> {
    const rows = await preparedQuery<OrderRow>(this.dataSource.manager, `SELECT ${ORDER_COLUMNS} FROM protection_orders WHERE id = $1`, [orderId]);
    const [order] = await this.withBreaches(rows);
    if (!order) throw DomainError.notFound('Protection order');
    return order;
  }

  private async withBreaches(rows: OrderRow[]): Promise<ProtectionOrderRecord[]> {
    if (rows.length === 0) return [];
    const breaches = await preparedQuery<{ id: string; order_id: string; reporter_organisation_id: string; occurred_at: Date; reported_at: Date }>(
      this.dataSource.manager,
      `SELECT id, order_id, reporter_organisation_id, occurred_at, reported_at FROM protection_order_breaches
        WHERE order_id = ANY($1::uuid[]) ORDER BY reported_at, id`,
      [rows.map((r) => r.id)],
    );
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      organisationId: r.organisation_id,
      kind: r.kind,
      status: r.status,
      appliedAt: new Date(r.applied_at),
      issueDueAt: date(r.issue_due_at),
      issuedAt: date(r.issued_at),
      expiresAt: date(r.expires_at),
      alertAt: date(r.alert_at),
      extensionCount: r.extension_count,
      conditions: r.conditions,
      breaches: breaches
        .filter((b) => b.order_id === r.id)
        .map((b) => ({ id: b.id, reporterOrganisationId: b.reporter_organisation_id, occurredAt: new Date(b.occurred_at), reportedAt: new Date(b.reported_at) })),
    }));
  }
}
