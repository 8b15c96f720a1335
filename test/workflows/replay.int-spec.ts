/**
 * Replays the recorded histories (test/workflows/histories, `npm run workflows:record-histories`) against the current
 * workflow code. A change that is not replay-compatible fails here; guard such changes with `patched()`.
 */
jest.setTimeout(120_000);

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { cachedWorkflowBundle, quietRuntime, ROOT } from './support/harness';

const DIR = join(ROOT, 'test', 'workflows', 'histories');

function histories(filter: (name: string) => boolean = () => true) {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json') && filter(f))
    .sort()
    .map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(readFileSync(join(DIR, f), 'utf8'))) }));
}

describe('replay of recorded histories', () => {
  beforeAll(() => quietRuntime());

  it('has histories of every workflow type', () => {
    const names = histories().map((h) => h.workflowId);
    expect(names).toEqual(
      expect.arrayContaining(['case-consent-withdrawal-and-closure', 'case-risk-level-change', 'dost-intake-legal-override', 'protection-order-issued-breached-extended-expired', 'safety-plan-review-reminded-moved-done', 'referral-expired', 'referral-accepted-completed']),
    );
    const raw = readdirSync(DIR).map((f) => readFileSync(join(DIR, f), 'utf8')).join('\n');
    for (const type of ['caseWorkflow', 'referralWorkflow', 'dostIntakeWorkflow', 'protectionOrderWorkflow', 'safetyPlanReviewWorkflow']) expect(raw).toContain(`"${type}"`);
  });

  it('replays every history against the current workflow code without nondeterminism', async () => {
    const all = histories();
    const results: { id: string; error: unknown }[] = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: await cachedWorkflowBundle() }, all)) {
      results.push({ id: r.workflowId, error: r.error });
    }
    expect(results).toHaveLength(all.length);
    expect(results.filter((r) => r.error !== undefined).map((r) => `${r.id}: ${String(r.error)}`)).toEqual([]);
  });

  it('negative control: an incompatible referral workflow fails replay', async () => {
    const bundle = await bundleWorkflowCode({
      workflowsPath: join(__dirname, 'support', 'incompatible', 'index.ts'),
      logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const failures: string[] = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: bundle }, histories((f) => f.startsWith('referral-')))) {
      if (r.error) failures.push(r.workflowId);
    }
    expect(failures.sort()).toEqual([
      'referral-accepted-completed',
      'referral-accepted-completed-before-local-open',
      'referral-expired',
      'referral-expired-before-local-open',
      'referral-withdrawn-by-consent',
      'referral-withdrawn-by-consent-before-local-open',
    ]);
  });
});
