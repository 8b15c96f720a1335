import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import {
  type Actor,
  type AssignableCase,
  type AssignmentOutcome,
  type AssignmentStaff,
  bindPositional,
  caseScope,
  decideAssignCase,
  decideUnassignCase,
} from '@lib/authz';
import { ACTIVE_REFERRAL_STATUSES, type CaseStatus, DomainError, type RiskLevel, type StaffRole, isUuid } from '@lib/domain';
import { recordCaseAssignedNotification } from '@lib/notifications';
import { decodeKeysetCursor, encodeKeysetCursor, inTransaction, preparedQuery, timestampKeySql } from '@lib/persistence';

/** One active worker of a case: ids, organisation, when, and the staff directory's display name (not survivor data). */
export interface CaseWorker {
  staffId: string;
  organisationId: string;
  displayName: string;
  assignedAt: Date;
}

export interface NewCaseWorker {
  caseId: string;
  organisationId: string;
  staffId: string;
  /** Who made the assignment (the worker themself when they open the case or accept its referral). */
  assignedBy: string;
  at: Date;
}

/**
 * Records an active assignment inside the caller's transaction (openCase, a referral's accept, assignCase). A second
 * active assignment of the same member to the same case is skipped (partial unique index): a retry writes nothing.
 * Returns the new assignment's id, or null when the member already works on the case.
 */
export async function recordCaseWorker(manager: EntityManager, w: NewCaseWorker): Promise<string | null> {
  const rows: { id: string }[] = await manager.query(
    `INSERT INTO case_assignments (case_id, organisation_id, staff_id, assigned_by, assigned_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (case_id, staff_id) WHERE released_at IS NULL DO NOTHING
     RETURNING id`,
    [w.caseId, w.organisationId, w.staffId, w.assignedBy, w.at],
  );
  return rows[0]?.id ?? null;
}

interface Meta {
  requestId: string | null;
}

interface CaseRow {
  id: string;
  owning_organisation_id: string;
  status: CaseStatus;
}

interface StaffRow {
  id: string;
  organisation_id: string;
  active: boolean;
  roles: StaffRole[];
  supervisor_id: string | null;
}

/** The result of an assignment change: the case and its active workers of the actor's organisation (ids only). */
export interface CaseAssignmentResult {
  caseId: string;
  organisationId: string;
  workerIds: string[];
  changed: boolean;
}

/**
 * Assigning and unassigning a case's workers inside one organisation (rules: @lib/authz case-assignment). The case row
 * is locked for the change, so two concurrent unassignments cannot both pass the "last worker" check. A retry that
 * finds the assignment already as asked writes nothing. The audit row (ids and field names only) is in the same
 * transaction; so is the assignee's notification (CASE_ASSIGNED, through the notifications outbox).
 */
