import { DEMO_ORG_IDS, DEMO_USER_IDS } from '@lib/persistence';
import { type ApiHarness } from './api-harness';

/** What the helpers below need: an in-process harness or any client that signs requests in as a demo user. */
export type GraphqlCaller = Pick<ApiHarness, 'ok'>;

export const OPEN_CASE = `mutation Open($input: OpenCaseInput!) {
  openCase(input: $input) { id caseCode status version riskLevel access }
}`;

export const RECORD_CONSENT = `mutation Consent($input: RecordConsentInput!) {
  recordConsent(input: $input) { id inForce dataCategories purposes }
}`;

export const CREATE_REFERRAL = `mutation Refer($input: CreateReferralInput!) {
  createReferral(input: $input) { id status version dataProfile dataCategories responseDueAt serviceDueAt disclosureAuthorised caseCode toOrganisationId }
}`;

export const ACCEPT = `mutation Accept($input: AcceptReferralInput!) { acceptReferral(input: $input) { id status version } }`;
export const DECLINE = `mutation Decline($input: DeclineReferralInput!) { declineReferral(input: $input) { id status version declineReason } }`;
export const COMPLETE = `mutation Complete($input: CompleteReferralInput!) { completeReferral(input: $input) { id status version outcomeNote } }`;
export const WITHDRAW = `mutation Withdraw($input: WithdrawReferralInput!) { withdrawReferral(input: $input) { id status version } }`;

export const CASE_WITH_SURVIVOR = `query Case($id: UUID!) {
  case(id: $id) { id caseCode status access dataProfile survivor { id fullName phone narrative healthNotes address dateOfBirth } }
}`;

export const INBOX = `query Inbox($filter: InboxFilterInput, $first: Int!, $after: String) {
  inbox(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id type status caseId caseCode referralId dueAt overdue } }
    pageInfo { endCursor hasNextPage }
  }
}`;

let counter = 0;
export function key(prefix = 'k'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now()}-${counter}`;
}

export const SURVIVOR = {
  fullName: 'Aysel Mammadova',
  dateOfBirth: '1990-04-12',
  phone: '+994 50 123 45 67',
  address: '12 Nizami St, Baku',
  narrative: 'Repeated assaults at home',
  healthNotes: 'Bruising, needs check-up',
};

export function openCaseInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'LANDLINE',
    anonymous: false,
    category: 'DOMESTIC_VIOLENCE',
    callerType: 'WOMAN',
    riskLevel: 'HIGH',
    isChild: false,
    survivor: SURVIVOR,
    dependants: [{ fullName: 'Child One', dateOfBirth: '2015-01-02' }],
    idempotencyKey: key('open'),
    ...overrides,
  };
}

/** Opens a case as dost.manager (DOST Baku) and returns { id, version, caseCode }. */
export async function openCase(api: GraphqlCaller, user = 'dost.manager', overrides: Record<string, unknown> = {}) {
  const data = await api.ok(user, OPEN_CASE, { input: openCaseInput(overrides) });
  return data.openCase as { id: string; caseCode: string; version: number; status: string };
}

export const ASSIGN_CASE = `mutation AssignCase($i: AssignCaseInput!) { assignCase(input: $i) { caseId workerIds } }`;

/**
 * Access inside an organisation follows assignment: the organisation's supervisor assigns these members (demo user
 * names or staff ids) as workers on the case, as a DOST centre does before its lawyer and psychologist interview.
 */
export async function assignWorkers(api: ApiHarness, caseId: string, users: readonly string[], supervisor = 'dost.supervisor'): Promise<void> {
  for (const user of users) {
    const staffId = (DEMO_USER_IDS as Record<string, string>)[user] ?? user;
    await api.ok(supervisor, ASSIGN_CASE, { i: { caseId, staffId } });
  }
}

/** Records a consent to POLICE (by id) for IDENTITY+CONTACT+INCIDENT_NARRATIVE, LAW_ENFORCEMENT. */
export async function consentToPolice(api: GraphqlCaller, caseId: string, categories = ['IDENTITY', 'CONTACT', 'INCIDENT_NARRATIVE']) {
  const data = await api.ok('dost.manager', RECORD_CONSENT, {
    input: {
      caseId,
      grantor: 'SELF',
      recipientOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
      dataCategories: categories,
      purposes: ['LAW_ENFORCEMENT'],
      method: 'WRITTEN',
      idempotencyKey: key('consent'),
    },
  });
  return data.recordConsent as { id: string };
}

export async function referToPolice(api: GraphqlCaller, caseId: string, categories = ['IDENTITY', 'CONTACT', 'INCIDENT_NARRATIVE'], options: { reReferral?: boolean } = {}) {
  const data = await api.ok('dost.manager', CREATE_REFERRAL, {
    input: {
      ...options,
      caseId,
      toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
      serviceType: 'INCIDENT_NOTIFICATION',
      purpose: 'LAW_ENFORCEMENT',
      dataCategories: categories,
      idempotencyKey: key('ref'),
    },
  });
  const created = data.createReferral as { id: string };
  // As the recipient finds it, after its workflow opened it (the opening pins the deadlines: a new version).
  const read = await api.ok('dost.manager', `query($id: UUID!) { referral(id: $id) { id version status } }`, { id: created.id });
  return read.referral as { id: string; version: number; status: string };
}
