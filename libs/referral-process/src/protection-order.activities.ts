import { type ActivityContext, type ProtectionOrderBreachTasks, type ProtectionOrderFacts, dedupeKey } from '@lib/contracts';
import { DomainError, OrganisationType, TaskType } from '@lib/domain';
import { preparedQuery } from '@lib/persistence';
import { type EntityManager } from 'typeorm';
import { type ActivityRunner, iso } from './activity-runner';
import { appendTimeline, createTask, monitoringGroupOf, readCase, supervisorFor } from './read-model';

interface OrderRow {
  id: string;
  case_id: string;
  organisation_id: string;
  kind: ProtectionOrderFacts['kind'];
  status: ProtectionOrderFacts['status'];
  applied_by: string;
  issue_due_at: Date | null;
  expires_at: Date | null;
  alert_at: Date | null;
}

async function readOrder(m: EntityManager, orderId: string, lock = false): Promise<OrderRow> {
  const rows = await preparedQuery<OrderRow>(
    m,
    `SELECT id, case_id, organisation_id, kind, status, applied_by, issue_due_at, expires_at, alert_at
       FROM protection_orders WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [orderId],
  );
  if (!rows[0]) throw DomainError.notFound('Protection order');
  return rows[0];
}

/**
 * The police organisations the case was referred or notified to (any referral, whatever its status): the only police
 * that hear of its protection orders. A police organisation never told of the case is not told by an order either.
 */
async function policeOfCase(m: EntityManager, caseId: string): Promise<string[]> {
  const rows = await preparedQuery<{ id: string }>(
    m,
    `SELECT DISTINCT o.id FROM referrals r JOIN organisations o ON o.id = r.to_organisation_id
      WHERE r.case_id = $1 AND o.type = $2 ORDER BY o.id`,
    [caseId, OrganisationType.POLICE],
  );
  return rows.map((r) => r.id);
}

/** Protection-order activities: ids in, tasks and timeline entries out, once per dedupe key. */
export class ProtectionOrderActivities {
  constructor(private readonly run: ActivityRunner) {}

  async loadProtectionOrder({ orderId }: { orderId: string }): Promise<ProtectionOrderFacts> {
    return this.run.read(async (m) => {
      const o = await readOrder(m, orderId);
      return {
        orderId: o.id,
        caseId: o.case_id,
        kind: o.kind,
        status: o.status,
        issueDueAt: o.issue_due_at ? iso(o.issue_due_at) : null,
        expiresAt: o.expires_at ? iso(o.expires_at) : null,
        alertAt: o.alert_at ? iso(o.alert_at) : null,
      };
    });
  }

  async escalateProtectionOrderIssuance(input: ActivityContext & { orderId: string }): Promise<{ taskId: string | null }> {
    const key = dedupeKey(input.workflowId, 'issuance-overdue');
    return this.run.once('escalateProtectionOrderIssuance', key, async (m) => {
      const o = await readOrder(m, input.orderId, true);
      if (o.status !== 'APPLIED') return { taskId: null };
      const at = new Date(input.at);
      const taskId = await createTask(m, {
        organisationId: o.organisation_id,
        type: TaskType.ESCALATION,
        caseId: o.case_id,
        assigneeId: await supervisorFor(m, o.organisation_id, o.applied_by),
        dueAt: null,
        dedupeKey: `${key}/task`,
      });
      await appendTimeline(m, {
        caseId: o.case_id,
        organisationId: o.organisation_id,
        actorId: null,
        kind: 'PROTECTION_ORDER_ISSUANCE_OVERDUE',
        details: { orderId: o.id, taskId },
        occurredAt: at,
        dedupeKey: `${key}/timeline`,
      });
      return { taskId };
    });
  }

  async alertProtectionOrderExpiry(input: ActivityContext & { orderId: string; expiresAt: string }): Promise<{ taskIds: string[] }> {
    const key = dedupeKey(input.workflowId, `expiry-alert/${input.expiresAt}`);
    return this.run.once('alertProtectionOrderExpiry', key, async (m) => {
      const o = await readOrder(m, input.orderId);
      const c = await readCase(m, o.case_id);
      if (!c) throw DomainError.notFound('Case');
      const expiresAt = new Date(input.expiresAt);
      const taskIds = [
        await createTask(m, {
          organisationId: c.owning_organisation_id,
          type: TaskType.PROTECTION_ORDER_ALERT,
          caseId: c.id,
          assigneeId: c.case_manager_id,
          dueAt: expiresAt,
          dedupeKey: `${key}/owner`,
        }),
      ];
      for (const police of await policeOfCase(m, c.id)) {
        taskIds.push(
          await createTask(m, {
            organisationId: police,
            type: TaskType.PROTECTION_ORDER_ALERT,
            caseId: c.id,
            dueAt: expiresAt,
            dedupeKey: `${key}/police/${police}`,
          }),
        );
      }
      await appendTimeline(m, {
        caseId: c.id,
        organisationId: c.owning_organisation_id,
        actorId: null,
        kind: 'PROTECTION_ORDER_EXPIRING',
        details: { orderId: o.id, expiresAt: input.expiresAt },
        occurredAt: new Date(input.at),
        dedupeKey: `${key}/timeline`,
      });
      return { taskIds };
    });
  }

  async handleProtectionOrderBreach(input: ActivityContext & { orderId: string; breachId: string }): Promise<ProtectionOrderBreachTasks> {
    const key = dedupeKey(input.workflowId, `breach/${input.breachId}`);
    return this.run.once('handleProtectionOrderBreach', key, async (m) => {
      const o = await readOrder(m, input.orderId);
      const c = await readCase(m, o.case_id);
      if (!c) throw DomainError.notFound('Case');
      const found = await preparedQuery<{ id: string }>(m, `SELECT id FROM protection_order_breaches WHERE id = $1 AND order_id = $2`, [
        input.breachId,
        o.id,
      ]);
      if (!found[0]) throw DomainError.notFound('Breach');
      const at = new Date(input.at);
      const policeTaskIds: string[] = [];
      for (const police of await policeOfCase(m, c.id)) {
        policeTaskIds.push(
          await createTask(m, { organisationId: police, type: TaskType.PROTECTION_ORDER_ALERT, caseId: c.id, dueAt: at, dedupeKey: `${key}/police/${police}` }),
        );
      }
      const ownerTaskId = await createTask(m, {
        organisationId: c.owning_organisation_id,
        type: TaskType.PROTECTION_ORDER_ALERT,
        caseId: c.id,
        assigneeId: c.case_manager_id,
        dueAt: at,
        dedupeKey: `${key}/owner`,
      });
      const reassessmentTaskId = await createTask(m, {
        organisationId: c.owning_organisation_id,
        type: TaskType.RISK_REASSESSMENT,
        caseId: c.id,
        assigneeId: c.case_manager_id,
        dueAt: at,
        dedupeKey: `${key}/reassess`,
      });
      const group = await monitoringGroupOf(m, c.region);
      const monitoringTaskId = group
        ? await createTask(m, { organisationId: group, type: TaskType.MONITORING_ALERT, caseId: c.id, dueAt: null, dedupeKey: `${key}/monitoring` })
        : null;
      await appendTimeline(m, {
        caseId: c.id,
        organisationId: c.owning_organisation_id,
        actorId: null,
        kind: 'PROTECTION_ORDER_BREACH_ALERTED',
        details: { orderId: o.id, breachId: input.breachId, policeTasks: policeTaskIds.length, monitoringTaskId },
        occurredAt: at,
        dedupeKey: `${key}/timeline`,
      });
      return { policeTaskIds, ownerTaskId, reassessmentTaskId, monitoringTaskId };
    });
  }

  async expireProtectionOrder(input: ActivityContext & { orderId: string; expiresAt: string }): Promise<{ expired: boolean }> {
    const key = dedupeKey(input.workflowId, `expire/${input.expiresAt}`);
    return this.run.once('expireProtectionOrder', key, async (m) => {
      const o = await readOrder(m, input.orderId, true);
      if (o.status !== 'ISSUED' || !o.expires_at || iso(o.expires_at) !== input.expiresAt) return { expired: o.status === 'EXPIRED' };
      await preparedQuery(m, `UPDATE protection_orders SET status = 'EXPIRED', version = version + 1 WHERE id = $1`, [o.id]);
      await appendTimeline(m, {
        caseId: o.case_id,
        organisationId: o.organisation_id,
        actorId: null,
        kind: 'PROTECTION_ORDER_EXPIRED',
        details: { orderId: o.id },
        occurredAt: new Date(input.at),
        dedupeKey: `${key}/timeline`,
      });
      return { expired: true };
    });
  }
}
