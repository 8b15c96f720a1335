/**
 * Two API replicas (separate processes from the built dist/, one database) each cache the staff member a token names
 * (apps/api/src/auth/principal-cache.ts). A change made through replica A, or by any other writer of the database,
 * takes effect on the very next request on replica B, with B's cache warm: a removed role, a deactivated member, a
 * member deactivated by plain SQL, a withdrawn consent. Needs `npm run build` first (npm test does).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { issueLocalToken } from '@lib/auth';
import { loadOrCreateLocalKeys } from '@lib/crypto';
import { DEMO_ORG_IDS, DEMO_USER_IDS } from '@lib/persistence';
import { loadPayloadKeys } from '@lib/temporal';
import { createTestDatabase, type TestDatabase } from '../support';
import { cleanEnv, freePort, type RunningProcess, spawnNode } from '../support/processes';
import { ACCEPT, type GraphqlCaller, consentToPolice, openCase, referToPolice } from './support/operations';

const DIST = resolve(__dirname, '..', '..', 'dist');

interface GqlResult {
  data?: Record<string, any> | null;
  errors?: { extensions?: { code?: string } }[];
}

const INBOX = '{ inbox(first: 5) { edges { node { id } } } }';
const CASE_ACCESS = 'query($id: UUID!) { case(id: $id) { id access } }';
const UPDATE_STAFF = `mutation($input: UpdateStaffMemberInput!) { updateStaffMember(input: $input) { id roles version } }`;
const DEACTIVATE_STAFF = `mutation($input: StaffActivationInput!) { deactivateStaffMember(input: $input) { id active version } }`;

describe('principal cache across API replicas', () => {
  let db: TestDatabase;
  let dataDir: string;
  let keyDir: string;
  const replicas: { url: string; process: RunningProcess }[] = [];
  const tokens = new Map<string, string>();
  let adminId: string;

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'apps', 'api', 'src', 'main.js')))
      throw new Error('dist/ is missing: run `npm run build` (npm test does)');
    db = await createTestDatabase({ seeded: true, poolSize: 2 });
    dataDir = mkdtempSync(join(tmpdir(), 'nrm-replicas-'));
    keyDir = join(dataDir, 'keys');
    loadOrCreateLocalKeys(keyDir);
    loadPayloadKeys(keyDir, {});
    adminId = randomUUID();
    await db.dataSource.query(
      `INSERT INTO staff_members (id, organisation_id, username, display_name, roles) VALUES ($1, $2, 'dost.admin', 'DOST Admin', '{ORGANISATION_ADMIN}')`,
      [adminId, DEMO_ORG_IDS.DOST_BAKU],
    );
    // An open, unassigned task in the DOST inbox: whoever holds a task role sees it, nobody else does.
    await db.dataSource.query(`INSERT INTO tasks (organisation_id, type, status) VALUES ($1, 'FOLLOW_UP', 'OPEN')`, [
      DEMO_ORG_IDS.DOST_BAKU,
    ]);
    // The API reaches Temporal lazily; nothing here starts a workflow, so nothing listens on this port.
    const temporalAddress = `127.0.0.1:${await freePort()}`;
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const proc = spawnNode(
        join(DIST, 'apps', 'api', 'src', 'main.js'),
        cleanEnv({
          NODE_ENV: 'development',
          NRM_DATA_DIR: dataDir,
          DATABASE_URL: db.url,
          TEMPORAL_ADDRESS: temporalAddress,
          TEMPORAL_SDK_LOG_LEVEL: 'ERROR',
          PORT: String(port),
          HOST: '127.0.0.1',
          AUTH_PRINCIPAL_CACHE_TTL_MS: '60000',
        }),
      );
      replicas.push({ url: `http://127.0.0.1:${port}/graphql`, process: proc });
    }
    for (const r of replicas) await answering(r.url);
  });

  afterAll(async () => {
    for (const r of replicas) {
      r.process.signalGroup('SIGTERM');
      await r.process.exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  });

  async function answering(url: string): Promise<void> {
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > until) throw new Error(`the API at ${url} did not answer:\n${replicas.map((r) => r.process.lines.slice(-10).join('\n')).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function token(staffId: string): Promise<string> {
    let t = tokens.get(staffId);
    if (!t) {
      t = await issueLocalToken(staffId, 3600, { keyDir });
      tokens.set(staffId, t);
    }
    return t;
  }

  async function gql(replica: 0 | 1, staffId: string, query: string, variables: Record<string, unknown> = {}): Promise<GqlResult> {
    const res = await fetch(replicas[replica]!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(staffId)}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResult;
  }

  const codeOf = (r: GqlResult): string | undefined => r.errors?.[0]?.extensions?.code;

  /** The shared e2e operations (openCase, consentToPolice...) run against one replica, signed in as a demo user. */
  function caller(replica: 0 | 1): GraphqlCaller {
    return {
      ok: async (user, query, variables = {}) => {
        const staffId = (DEMO_USER_IDS as Record<string, string>)[user ?? ''] ?? user!;
        const res = await gql(replica, staffId, query, variables);
        if (res.errors) throw new Error(`GraphQL error ${codeOf(res) ?? ''}`);
        return res.data as any;
      },
    };
  }
  const A = 0;
  const B = 1;

  async function versionOf(staffId: string): Promise<number> {
    const rows: { version: number }[] = await db.dataSource.query(`SELECT version FROM staff_members WHERE id = $1`, [staffId]);
    return rows[0]!.version;
  }

  /** Several requests on each replica, so both caches hold the member (the first request loads, the next ones hit). */
  async function warm(staffId: string): Promise<void> {
    for (let i = 0; i < 3; i++) for (const r of [A, B] as const) expect(codeOf(await gql(r, staffId, INBOX))).toBeUndefined();
  }

  it('a role removed through replica A: the next request on replica B no longer has it', async () => {
    const manager = DEMO_USER_IDS['dost.manager'];
    await warm(manager);
    expect((await gql(B, manager, INBOX)).data?.inbox.edges).toHaveLength(1);
    const changed = await gql(A, adminId, UPDATE_STAFF, {
      input: { staffId: manager, expectedVersion: await versionOf(manager), roles: ['ORGANISATION_ADMIN'] },
    });
    expect(changed.data?.updateStaffMember.roles).toEqual(['ORGANISATION_ADMIN']);
    // Without a task role the inbox's SQL scope is empty.
    expect((await gql(B, manager, INBOX)).data?.inbox.edges).toHaveLength(0);
    expect((await gql(A, manager, INBOX)).data?.inbox.edges).toHaveLength(0);
    // And given back: seen at once too.
    await gql(A, adminId, UPDATE_STAFF, {
      input: { staffId: manager, expectedVersion: await versionOf(manager), roles: ['CASE_MANAGER'] },
    });
    expect((await gql(B, manager, INBOX)).data?.inbox.edges).toHaveLength(1);
  });

  it('a member deactivated through replica A: the next request on replica B is refused', async () => {
    const lawyer = DEMO_USER_IDS['dost.lawyer'];
    await warm(lawyer);
    const off = await gql(A, adminId, DEACTIVATE_STAFF, {
      input: { staffId: lawyer, expectedVersion: await versionOf(lawyer) },
    });
    expect(off.data?.deactivateStaffMember.active).toBe(false);
    expect(codeOf(await gql(B, lawyer, INBOX))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(A, lawyer, INBOX))).toBe('UNAUTHENTICATED');
  });

  it('a member deactivated by another writer of the database (plain SQL): refused on both replicas', async () => {
    const psychologist = DEMO_USER_IDS['dost.psychologist'];
    await warm(psychologist);
    await db.dataSource.query(`UPDATE staff_members SET active = false WHERE id = $1`, [psychologist]);
    expect(codeOf(await gql(B, psychologist, INBOX))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(A, psychologist, INBOX))).toBe('UNAUTHENTICATED');
    // A change that rolls back announces nothing and changes nothing: the others keep working.
    const supervisor = DEMO_USER_IDS['dost.supervisor'];
    await warm(supervisor);
    await db.dataSource
      .transaction(async (m) => {
        await m.query(`UPDATE staff_members SET active = false WHERE id = $1`, [supervisor]);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(codeOf(await gql(B, supervisor, INBOX))).toBeUndefined();
  });

  it('a consent withdrawn through replica A: the next read of its recipient on replica B is refused', async () => {
    // Nothing in the principal cache depends on consents (they are read when each decision is made); this shows it
    // with both replicas' caches warm for the recipient. The referral's workflow is not running here (no Temporal):
    // the recipient reads the case through the pending referral its consent covers.
    const officer = DEMO_USER_IDS['police.officer'];
    const c = await openCase(caller(A));
    const consent = await consentToPolice(caller(A), c.id);
    await referToPolice(caller(A), c.id);
    await warm(officer);
    for (const r of [A, B] as const) expect((await gql(r, officer, CASE_ACCESS, { id: c.id })).data?.case).toEqual({ id: c.id, access: 'RECIPIENT' });

    const withdrawn = await gql(A, DEMO_USER_IDS['dost.manager'], `mutation($id: UUID!, $reason: String!) {
      withdrawConsent(consentId: $id, reason: $reason) { consent { inForce } }
    }`, { id: consent.id, reason: 'asked to stop sharing' });
    expect(withdrawn.errors ?? []).toEqual([]);
    expect(withdrawn.data?.withdrawConsent.consent.inForce).toBe(false);
    // Temporal is unreachable here: the withdrawal stands, and its signal to the case workflow waits in the outbox.
    expect(await db.dataSource.query(`SELECT kind FROM workflow_starts WHERE subject_id = $1`, [consent.id])).toEqual([{ kind: 'CONSENT_WITHDRAWN' }]);
    const after = await gql(B, officer, CASE_ACCESS, { id: c.id });
    expect(codeOf(after)).toBe('NOT_FOUND');
    expect(after.data?.case ?? null).toBeNull();
    expect(codeOf(await gql(A, officer, CASE_ACCESS, { id: c.id }))).toBe('NOT_FOUND');
  });

  it('a recipient transition while the workflow engine does not answer: SERVICE_UNAVAILABLE, nothing changed', async () => {
    // Not about the cache: this file's replicas run without Temporal, the condition this needs.
    const c = await openCase(caller(A));
    await consentToPolice(caller(A), c.id);
    const referral = await referToPolice(caller(A), c.id);
    const accepted = await gql(B, DEMO_USER_IDS['police.officer'], ACCEPT, { input: { referralId: referral.id, expectedVersion: referral.version } });
    expect(codeOf(accepted)).toBe('SERVICE_UNAVAILABLE');
    const rows: { status: string }[] = await db.dataSource.query(`SELECT status FROM referrals WHERE id = $1`, [referral.id]);
    expect(rows).toEqual([{ status: 'PENDING' }]);
  });
});
