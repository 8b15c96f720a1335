import { type CaseReachViewer, caseReachSql } from '@lib/authz';

/**
 * SQL (over `notifications n`, `cases c`) true when the receiving organisation may see the case code: it owns the case,
 * or it is the recipient of an active referral of the case whose profile shows a code (not an anonymous incident
 * notice, not de-identified data). The same rule for e-mail, webhooks, the notification feed and live events.
 */
export const CASE_CODE_VISIBLE_SQL = `(c.owning_organisation_id = n.organisation_id OR EXISTS (
    SELECT 1 FROM referrals rv WHERE rv.case_id = c.id AND rv.to_organisation_id = n.organisation_id
       AND rv.status IN ('PENDING', 'ACCEPTED', 'ESCALATED') AND rv.data_profile IN ('FULL', 'PSEUDONYMOUS')))`;

/** `c.case_code` when visible to the notification's organisation, else NULL: what its webhook (its own system) gets. */
export const VISIBLE_CASE_CODE_SQL = `CASE WHEN ${CASE_CODE_VISIBLE_SQL} THEN c.case_code END`;

/**
 * `c.case_code` when visible to the notification's organisation AND the person it is shown to could open the case
 * (access follows assignment inside an organisation: @lib/authz caseReachSql), else NULL: what a person's e-mail,
 * feed and live events get. `viewer` names the person as SQL expressions (bind parameters or columns).
 */
export function personVisibleCaseCodeSql(viewer: CaseReachViewer): string {
  return `CASE WHEN ${CASE_CODE_VISIBLE_SQL} AND ${caseReachSql('c', viewer)} THEN c.case_code END`;
}
