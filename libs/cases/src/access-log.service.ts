import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEventEntity } from '@lib/audit';
import { Action, auditScope, bindPositional, defineAbilityFor } from '@lib/authz';
import { DomainError, StaffRole, isUuid } from '@lib/domain';
import { type CaseActor } from './case-actor';

export const ACCESS_LOG_LIMIT = 500;

interface Row {
  id: string;
  occurred_at: Date;
  actor_id: string;
  organisation_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  fields: string[];
  purpose: string | null;
  justification: string | null;
  break_glass: boolean;
  request_id: string | null;
}

/**
 * The per-record access log: every audit event about a record (a case, a person, a referral, a consent), including the
 * events about a case's persons/referrals when the record is a case. Who may see it: a supervisor of the organisation
 * that owns the case (every organisation's reads of it), and auditors (within their audit scope). Others: NOT_FOUND.
 */
@Injectable()
export class AccessLogService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async forSubject(actor: CaseActor, subjectId: string): Promise<Omit<AuditEventEntity, 'chainId' | 'seq' | 'prevHash' | 'hash' | 'caseId'>[]> {
    if (!isUuid(subjectId)) throw DomainError.notFound('Record');
    const caseOf: { case_id: string; owner: string }[] = await this.dataSource.query(
      `SELECT c.id AS case_id, c.owning_organisation_id AS owner FROM cases c
        WHERE c.id = $1
           OR c.id = (SELECT case_id FROM persons WHERE id = $1)
           OR c.id = (SELECT case_id FROM referrals WHERE id = $1)
           OR c.id = (SELECT case_id FROM consents WHERE id = $1)
        LIMIT 1`,
      [subjectId],
    );
    const owner = caseOf[0];
    const ownersSupervisor = owner !== undefined && owner.owner === actor.organisationId && actor.roles.includes(StaffRole.SUPERVISOR);
    const auditor = defineAbilityFor(actor).can(Action.ReadAudit, 'AuditLog');
    if (!ownersSupervisor && !auditor) throw DomainError.notFound('Record');

    const params: unknown[] = [subjectId];
    let where = owner ? `(a.subject_id = $1 OR a.case_id = $2)` : `a.subject_id = $1`;
    if (owner) params.push(owner.case_id);
    if (!ownersSupervisor) {
      const scope = bindPositional(auditScope(actor, 'a'), params.length);
      where += ` AND ${scope.text}`;
      params.push(...scope.values);
    }
    const rows: Row[] = await this.dataSource.query(
      `SELECT a.id, a.occurred_at, a.actor_id, a.organisation_id, a.action, a.subject_type, a.subject_id, a.fields,
              a.purpose, a.justification, a.break_glass, a.request_id
         FROM audit_events a WHERE ${where} ORDER BY a.occurred_at ASC, a.id ASC LIMIT ${ACCESS_LOG_LIMIT}`,
      params,
    );
    if (rows.length === 0 && !owner) throw DomainError.notFound('Record');
    return rows.map((r) => ({
      id: r.id,
      occurredAt: new Date(r.occurred_at),
      actorId: r.actor_id,
      organisationId: r.organisation_id,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      fields: r.fields,
      purpose: r.purpose,
      justification: r.justification,
      breakGlass: r.break_glass,
      requestId: r.request_id,
    }));
  }
}
