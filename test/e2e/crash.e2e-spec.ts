/**
 * Crash test: the API, the worker and the embedded Temporal server run as SEPARATE processes, from the built dist/
 * (`npm test` builds first), on one PostgreSQL database (the Temporal server durable in it). A burst of mutations
 * (createReferral with idempotency keys, then acceptReferral on half of them) is sent while each process in turn is
 * SIGKILLed and restarted. Clients behave as real ones: a failed or unanswered request is retried with the same
 * idempotency key. At the end every acknowledged referral exists exactly once, has its workflow in Temporal
 * (running or completed) and its task in the recipient's inbox, every acknowledged acceptance is applied once, and
 * no workflow start is left pending.
 */
jest.setTimeout(240_000);

import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { issueLocalToken } from '@lib/auth';
import { referralWorkflowId } from '@lib/contracts';
import { loadOrCreateLocalKeys } from '@lib/crypto';
import { DEMO_ORG_IDS, DEMO_USER_IDS } from '@lib/persistence';
import { loadPayloadKeys } from '@lib/temporal';
import { createTestDatabase, type TestDatabase } from '../support';
import { freePort } from '../support/processes';

const DIST = resolve(__dirname, '..', '..', 'dist');
const CASES = 16;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));


/** A process that exited without being killed by the test (the supervisor restarted it). */
interface UnexpectedExit {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The process's last output line (its own error report). */
  lastLine: string;
}

/**
 * One process of the stack, restartable; its output is kept (and shown only when the test fails). Supervised as the
 * Kubernetes Deployments run them (deploy/kubernetes: restartPolicy Always): a process that exits on its own (the
 * worker exits when its start-up connection to Temporal is refused, e.g. when it is restarted just before the
 * Temporal server is killed) is recorded in `exits` and started again after a second.
 */
class StackProcess {
  private child: ChildProcess | undefined;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | undefined;
  readonly output: string[] = [];

  constructor(
    readonly name: string,
    private readonly script: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly exits: UnexpectedExit[],
  ) {}

