import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DEADLINE_POLICY, DomainError } from '@lib/domain';
import { loadDeadlinePolicyFromEnv } from './deadline-policy.loader';

describe('loadDeadlinePolicyFromEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nrm-policy-'));

  it('defaults to the domain policy', () => {
    expect(loadDeadlinePolicyFromEnv({})).toBe(DEFAULT_DEADLINE_POLICY);
  });

  it('reads DEADLINE_POLICY_FILE and re-reads it when it changes', () => {
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_DEADLINE_POLICY, version: 'short-1' }));
    utimesSync(file, new Date(1_000_000), new Date(1_000_000));
    expect(loadDeadlinePolicyFromEnv({ DEADLINE_POLICY_FILE: file }).version).toBe('short-1');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_DEADLINE_POLICY, version: 'short-2' }));
    utimesSync(file, new Date(2_000_000), new Date(2_000_000));
    expect(loadDeadlinePolicyFromEnv({ DEADLINE_POLICY_FILE: file }).version).toBe('short-2');
  });

  it('refuses an invalid policy loudly', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_DEADLINE_POLICY, version: '' }));
    expect(() => loadDeadlinePolicyFromEnv({ DEADLINE_POLICY_FILE: file })).toThrow(DomainError);
  });
});
