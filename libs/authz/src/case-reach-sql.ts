/**
 * The assignment half of case access as one SQL boolean over a case row, for places that show a case's code beside
 * something the viewer may see for other reasons (an inbox task, a notification) and must withhold the code when the
 * viewer could not open the case. Mirrors ownerReaches / recipientReaches (case-assignment.ts) and casePredicate's
 * team terms: in the owning organisation, the SUPERVISOR role or the case's team (an active worker, or the supervisor
 * of one); in any other organisation, the same, or nobody of that organisation assigned yet.
 *
 * The viewer is given as SQL expressions so the same rule serves a signed-in actor (bind parameters) and rows of
 * recipients (columns of a `staff_members` join): `staffId` and `organisationId` are uuid expressions, `supervisor` a
 * boolean expression. Whether the viewer's organisation takes part in the case at all is the caller's other half.
 */
export interface CaseReachViewer {
  staffId: string;
  organisationId: string;
  supervisor: string;
}

const ALIAS = /^[a-z_][a-z0-9_]*$/;

export function caseReachSql(caseAlias: string, viewer: CaseReachViewer): string {
  if (!ALIAS.test(caseAlias)) throw new Error('invalid SQL alias');
  // OFFSET 0 keeps each EXISTS a per-row index probe: without it PostgreSQL may turn the EXISTS into a hashed subplan
  // that reads every active assignment once per query (an inbox page then costs O(all assignments): 0.2 s at 200k).
  // The viewer's team (the viewer and whom they supervise) is an array of its own, not a join per assignment: when the
  // viewer is a parameter PostgreSQL reads it once per query, and each case costs one index probe of its assignments.
  const onTeam =
    `EXISTS (SELECT 1 FROM case_assignments reach_a` +
    ` WHERE reach_a.case_id = ${caseAlias}.id AND reach_a.released_at IS NULL` +
    ` AND reach_a.staff_id = ANY (ARRAY(SELECT ${viewer.staffId} UNION ALL` +
    ` SELECT reach_w.id FROM staff_members reach_w WHERE reach_w.supervisor_id = ${viewer.staffId})) OFFSET 0)`;
  const nobodyOfTheirs =
    `NOT EXISTS (SELECT 1 FROM case_assignments reach_o WHERE reach_o.case_id = ${caseAlias}.id` +
    ` AND reach_o.organisation_id = ${viewer.organisationId} AND reach_o.released_at IS NULL OFFSET 0)`;
  return (
    `(${viewer.supervisor} OR ${onTeam}` +
    ` OR (${caseAlias}.owning_organisation_id <> ${viewer.organisationId} AND ${nobodyOfTheirs}))`
  );
}
