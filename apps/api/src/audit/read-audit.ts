import { type AuditEventInput } from '@lib/audit';
import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { type Actor } from '../auth/actor';
import { type RequestMeta } from '../auth/current-actor.decorator';

/** Read actions written to the audit trail (one event per read; field NAMES only). */
export const ReadAction = {
  CASE: 'CASE_READ',
  CASE_TIMELINE: 'CASE_TIMELINE_READ',
  CASE_NOTES: 'CASE_NOTES_READ',
  CASE_CONSENTS: 'CASE_CONSENTS_READ',
  CASE_REFERRALS: 'CASE_REFERRALS_READ',
  REFERRAL: 'REFERRAL_READ',
  INBOX: 'INBOX_READ',
  CASELOAD: 'CASELOAD_READ',
  DOST_INTAKE: 'DOST_INTAKE_READ',
  REGION_CASES: 'REGION_CASES_READ',
  AGENCY_PERFORMANCE: 'AGENCY_PERFORMANCE_READ',
  CONTACT_STATISTICS: 'CONTACT_STATISTICS_READ',
  ACCESS_LOG: 'ACCESS_LOG_READ',
  RISK_ASSESSMENTS: 'RISK_ASSESSMENTS_READ',
  PROTECTION_ORDERS: 'PROTECTION_ORDERS_READ',
  RISK_STATISTICS: 'RISK_STATISTICS_READ',
  SAFETY_PLAN: 'SAFETY_PLAN_READ',
} as const;

/** Purpose codes of reads that are not done under a referral's purpose. */
export const ReadPurpose = {
  MONITORING: 'MONITORING',
  AUDIT: 'AUDIT',
} as const;

/** The audit event of a read by `actor` in this request. */
export function readEvent(
  actor: Actor,
  meta: RequestMeta,
  read: Pick<AuditEventInput, 'action' | 'subjectType' | 'subjectId'> &
    Partial<Pick<AuditEventInput, 'caseId' | 'fields' | 'purpose' | 'breakGlass'>>,
): AuditEventInput {
  return {
    actorId: actor.staffId,
    organisationId: actor.organisationId,
    requestId: meta.requestId,
    caseId: null,
    fields: [],
    purpose: null,
    breakGlass: false,
    ...read,
  };
}

/**
 * Names of the fields selected under the field being resolved, or under `path` below it (e.g. `['edges', 'node']`
 * of a connection); fragments expanded, `__typename` ignored, sorted.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[] = []): string[] {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, depth: number, seen: ReadonlySet<string>): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (depth === path.length) {
          if (name !== '__typename') names.add(name);
        } else if (name === path[depth]) {
          visit(selection.selectionSet, depth + 1, seen);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, depth, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet, depth, new Set(seen).add(selection.name.value));
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, 0, new Set());
  return [...names].sort();
}
