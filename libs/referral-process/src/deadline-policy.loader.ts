import { readFileSync, statSync } from 'node:fs';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy, parseDeadlinePolicyJson } from '@lib/domain';

/** Environment variable naming a JSON deadline policy (validated by the domain). Unset: the default policy. */
export const DEADLINE_POLICY_FILE_ENV = 'DEADLINE_POLICY_FILE';

export type DeadlinePolicySource = () => DeadlinePolicy;

let cached: { path: string; mtimeMs: number; policy: DeadlinePolicy } | null = null;

/**
 * The policy in force now: the file named by DEADLINE_POLICY_FILE (re-read when it changes, so a new policy applies
 * to referrals created after the change without a restart), else DEFAULT_DEADLINE_POLICY. An invalid file is an
 * error (BAD_INPUT with the offending paths): better a loud failure than a silently different deadline.
 */
export function loadDeadlinePolicyFromEnv(env: NodeJS.ProcessEnv = process.env): DeadlinePolicy {
  const path = env[DEADLINE_POLICY_FILE_ENV];
  if (!path) return DEFAULT_DEADLINE_POLICY;
  const mtimeMs = statSync(path).mtimeMs;
  if (cached && cached.path === path && cached.mtimeMs === mtimeMs) return cached.policy;
  const policy = parseDeadlinePolicyJson(readFileSync(path, 'utf8'));
  cached = { path, mtimeMs, policy };
  return policy;
}
