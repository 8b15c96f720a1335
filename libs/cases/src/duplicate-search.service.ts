import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { FieldCipher } from '@lib/crypto';
import { type CaseStatus, DomainError, InputIssues, optionalText } from '@lib/domain';
import { inTransaction } from '@lib/persistence';
import { CASE_ROLES, bindPositional, caseScope, hasAnyRole } from '@lib/authz';
import { type CaseActor } from './case-actor';

export interface PossibleDuplicate {
  caseId: string;
  caseCode: string;
  status: CaseStatus;
  openedAt: Date;
  matchedOn: ('FULL_NAME' | 'PHONE')[];
}

interface Row {
  case_id: string;
  case_code: string;
  status: CaseStatus;
  opened_at: Date;
  name_match: boolean;
  phone_match: boolean;
}

export const DUPLICATE_SEARCH_LIMIT = 20;

/**
 * Search-before-create by blind index (exact, normalised match; nothing decrypted). Only cases OWNED by the actor's
 * organisation that the actor may open are searched (the case scope: access follows assignment, so a worker finds
 * their caseload and supervisors every case): other cases are neither returned nor counted. The search itself is
 * audited with the field NAMES searched on.
 */
@Injectable()
export class DuplicateSearchService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  async find(actor: CaseActor, query: { fullName?: unknown; phone?: unknown }, meta: { requestId: string | null }): Promise<PossibleDuplicate[]> {
    if (!hasAnyRole(actor, CASE_ROLES)) throw DomainError.forbidden('Your role cannot search cases');
    const issues = new InputIssues();
    const fullName = issues.check(() => optionalText(query.fullName, ['fullName'], { maxLength: 200 })) ?? null;
    const phone = issues.check(() => optionalText(query.phone, ['phone'], { maxLength: 24 })) ?? null;
    if (fullName === null && phone === null) issues.add(['fullName'], 'give a full name or a phone number');
    issues.throwIfAny('Invalid duplicate search');
    const nameIdx = this.cipher.nameIndex(fullName);
    const phoneIdx = this.cipher.phoneIndex(phone);
    // Only the cases the searcher may open (access follows assignment): the same scope as every case list.
    const scope = bindPositional(caseScope(actor, 'c'), 3);
    return inTransaction(this.dataSource, async (manager) => {
      const rows: Row[] = await manager.query(
        `SELECT c.id AS case_id, c.case_code, c.status, c.opened_at,
                bool_or(p.name_bidx = $2) AS name_match, bool_or(p.phone_bidx = $3) AS phone_match
           FROM persons p JOIN cases c ON c.id = p.case_id
          WHERE c.owning_organisation_id = $1 AND (p.name_bidx = $2 OR p.phone_bidx = $3) AND ${scope.text}
          GROUP BY c.id ORDER BY c.opened_at DESC, c.id LIMIT ${DUPLICATE_SEARCH_LIMIT}`,
        [actor.organisationId, nameIdx, phoneIdx, ...scope.values],
      );
      await this.audit.record(manager, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'DUPLICATE_SEARCH',
        subjectType: 'organisation',
        subjectId: actor.organisationId,
        caseId: null,
        fields: [...(fullName !== null ? ['fullName'] : []), ...(phone !== null ? ['phone'] : [])],
        requestId: meta.requestId,
      });
      return rows.map((r) => ({
        caseId: r.case_id,
        caseCode: r.case_code,
        status: r.status,
        openedAt: new Date(r.opened_at),
        matchedOn: [...(r.name_match ? (['FULL_NAME'] as const) : []), ...(r.phone_match ? (['PHONE'] as const) : [])],
      }));
    });
  }
}
