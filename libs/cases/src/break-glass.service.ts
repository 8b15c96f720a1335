import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { Action, allowedCaseFields, allowedPersonFields, defineAbilityFor } from '@lib/authz';
import { ACTIVE_REFERRAL_STATUSES, DataProfile, DomainError, TaskType, isUuid, requireText } from '@lib/domain';
import { inTransaction } from '@lib/persistence';
import { TaskWriter } from '@lib/tasks';
import { type CaseActor } from './case-actor';
import { type CaseAccess } from './case-access.service';
import { caseSubject, loadCaseTeam } from './case-subject';
import { CaseEntity } from './case.entity';
import { TimelineKind, TimelineWriter } from './timeline-writer.service';

export const BREAK_GLASS_JUSTIFICATION_MIN = 20;

/**
 * Break-glass access for supervisors (as the CASL rules allow: supervisors of DOST centres, helplines and CFSCs, for
 * another organisation's case in their region). Needs a justification; audited with break_glass = true; opens a
 * BREAK_GLASS_REVIEW task in the owning organisation, all in one transaction. The returned access is used for this
 * request only (personal-data reads through it are audited as break-glass too).
 */
@Injectable()
export class BreakGlassService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
    @Inject(TaskWriter) private readonly tasks: TaskWriter,
  ) {}

  async open(actor: CaseActor, caseId: string, justification: unknown, meta: { requestId: string | null }): Promise<{ access: CaseAccess; justification: string }> {
    const text = requireText(justification, ['justification'], { minLength: BREAK_GLASS_JUSTIFICATION_MIN, maxLength: 2000 });
    return inTransaction(this.dataSource, async (manager) => {
      const found = isUuid(caseId) ? await manager.findOneBy(CaseEntity, { id: caseId }) : null;
      if (!found) throw DomainError.notFound('Case');
      const rows: { to_organisation_id: string }[] = await manager.query(
        `SELECT DISTINCT to_organisation_id FROM referrals WHERE case_id = $1 AND status = ANY($2)`,
        [found.id, ACTIVE_REFERRAL_STATUSES],
      );
      const subject = caseSubject(found, rows.map((r) => r.to_organisation_id), await loadCaseTeam(manager, found.id));
      const ability = defineAbilityFor(actor);
      // Not allowed to break the glass on this case: indistinguishable from a case that does not exist.
      if (!ability.can(Action.BreakGlass, subject)) throw DomainError.notFound('Case');
      const now = new Date();
      await this.audit.record(manager, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'BREAK_GLASS_READ',
        subjectType: 'case',
        subjectId: found.id,
        caseId: found.id,
        fields: [],
        justification: text,
        breakGlass: true,
        requestId: meta.requestId,
      });
      await this.tasks.create(manager, {
        organisationId: found.owningOrganisationId,
        type: TaskType.BREAK_GLASS_REVIEW,
        caseId: found.id,
        dueAt: new Date(now.getTime() + 24 * 3600 * 1000),
      });
      await this.timeline.append(manager, {
        caseId: found.id,
        organisationId: actor.organisationId,
        actorId: actor.staffId,
        kind: TimelineKind.BREAK_GLASS_READ,
        occurredAt: now,
      });
      const options = { ability, breakGlass: true };
      return {
        justification: text,
        access: {
          case: found,
          subject,
          ability,
          kind: 'BREAK_GLASS',
          profile: DataProfile.FULL,
          caseFields: allowedCaseFields(actor, subject, [], options),
          allowedFields: allowedPersonFields(actor, subject, [], options),
          purpose: null,
          referralIds: [],
        },
      };
    });
  }
}
