// Provisional until @lib/authz lands: the authenticated staff member.
export type { ActiveStaff as Actor } from '@lib/organisations';