  start(): void {
    this.stopped = false;
    const child = spawn(process.execPath, [join(DIST, this.script), ...this.args], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      this.output.push(chunk.toString('utf8'));
      if (this.output.length > 400) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      if (this.stopped || this.child !== child) return;
      const lines = this.output.join('').trim().split('\n');
      this.exits.push({ name: this.name, code, signal, lastLine: lines[lines.length - 1] ?? '' });
      this.output.push(`[test] ${this.name} exited on its own (code ${code}, signal ${signal}): restarted in 1 s\n`);
      this.restartTimer = setTimeout(() => {
        if (!this.stopped && this.child === child) this.start();
      }, 1000);
    });
    this.child = child;
  }

  /** SIGKILL (no shutdown of any kind), and wait until the process is gone. It stays down until `start()`. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((r) => {
      child.once('exit', () => r());
      child.kill(signal);
    });
  }

  async restart(): Promise<void> {
    await this.kill();
    this.start();
  }
}

interface GqlResult {
  data?: Record<string, any> | null;
  errors?: { extensions?: { code?: string } }[];
}

describe('crash: SIGKILL of the API, the worker and the Temporal server under a burst of mutations', () => {
  let db: TestDatabase;
  let dataDir: string;
  let url: string;
  let temporalAddress: string;
  const stack: StackProcess[] = [];
  const exits: UnexpectedExit[] = [];
  let api: StackProcess;
  let worker: StackProcess;
  let temporal: StackProcess;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'apps', 'api', 'src', 'main.js')))
      throw new Error('dist/ is missing: run `npm run build` (npm test does)');
    db = await createTestDatabase({ seeded: true, poolSize: 2 });
    dataDir = mkdtempSync(join(tmpdir(), 'nrm-crash-'));
    const keyDir = join(dataDir, 'keys');
    loadOrCreateLocalKeys(keyDir);
    loadPayloadKeys(keyDir, {});
    for (const user of ['dost.manager', 'ssa.officer'] as const)
      tokens[user] = await issueLocalToken(DEMO_USER_IDS[user], 3600, { keyDir });
    const [apiPort, temporalPort] = [await freePort(), await freePort()];
    url = `http://127.0.0.1:${apiPort}/graphql`;
    temporalAddress = `127.0.0.1:${temporalPort}`;
    const base: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      NRM_DATA_DIR: dataDir,
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_GRPC_COMPRESSION: 'none',
      TEMPORAL_SDK_LOG_LEVEL: 'ERROR',
    };
    temporal = new StackProcess(
      'temporal server',
      'libs/temporal-server/src/main.js',
      ['server', 'start-dev', '--port', String(temporalPort), '--ip', '127.0.0.1', '--headless'],
      {
        ...base,
        TEMPORAL_SERVER_DATABASE_URL: db.url,
      },
      exits,
    );
    worker = new StackProcess('worker', 'apps/worker/src/main.js', [], base, exits);
    api = new StackProcess(
      'api',
      'apps/api/src/main.js',
      [],
      {
        ...base,
        PORT: String(apiPort),
        HOST: '127.0.0.1',
      },
      exits,
    );
    stack.push(temporal, worker, api);
    for (const p of stack) p.start();
    await until(
      async () => (await gqlOnce('dost.manager', '{ __typename }'))?.data?.__typename === 'Query',
      60_000,
      'the API to answer',
    );
  });

  afterAll(async () => {
    for (const p of [...stack].reverse()) await p.kill('SIGTERM');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  });

  /**
   * The supervisor restarts whatever exits on its own, but the only exit allowed is the worker's when its start-up
   * connection to the Temporal server is refused (restarted just before the server is killed): a crash of any process
   * fails the test.
   */
  function expectOnlyRefusedStartExits(): void {
    for (const x of exits) {
      expect(x).toMatchObject({
        name: 'worker',
        code: 1,
        lastLine: expect.stringMatching(/"msg":"failed","error":"TransportError: .*ConnectionRefused/),
      });
    }
  }

  /** One HTTP attempt; null when the request failed (connection refused or reset, timeout: the API was killed). */
  async function gqlOnce(
    user: string,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GqlResult | null> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[user]}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(20_000),
      });
      return (await res.json()) as GqlResult;
    } catch {
      return null;
    }
  }

  /** As a real client: retries the same request (same idempotency key) until it is answered without a server fault. */
  async function retried(
    user: string,
    query: string,
    variables: Record<string, unknown>,
    done: (r: GqlResult) => boolean,
    deadlineMs = 90_000,
  ): Promise<GqlResult> {
    const stop = Date.now() + deadlineMs;
    for (;;) {
      const r = await gqlOnce(user, query, variables);
      if (r && done(r)) return r;
      if (Date.now() > stop) throw new Error(`no answer in time: ${JSON.stringify(r?.errors ?? null)}`);
      await sleep(300);
    }
  }

  async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const stop = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > stop) throw new Error(`timed out waiting for ${what}`);
      await sleep(200);
    }
  }

  const OPEN_CASE = `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`;
  const RECORD_CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
  const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id status } }`;
  const REFERRAL = `query($id: UUID!) { referral(id: $id) { id status version } }`;
  const ACCEPT = `mutation($input: AcceptReferralInput!) { acceptReferral(input: $input) { id status } }`;
  const answered = (r: GqlResult): boolean => !r.errors?.length;

  /** createReferral for one case, retried with the same key until acknowledged; returns the referral id. */
  async function refer(caseId: string): Promise<string> {
    const input = {
      caseId,
      toOrganisationId: DEMO_ORG_IDS.SSA,
      serviceType: 'SHELTER_PLACEMENT',
      purpose: 'SHELTER_PLACEMENT',
      dataCategories: ['HEALTH'],
      idempotencyKey: `crash-ref-${caseId}`,
    };
    const r = await retried('dost.manager', CREATE_REFERRAL, { input }, answered);
    return (r.data!.createReferral as { id: string }).id;
  }

  /**
   * The recipient accepts once the referral reaches her (its workflow opened it), retrying until the answer says
   * ACCEPTED; a CONFLICT / INVALID_TRANSITION after a lost answer means an earlier attempt was applied, which the
   * referral's status then shows.
   */
  async function accept(referralId: string): Promise<void> {
    let last = 'nothing';
    for (const stop = Date.now() + 150_000; Date.now() < stop; await sleep(300)) {
      const read = await gqlOnce('ssa.officer', REFERRAL, { id: referralId });
      const seen = read?.data?.referral as { status: string; version: number } | undefined;
      last = `read ${JSON.stringify(read?.data ?? read?.errors ?? null)}`;
      if (!seen) continue; // not yet visible to her, or the API is down
      if (seen.status === 'ACCEPTED') return;
      const tasks = await db.dataSource.query(
        `SELECT 1 FROM tasks WHERE referral_id = $1 AND type = 'REFERRAL_RESPONSE'`,
        [referralId],
      );
      last += ' no task';
      if (tasks.length === 0) continue; // her task is not in the inbox yet: nothing to respond to
      const r = await gqlOnce('ssa.officer', ACCEPT, {
        input: { referralId, expectedVersion: seen.version },
      });
      last = `accept ${JSON.stringify(r?.errors ?? r?.data ?? null)}`;
      if (r && answered(r) && (r.data!.acceptReferral as { status: string }).status === 'ACCEPTED') return;
    }
    throw new Error(`acceptance not acknowledged in time; last: ${last}; ${await workflowState(referralId)}`);
  }

  /** What the outbox and the embedded server hold for a referral and its case (ids, statuses and event types only). */
  async function workflowState(referralId: string): Promise<string> {
    const outbox = await db.dataSource.query(`SELECT kind, attempts FROM workflow_starts WHERE subject_id = $1`, [referralId]);
    const [ref] = await db.dataSource.query(`SELECT case_id FROM referrals WHERE id = $1`, [referralId]);
    const runs = await db.dataSource.query(
      `SELECT x.workflow_id, x.status, x.history_length, left(x.state::text, 3000) AS state
         FROM temporal_embedded.executions x WHERE x.workflow_id IN ($1, $2) ORDER BY x.seq`,
      [`referral-${referralId}`, `case-${ref?.case_id}`],
    ).catch((e: Error) => e.message);
    return `outbox ${JSON.stringify(outbox)}; runs ${JSON.stringify(runs)}`;
  }

  /** Opens a case with a consent to the SSA for shelter placement (retried as a client would). */
  async function caseWithConsent(label: string): Promise<string> {
    const open = await retried(
      'dost.manager',
      OPEN_CASE,
      {
        input: {
          channel: 'LANDLINE',
          anonymous: false,
          category: 'DOMESTIC_VIOLENCE',
          callerType: 'WOMAN',
          riskLevel: 'HIGH',
          isChild: false,
          survivor: { fullName: `Crash Survivor ${label}` },
          idempotencyKey: `crash-open-${label}-${randomUUID()}`,
        },
      },
      answered,
    );
    const caseId = (open.data!.openCase as { id: string }).id;
    await retried(
      'dost.manager',
      RECORD_CONSENT,
      {
        input: {
          caseId,
          grantor: 'SELF',
          recipientOrganisationId: DEMO_ORG_IDS.SSA,
          dataCategories: ['HEALTH'],
          purposes: ['SHELTER_PLACEMENT'],
          method: 'WRITTEN',
          idempotencyKey: `crash-consent-${caseId}`,
        },
      },
      answered,
    );
    return caseId;
  }

  it('with Temporal down, createReferral answers success at once; the task appears once Temporal is back, with no client retry', async () => {
    try {
      const caseId = await caseWithConsent('down');
      await temporal.kill();
      const one = await gqlOnce('dost.manager', CREATE_REFERRAL, {
        input: {
          caseId,
          toOrganisationId: DEMO_ORG_IDS.SSA,
          serviceType: 'SHELTER_PLACEMENT',
          purpose: 'SHELTER_PLACEMENT',
          dataCategories: ['HEALTH'],
          idempotencyKey: `crash-down-${caseId}`,
        },
      });
      expect(one?.errors).toBeUndefined();
      const referralId = (one!.data!.createReferral as { id: string; status: string }).id;
      expect(one!.data!.createReferral).toMatchObject({ status: 'PENDING' });
      // Committed, with its pending workflow start; no task before its workflow has re-checked consent.
      expect(
        await db.dataSource.query(`SELECT kind FROM workflow_starts WHERE subject_id = $1`, [referralId]),
      ).toEqual([{ kind: 'REFERRAL' }]);
      expect(
        await db.dataSource.query(
          `SELECT 1 FROM tasks WHERE referral_id = $1 AND type = 'REFERRAL_RESPONSE'`,
          [referralId],
        ),
      ).toEqual([]);
      temporal.start();
      await until(
        async () =>
          (
            await db.dataSource.query(
              `SELECT 1 FROM tasks WHERE referral_id = $1 AND type = 'REFERRAL_RESPONSE'`,
              [referralId],
            )
          ).length === 1,
        45_000,
        'the task after Temporal came back',
      );
      await until(
        async () =>
          (await db.dataSource.query(`SELECT 1 FROM workflow_starts WHERE subject_id = $1`, [referralId]))
            .length === 0,
        20_000,
        'the outbox row to go',
      );
      expectOnlyRefusedStartExits();
    } catch (error) {
      for (const p of stack) process.stderr.write(`--- ${p.name} ---\n${p.output.join('').slice(-4000)}\n`);
      throw error;
    }
  });

  it('every acknowledged mutation exists exactly once, with its workflow and its task', async () => {
    try {
      await burstUnderChaos();
    } catch (error) {
      // The processes' own output, only when the test fails (quiet otherwise).
      for (const p of stack) process.stderr.write(`--- ${p.name} ---\n${p.output.join('').slice(-4000)}\n`);
      throw error;
    }
  });

  async function burstUnderChaos(): Promise<void> {
    // Cases and consents first (not under chaos).
    const cases: string[] = [];
    for (let i = 0; i < CASES; i++) cases.push(await caseWithConsent(String(i)));

    // The burst, in four waves, while each process in turn is SIGKILLed and restarted.
    const acknowledged = new Map<string, string>(); // caseId → referralId
    const accepted = new Set<string>();
    const client = async (caseId: string, index: number): Promise<void> => {
      const referralId = await refer(caseId);
      acknowledged.set(caseId, referralId);
      if (index % 2 === 0) {
        await accept(referralId);
        accepted.add(referralId);
      }
    };
    const wave = (from: number): Promise<void>[] =>
      cases.slice(from, from + CASES / 4).map((c, k) => client(c, from + k));
    const clients: Promise<void>[] = [];
    const chaos = (async (): Promise<void> => {
      clients.push(...wave(0));
      await sleep(300);
      // The worker first (it re-bundles the workflow code at start, the slowest to come back): it dies with
      // workflow tasks and local activities in flight.
      await worker.restart();
      clients.push(...wave(CASES / 4));
      await sleep(1500);
      await temporal.kill(); // Temporal down: referrals are still acknowledged (their starts wait in the outbox)
      clients.push(...wave(CASES / 2));
      await sleep(2500);
      temporal.start();
      await sleep(500);
      clients.push(...wave((3 * CASES) / 4));
      await sleep(200);
      await api.restart(); // requests in flight are lost: their clients retry with the same key
    })();
    await chaos;
    await Promise.all(clients);

    // Everything acknowledged is there, once.
    expect(acknowledged.size).toBe(CASES);
    const referralIds = [...acknowledged.values()];
    const perCase: { case_id: string; n: number }[] = await db.dataSource.query(
      `SELECT case_id, count(*)::int AS n FROM referrals WHERE case_id = ANY($1::uuid[]) GROUP BY case_id`,
      [cases],
    );
    expect(perCase.map((r) => r.n)).toEqual(cases.map(() => 1));
    const rows: { id: string; case_id: string; status: string }[] = await db.dataSource.query(
      `SELECT id, case_id, status FROM referrals WHERE id = ANY($1::uuid[])`,
      [referralIds],
    );
    expect(rows.map((r) => r.id).sort()).toEqual([...referralIds].sort());

    // Each has its task in the recipient's inbox (written by its workflow after the consent re-check), exactly one.
    await until(
      async () => {
        const tasks: { n: number }[] = await db.dataSource.query(
          `SELECT count(*)::int AS n FROM tasks WHERE type = 'REFERRAL_RESPONSE' AND organisation_id = $2 AND referral_id = ANY($1::uuid[])`,
          [referralIds, DEMO_ORG_IDS.SSA],
        );
        return tasks[0]!.n === CASES;
      },
      60_000,
      'every referral task',
    );
    const taskCounts: { referral_id: string; n: number }[] = await db.dataSource.query(
      `SELECT referral_id, count(*)::int AS n FROM tasks WHERE type = 'REFERRAL_RESPONSE' AND referral_id = ANY($1::uuid[]) GROUP BY referral_id`,
      [referralIds],
    );
    expect(taskCounts.every((t) => t.n === 1)).toBe(true);

    // Each acknowledged acceptance was applied once; the others are still pending.
    const statusRows: { id: string; status: string }[] = await db.dataSource.query(
      `SELECT id, status FROM referrals WHERE id = ANY($1::uuid[])`,
      [referralIds],
    );
    const statuses = new Map(statusRows.map((r) => [r.id, r.status]));
    for (const id of referralIds) expect(statuses.get(id)).toBe(accepted.has(id) ? 'ACCEPTED' : 'PENDING');
    const acceptances: { referral_id: string; n: number }[] = await db.dataSource.query(
      `SELECT referral_id, count(*)::int AS n FROM timeline_entries WHERE kind = 'REFERRAL_ACCEPTED' AND referral_id = ANY($1::uuid[]) GROUP BY referral_id`,
      [referralIds],
    );
    expect(acceptances.map((a) => a.n)).toEqual([...accepted].map(() => 1));

    // Each has its workflow in Temporal, running (pending or accepted: waiting on its deadlines) or completed.
    const connection = await Connection.connect({ address: temporalAddress });
    try {
      const temporalClient = new Client({ connection });
      for (const id of referralIds) {
        const description = await temporalClient.workflow.getHandle(referralWorkflowId(id)).describe();
        expect(['RUNNING', 'COMPLETED']).toContain(description.status.name);
      }
    } finally {
      await connection.close();
    }
    // No workflow start is left behind (a start whose row outlived a killed request is swept within seconds).
    await until(
      async () => {
        const pending: { n: number }[] = await db.dataSource.query(
          `SELECT count(*)::int AS n FROM workflow_starts`,
        );
        return pending[0]!.n === 0;
      },
      20_000,
      'the workflow-start outbox to drain',
    );
    expectOnlyRefusedStartExits();
  }
});
