import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_ORG_IDS } from '@lib/persistence';
import {
  ACCEPT,
  CREATE_REFERRAL,
  INBOX,
  OPEN_CASE,
  RECORD_CONSENT,
  key,
  openCaseInput,
} from '../e2e/support/operations';
import { cleanEnv, freePort, spawnNode, tempDataDir, type RunningProcess } from '../support/processes';

/**
 * Restore drill of a single-machine install: `npm start` with a pending referral, `npm run backup` while it runs,
 * stop, `npm run restore` into an empty data directory plus the keys from their own backup, start again:
 * `npm run audit:verify` passes, the recipient's task is there, and the referral's workflow (restored with the
 * embedded Temporal server's state) still takes the acceptance.
 */
const STACK = 'dist/apps/stack/src/main.js';
const READY = /Stop with Ctrl-C/;

async function stackEnv(dataDir: string): Promise<NodeJS.ProcessEnv> {
  return cleanEnv({
    DATA_DIR: dataDir,
    NRM_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    OIDC_EMBEDDED_PORT: String(await freePort()),
  });
}

async function cli(
  script: string,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<{ code: number | string; out: string[] }> {
  const p = spawnNode(script, env, args);
  const code = await p.exited;
  return { code, out: p.lines };
}

describe('backup and restore drill (single machine)', () => {
  const dirs: string[] = [];
  const stacks: RunningProcess[] = [];

  afterAll(async () => {
    for (const s of stacks)
      if (s.child.exitCode === null && s.child.signalCode === null) s.signalGroup('SIGINT');
    await Promise.all(stacks.map((s) => s.exited));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('restores a running install into an empty data directory; audit chain intact, pending referral alive', async () => {
    const [original, backups, restored] = [
      tempDataDir('nrm-drill-a-'),
      tempDataDir('nrm-drill-b-'),
      tempDataDir('nrm-drill-c-'),
    ];
    dirs.push(original, backups, restored);
    const envA = await stackEnv(original);
    const first = spawnNode(STACK, envA);
    stacks.push(first);
    await first.waitForLine(READY, 180_000);

    const token = async (user: string): Promise<string> => {
      const r = await cli('dist/libs/auth/src/cli/token.js', envA, [user]);
      expect(r.code).toBe(0);
      return r.out.filter((l) => l.trim() !== '').at(-1)!;
    };
    const tokens = { manager: await token('dost.manager'), ssa: await token('ssa.officer') };
    const gql = async (
      port: string,
      who: keyof typeof tokens,
      query: string,
      variables: Record<string, unknown>,
    ) => {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
      if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data!;
    };
    const inboxTask = async (port: string, referralId: string) => {
      const until = Date.now() + 60_000;
      while (Date.now() < until) {
        const inbox = (await gql(port, 'ssa', INBOX, { first: 50 })).inbox as {
          edges: { node: { referralId: string | null } }[];
        };
        if (inbox.edges.some((e) => e.node.referralId === referralId)) return true;
        await new Promise((r) => setTimeout(r, 250));
      }
      return false;
    };

    const portA = envA.PORT!;
    const opened = (await gql(portA, 'manager', OPEN_CASE, { input: openCaseInput() })).openCase as {
      id: string;
    };
    await gql(portA, 'manager', RECORD_CONSENT, {
      input: {
        caseId: opened.id,
        grantor: 'SELF',
        recipientOrganisationId: DEMO_ORG_IDS.SSA,
        dataCategories: ['HEALTH'],
        purposes: ['SHELTER_PLACEMENT'],
        method: 'WRITTEN',
        idempotencyKey: key('consent'),
      },
    });
    const referral = (
      await gql(portA, 'manager', CREATE_REFERRAL, {
        input: {
          caseId: opened.id,
          toOrganisationId: DEMO_ORG_IDS.SSA,
          serviceType: 'SHELTER_PLACEMENT',
          purpose: 'SHELTER_PLACEMENT',
          dataCategories: ['HEALTH'],
          idempotencyKey: key('ref'),
        },
      })
    ).createReferral as { id: string; status: string };
    expect(await inboxTask(portA, referral.id)).toBe(true);

    // Online backup while npm start runs; the keys go to their own backup.
    const target = join(backups, 'backup');
    const backup = await cli('dist/libs/persistence/src/cli/backup.js', envA, [target]);
    expect(backup).toMatchObject({ code: 0 });
    first.signalGroup('SIGINT');
    expect(await first.exited).toBe(0);

    const envC = await stackEnv(restored);
    const restore = await cli('dist/libs/persistence/src/cli/restore.js', envC, [target]);
    expect(restore).toMatchObject({ code: 0 });
    cpSync(join(original, 'keys'), join(restored, 'keys'), { recursive: true });

    const second = spawnNode(STACK, envC);
    stacks.push(second);
    await second.waitForLine(READY, 180_000);
    const verify = await cli('dist/libs/audit/src/cli/verify.js', envC);
    expect(verify.code).toBe(0);
    expect(verify.out.join('\n')).toMatch(/"ok":true/);
    expect(await inboxTask(envC.PORT!, referral.id)).toBe(true);
    // The referral's workflow came back with the embedded Temporal server's state: it takes the acceptance.
    const current = (
      await gql(envC.PORT!, 'ssa', 'query($id: UUID!) { referral(id: $id) { status version } }', {
        id: referral.id,
      })
    ).referral as {
      status: string;
      version: number;
    };
    expect(current.status).toBe('PENDING');
    const accepted = (
      await gql(envC.PORT!, 'ssa', ACCEPT, {
        input: { referralId: referral.id, expectedVersion: current.version },
      })
    ).acceptReferral as {
      status: string;
    };
    expect(accepted.status).toBe('ACCEPTED');
    second.signalGroup('SIGINT');
    expect(await second.exited).toBe(0);
  }, 600_000);
});
