import { type EntityManager } from 'typeorm';
import { type CaseSubject } from '@lib/authz';
import { preparedQuery } from '@lib/persistence';
import { type CaseEntity } from './case.entity';

/** A case's team as authorization sees it (case_assignments): ids only. */
export interface CaseTeam {
  /** Active workers (every organisation) and their supervisors. */
  teamIds: readonly string[];
  /** Organisations with at least one active worker. */
  assignedOrganisationIds: readonly string[];
}

/** Loads the case's team from its active assignments (workers and their supervisors). */
export async function loadCaseTeam(manager: EntityManager, caseId: string): Promise<CaseTeam> {
  const rows = await preparedQuery<{ staff_id: string; organisation_id: string; supervisor_id: string | null }>(
    manager,
    `SELECT a.staff_id, a.organisation_id, s.supervisor_id
       FROM case_assignments a JOIN staff_members s ON s.id = a.staff_id
      WHERE a.case_id = $1 AND a.released_at IS NULL`,
    [caseId],
  );
  const team = new Set<string>();
  for (const r of rows) {
    team.add(r.staff_id);
    if (r.supervisor_id !== null) team.add(r.supervisor_id);
  }
  return { teamIds: [...team], assignedOrganisationIds: [...new Set(rows.map((r) => r.organisation_id))] };
}

/** The authorization facts of a case (ids, region, status: never personal data). */
export function caseSubject(c: CaseEntity, recipientOrganisationIds: readonly string[], team: CaseTeam): CaseSubject {
  return {
    kind: 'Case',
    id: c.id,
    owningOrganisationId: c.owningOrganisationId,
    region: c.region,
    status: c.status,
    recipientOrganisationIds,
    closureRequestedBy: c.closureRequestedBy,
    teamIds: team.teamIds,
    assignedOrganisationIds: team.assignedOrganisationIds,
  };
}
