/**
 * The audit checkpoint loop: a durable timer loop run by the real worker on the embedded Temporal server (time
 * skipping), writing signed checkpoints of the audit chain heads outside the database, continuing as new.
 */
jest.setTimeout(120_000);

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditWriter, loadAuditSigningKey, verifiedCheckpoint } from '@lib/audit';
import {
  AUDIT_CHECKPOINT_WORKFLOW_ID,
  AUDIT_CHECKPOINT_WORKFLOW_TYPE,
  AUDIT_CHECKPOINTS_PER_RUN,
} from '@lib/contracts';
import { inTransaction } from '@lib/persistence';
import { ORG, USER } from './support/fixtures';
import { eventually, startHarness, type Harness } from './support/harness';

describe('audit checkpoint workflow', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nrm-audit-checkpoint-wf-'));
  const saved = {
    dir: process.env.AUDIT_CHECKPOINT_DIR,
    interval: process.env.AUDIT_CHECKPOINT_INTERVAL_MINUTES,
  };
  let h: Harness;

  beforeAll(async () => {
    process.env.AUDIT_CHECKPOINT_DIR = dir;
    process.env.AUDIT_CHECKPOINT_INTERVAL_MINUTES = '1';
    h = await startHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
    for (const [name, value] of [
      ['AUDIT_CHECKPOINT_DIR', saved.dir],
      ['AUDIT_CHECKPOINT_INTERVAL_MINUTES', saved.interval],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  function checkpoints(): { chains: { chainId: string; seq: number }[] }[] {
    const scopes = readdirSync(dir);
    return scopes.flatMap((s) =>
      readdirSync(join(dir, s))
        .filter((f) => f.startsWith('checkpoint-'))
        .sort()
        .map(
          (f) =>
            JSON.parse(readFileSync(join(dir, s, f), 'utf8')) as {
              chains: { chainId: string; seq: number }[];
            },
        ),
    );
  }

  it('checkpoints at once, then every interval, signed, following new audit events; continues as new', async () => {
    const writer = new AuditWriter();
    const audit = () =>
      inTransaction(h.db.dataSource, (m) =>
        writer.record(m, {
          actorId: USER['dost.manager'],
          organisationId: ORG.DOST_BAKU,
          action: 'CASE_READ',
          subjectType: 'case',
          subjectId: ORG.DOST_BAKU,
        }),
      );
    await audit();
    const handle = await h.env.client.workflow.start(AUDIT_CHECKPOINT_WORKFLOW_TYPE, {
      workflowId: AUDIT_CHECKPOINT_WORKFLOW_ID,
      taskQueue: h.taskQueue,
      args: [{}],
    });
    const first = await eventually(() => Promise.resolve(checkpoints()[0]));
    const key = loadAuditSigningKey();
    expect(verifiedCheckpoint(first, key)).not.toBeNull();
    expect(first.chains).toEqual([expect.objectContaining({ chainId: ORG.DOST_BAKU, seq: 1 })]);

    await audit();
    await h.env.sleep('61 seconds');
    const second = await eventually(() => Promise.resolve(checkpoints()[1]));
    expect(second.chains).toEqual([expect.objectContaining({ chainId: ORG.DOST_BAKU, seq: 2 })]);

    // After AUDIT_CHECKPOINTS_PER_RUN checkpoints the loop continues as new (same workflow id, a new run).
    const firstRun = (await handle.describe()).runId;
    await h.env.sleep(`${AUDIT_CHECKPOINTS_PER_RUN + 1} minutes`);
    await eventually(
      async () =>
        (await h.env.client.workflow.getHandle(AUDIT_CHECKPOINT_WORKFLOW_ID).describe()).runId !== firstRun,
    );
    expect(checkpoints().length).toBeGreaterThanOrEqual(AUDIT_CHECKPOINTS_PER_RUN);
    await h.env.client.workflow.getHandle(AUDIT_CHECKPOINT_WORKFLOW_ID).terminate('test over');
  });
});