@Injectable()
export class CaseAssignmentService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  assign(
    actor: Actor,
    caseId: string,
    staffId: string,
    meta: Meta,
    staffPath: string[],
  ): Promise<CaseAssignmentResult> {
    return inTransaction(this.dataSource, async (m) => {
      const c = await this.lockCase(m, caseId);
      const workers = c ? await this.workerIds(m, c.id, actor.organisationId) : [];
      const assignee = await this.staff(m, staffId);
      const outcome = decideAssignCase(actor, c && (await this.assignable(m, c)), workers, assignee, staffPath);
      if (!c) throw DomainError.notFound('Case'); // unreachable: the rules refuse a missing case first
      if (outcome === 'UNCHANGED') return result(c, actor, workers, false);
      const at = new Date();
      const assignmentId = await recordCaseWorker(m, { caseId: c.id, organisationId: actor.organisationId, staffId, assignedBy: actor.staffId, at });
      if (assignmentId === null) throw DomainError.conflict('The case was changed by someone else; read it again'); // the row lock makes this unreachable
      await this.audit.record(m, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'CASE_WORKER_ASSIGNED',
        subjectType: 'staff_member',
        subjectId: staffId,
        caseId: c.id,
        fields: ['caseWorkers'],
        requestId: meta.requestId,
      });
      // "A case was assigned to you": to the assignee alone, ids only (the case code only where they may see it).
      await recordCaseAssignedNotification(m, { assignmentId, caseId: c.id, organisationId: actor.organisationId, staffId });
      return result(c, actor, [...workers, staffId], true);
    });
  }

  unassign(actor: Actor, caseId: string, staffId: string, meta: Meta): Promise<CaseAssignmentResult> {
    return inTransaction(this.dataSource, async (m) => {
      const c = await this.lockCase(m, caseId);
      const workers = c ? await this.workerIds(m, c.id, actor.organisationId) : [];
      const outcome: AssignmentOutcome = decideUnassignCase(actor, c && (await this.assignable(m, c)), workers, staffId);
      if (!c) throw DomainError.notFound('Case'); // unreachable: the rules refuse a missing case first
      if (outcome === 'UNCHANGED') return result(c, actor, workers, false);
      await m.query(
        `UPDATE case_assignments SET released_at = now(), released_by = $4
          WHERE case_id = $1 AND organisation_id = $2 AND staff_id = $3 AND released_at IS NULL`,
        [c.id, actor.organisationId, staffId, actor.staffId],
      );
      await this.audit.record(m, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'CASE_WORKER_UNASSIGNED',
        subjectType: 'staff_member',
        subjectId: staffId,
        caseId: c.id,
        fields: ['caseWorkers'],
        requestId: meta.requestId,
      });
      return result(c, actor, workers.filter((w) => w !== staffId), true);
    });
  }

  /** The case's active workers (every organisation's), oldest first, with their display names. */
  async workers(caseId: string, manager: EntityManager = this.dataSource.manager): Promise<CaseWorker[]> {
    const rows: { staff_id: string; organisation_id: string; display_name: string; assigned_at: Date }[] = await manager.query(
      `SELECT a.staff_id, a.organisation_id, s.display_name, a.assigned_at
         FROM case_assignments a JOIN staff_members s ON s.id = a.staff_id
        WHERE a.case_id = $1 AND a.released_at IS NULL
        ORDER BY a.assigned_at, a.staff_id`,
      [caseId],
    );
    return rows.map((r) => ({ staffId: r.staff_id, organisationId: r.organisation_id, displayName: r.display_name, assignedAt: new Date(r.assigned_at) }));
  }

  private async lockCase(m: EntityManager, caseId: string): Promise<CaseRow | null> {
    if (!isUuid(caseId)) return null;
    const rows: CaseRow[] = await m.query(`SELECT id, owning_organisation_id, status FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    return rows[0] ?? null;
  }

  private async assignable(m: EntityManager, c: CaseRow): Promise<AssignableCase> {
    const rows: { to_organisation_id: string }[] = await m.query(
      `SELECT DISTINCT to_organisation_id FROM referrals
        WHERE case_id = $1 AND status = ANY($2) AND (legal_basis IS NULL OR countersigned_at IS NOT NULL)`,
      [c.id, ACTIVE_REFERRAL_STATUSES],
    );
    return { owningOrganisationId: c.owning_organisation_id, status: c.status, recipientOrganisationIds: rows.map((r) => r.to_organisation_id) };
  }

  private async workerIds(m: EntityManager, caseId: string, organisationId: string): Promise<string[]> {
    const rows: { staff_id: string }[] = await m.query(
      `SELECT staff_id FROM case_assignments WHERE case_id = $1 AND organisation_id = $2 AND released_at IS NULL ORDER BY assigned_at, staff_id`,
      [caseId, organisationId],
    );
    return rows.map((r) => r.staff_id);
  }

  private async staff(m: EntityManager, id: string): Promise<AssignmentStaff | null> {
    if (!isUuid(id)) return null;
    const rows: StaffRow[] = await m.query(
      `SELECT id, organisation_id, active, roles, supervisor_id FROM staff_members WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    return row ? { id: row.id, organisationId: row.organisation_id, active: row.active, roles: row.roles, supervisorId: row.supervisor_id } : null;
  }
}

function result(c: CaseRow, actor: Actor, workerIds: string[], changed: boolean): CaseAssignmentResult {
  return { caseId: c.id, organisationId: actor.organisationId, workerIds, changed };
}

