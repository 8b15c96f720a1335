import { type EntityManager } from 'typeorm';
import { type AuditWriter } from '@lib/audit';
import { type CaseActor } from '@lib/cases';
import {
  type ConsentRecord,
  type OrganisationType,
  SAFETY_PLAN_ACTION_PURPOSE,
  SAFETY_PLAN_DISCLOSED_CATEGORIES,
  type SafetyPlanAction,
  SafetyPlanItemStatus,
  safetyPlanTaskKeyPattern,
  TaskStatus,
  TaskType,
  checkConsentCoverage,
} from '@lib/domain';

interface OpenDelegatedItem {
  id: string;
  action: SafetyPlanAction;
  responsible_organisation_id: string;
  responsible_type: OrganisationType;
}

/**
 * The safety plan's share of a consent withdrawal, in the withdrawal's transaction: an open item carried by another
 * organisation exists there only under an in-force consent for its action's purpose. Every such item the remaining
 * consents no longer cover is CANCELLED and its task in that organisation's inbox with it (the owner plans it anew),
 * one audit row each (cause in the action name, ids only). Returns the cancelled item ids.
 */
export async function cancelUncoveredSafetyPlanItems(
  m: EntityManager,
  audit: AuditWriter,
  actor: CaseActor,
  caseId: string,
  remaining: readonly ConsentRecord[],
  now: Date,
  requestId: string | null,
): Promise<string[]> {
  const items: OpenDelegatedItem[] = await m.query(
    `SELECT i.id, i.action, i.responsible_organisation_id, o.type AS responsible_type
       FROM safety_plan_items i JOIN organisations o ON o.id = i.responsible_organisation_id
      WHERE i.case_id = $1 AND i.status = $2 AND i.responsible_organisation_id <> i.organisation_id
      ORDER BY i.id FOR UPDATE OF i`,
    [caseId, SafetyPlanItemStatus.OPEN],
  );
  const cancelled: string[] = [];
  for (const item of items) {
    const coverage = checkConsentCoverage(
      remaining,
      {
        recipient: { organisationId: item.responsible_organisation_id, organisationType: item.responsible_type },
        categories: SAFETY_PLAN_DISCLOSED_CATEGORIES,
        purpose: SAFETY_PLAN_ACTION_PURPOSE[item.action],
      },
      now,
    );
    if (coverage.covered) continue;
    await m.query(`UPDATE safety_plan_items SET status = $2, updated_at = $3, version = version + 1 WHERE id = $1`, [
      item.id,
      SafetyPlanItemStatus.CANCELLED,
      now,
    ]);
    await m.query(
      `UPDATE tasks SET status = $1, completed_at = $2, completed_by = $3
        WHERE type = $4 AND status = 'OPEN' AND case_id = $5 AND dedupe_key LIKE $6`,
      [TaskStatus.CANCELLED, now, actor.staffId, TaskType.SAFETY_PLAN_ACTION, caseId, safetyPlanTaskKeyPattern(item.id)],
    );
    await audit.record(m, {
      actorId: actor.staffId,
      organisationId: actor.organisationId,
      action: 'SAFETY_PLAN_ITEM_CANCELLED_CONSENT_WITHDRAWN',
      subjectType: 'safety_plan_item',
      subjectId: item.id,
      caseId,
      fields: ['status'],
      requestId,
      occurredAt: now,
    });
    cancelled.push(item.id);
  }
  return cancelled;
}
