import { type DeadlinePolicy } from '@lib/domain';

/**
 * The deadline policy in force now (the loaded, versioned policy: DEADLINE_POLICY_FILE, else the default), read at
 * each use so a new policy applies to referrals created after it changed. Provided by the application (see
 * DeadlinePolicyModule in @lib/referral-process); services inject it rather than reaching for a constant.
 */
export type DeadlinePolicySource = () => DeadlinePolicy;

/** Nest injection token of the DeadlinePolicySource. */
export const DEADLINE_POLICY_SOURCE = 'DEADLINE_POLICY_SOURCE';