/** Whose cases a caseload lists (always within the cases the viewer may open). */
export enum CaseloadAssignment {
  /** Cases you work on. */
  MINE = 'MINE',
  /** Cases you or the staff you supervise (staff_members.supervisor_id) work on. */
  MY_TEAM = 'MY_TEAM',
}

export const CASELOAD_MAX_PAGE = 100;

/** One case of a caseload: ids, code and status only (the owning organisation's own cases). */
export interface CaseloadItem {
  caseId: string;
  caseCode: string;
  status: CaseStatus;
  riskLevel: RiskLevel;
  openedAt: Date;
  cursor: string;
}

export interface CaseloadPage {
  items: CaseloadItem[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * A worker's or a team's caseload: the organisation's own open and closed cases with an active worker who is the
 * viewer (MINE) or the viewer or someone they supervise (MY_TEAM), newest first, keyset paging on (opened_at, id).
 * ANDed with the case SQL scope, so it never lists a case the instance check would refuse.
 */
@Injectable()
export class CaseloadService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async page(actor: Actor, assignment: CaseloadAssignment, first: number, after: string | null): Promise<CaseloadPage> {
    if (!Number.isInteger(first) || first < 1 || first > CASELOAD_MAX_PAGE) {
      throw DomainError.badInput('Invalid page size', [{ path: ['first'], message: `must be between 1 and ${CASELOAD_MAX_PAGE}` }]);
    }
    const cursor = after === null ? null : decodeKeysetCursor(after);
    if (cursor !== null && cursor.key === null) {
      throw DomainError.badInput('Invalid cursor', [{ path: ['after'], message: 'not a cursor returned by this API' }]);
    }
    const scope = bindPositional(caseScope(actor, 'c'));
    const params: unknown[] = [...scope.values];
    const p = (value: unknown): string => `$${params.push(value)}`;
    const org = `${p(actor.organisationId)}::uuid`;
    const me = `${p(actor.staffId)}::uuid`;
    const team =
      assignment === CaseloadAssignment.MINE
        ? `SELECT ${me} AS id`
        : `SELECT ${me} AS id UNION SELECT s.id FROM staff_members s WHERE s.supervisor_id = ${me}`;
    const older = cursor === null ? '' : ` AND (a.case_opened_at, a.case_id) < (${p(cursor.key)}::timestamptz, ${p(cursor.id)}::uuid)`;
    // Written into the text (an integer of 1..CASELOAD_MAX_PAGE, checked above): a bound LIMIT makes PostgreSQL's
    // generic plan look dearer than it is (see InboxService).
    const limit = String(first + 1);
    // Per team member, their newest visible cases from the assignment index (ix_case_assignments_staff_caseload), a
    // page at most each; the page is the newest of those. Its cost follows the team's size, not the organisation's.
    const rows = await preparedQuery<{ id: string; case_code: string; status: CaseStatus; risk_level: RiskLevel; opened_at: Date; open_key: string }>(
      this.dataSource.manager,
      `SELECT c.id, c.case_code, c.status, c.risk_level, c.opened_at, ${timestampKeySql('c.opened_at')} AS open_key
         FROM (SELECT DISTINCT picked.case_id
                 FROM (${team}) w
                 CROSS JOIN LATERAL (
                   SELECT a.case_id FROM case_assignments a JOIN cases c ON c.id = a.case_id
                    WHERE a.staff_id = w.id AND a.released_at IS NULL AND a.organisation_id = ${org}
                      AND c.owning_organisation_id = ${org} AND ${scope.text}${older}
                    ORDER BY a.case_opened_at DESC, a.case_id DESC LIMIT ${limit}) picked) page
         JOIN cases c ON c.id = page.case_id
        ORDER BY c.opened_at DESC, c.id DESC LIMIT ${limit}`,
      params,
    );
    const items = rows.slice(0, first).map((r) => ({
      caseId: r.id,
      caseCode: r.case_code,
      status: r.status,
      riskLevel: r.risk_level,
      openedAt: new Date(r.opened_at),
      cursor: encodeKeysetCursor({ key: r.open_key, id: r.id }),
    }));
    return { items, hasNextPage: rows.length > first, endCursor: items.length > 0 ? items[items.length - 1]!.cursor : null };
  }
}
