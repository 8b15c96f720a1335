import { type EntityManager } from 'typeorm';
import { type AppliedTransition, type WithdrawCause } from '@lib/contracts';
import {
  applyReferralEvent,
  type ReferralEvent,
  ReferralEventType,
  type ReferralStatus,
  TaskStatus,
} from '@lib/domain';
import { type AuditWriter, SYSTEM_ACTOR_ID } from '@lib/audit';
import { appendTimeline, closeReferralTasks, type ReferralRow, updateReturning } from './read-model';

/** Applies one state-machine event to the (locked) referral row: status, reason/outcome text, extra columns, version. */
export async function transitionReferral(
  m: EntityManager,
  r: ReferralRow,
  event: ReferralEvent,
  extra: Record<string, Date | string | null>,
): Promise<{ status: ReferralStatus; version: number }> {
  const t = applyReferralEvent(r.status, event);
  const sets = ['status = $2', 'version = version + 1'];
  const params: unknown[] = [r.id, t.to];
  const add = (column: string, value: unknown): void => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (t.declineReason !== null) add('decline_reason', t.declineReason);
  if (t.withdrawReason !== null) add('withdraw_reason', t.withdrawReason);
  if (t.outcomeNote !== null) add('outcome_note', t.outcomeNote);
  for (const [column, value] of Object.entries(extra)) add(column, value);
  const rows: { version: number }[] = await updateReturning<{ version: number }>(
    m,
    `UPDATE referrals SET ${sets.join(', ')} WHERE id = $1 RETURNING version`,
    params,
  );
  return { status: t.to, version: rows[0]?.version ?? r.version + 1 };
}

/** Withdraws an active referral: status, open tasks cancelled (the recipient loses the inbox item), timeline, audit. */
export async function withdrawOne(
  audit: AuditWriter,
  m: EntityManager,
  r: ReferralRow,
  cause: WithdrawCause,
  at: Date,
  actorId: string,
  key: string,
  consentId?: string,
): Promise<AppliedTransition> {
  const t = await transitionReferral(m, r, { type: ReferralEventType.WITHDRAW, reason: cause }, {});
  await closeReferralTasks(m, r.id, TaskStatus.CANCELLED, null, at);
  await appendTimeline(m, {
    caseId: r.case_id,
    organisationId: r.from_organisation_id,
    actorId: actorId === SYSTEM_ACTOR_ID ? null : actorId,
    kind: 'REFERRAL_WITHDRAWN',
    referralId: r.id,
    details: { cause, ...(consentId ? { consentId } : {}), recipientOrganisationId: r.to_organisation_id },
    occurredAt: at,
    dedupeKey: `${key}/timeline/${r.id}`,
  });
  await audit.record(m, {
    actorId,
    organisationId: r.from_organisation_id,
    action: 'REFERRAL_WITHDRAWN',
    subjectType: 'referral',
    subjectId: r.id,
    caseId: r.case_id,
    fields: ['status', 'withdrawReason'],
    purpose: r.purpose,
    justification: cause,
    occurredAt: at,
  });
  return { referralId: r.id, status: t.status, version: t.version };
}
