import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { Client } from 'pg';
import { DEMO_ORG_IDS, DEMO_USER_IDS } from '@lib/persistence';
import { TEST_PG_ADMIN_URL_ENV } from '../support/env';
import {
  cleanEnv,
  freePort,
  repoRoot,
  spawnNode,
  spawnProcess,
  waitForPort,
  type RunningProcess,
} from '../support/processes';
import {
  CREATE_REFERRAL,
  INBOX,
  OPEN_CASE,
  RECORD_CONSENT,
  key,
  openCaseInput,
} from '../e2e/support/operations';

/**
 * Production topology: the built API, worker and Temporal server as separate processes, configured only by the
 * environment variables deploy/ sets (configmap + secret), PostgreSQL by DATABASE_URL (the test harness's embedded
 * server, reached as an external one), tokens from an OIDC issuer's JWKS (served here). The migration and seed run as
 * the Kubernetes Job would. Waits on /ready, runs a referral over GraphQL until the recipient's task appears, scrapes
 * /metrics, then SIGTERMs both and checks a clean drain.
 */
const ISSUER = 'https://idp.test/realms/nrm';
const AUDIENCE = 'nrm-api';

async function waitReady(url: string, owner: RunningProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > until || owner.child.exitCode !== null || owner.child.signalCode !== null) {
      throw new Error(
        `${url} not ready within ${timeoutMs} ms (last status ${status}):\n${owner.lines.slice(-30).join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function run(script: string, env: NodeJS.ProcessEnv): Promise<void> {
  const p = spawnNode(script, env);
  return p.exited.then((code) => {
    if (code !== 0) throw new Error(`${script} exited ${String(code)}:\n${p.lines.join('\n')}`);
  });
}

describe('production topology: API, worker and Temporal server as separate processes', () => {
  const processes: RunningProcess[] = [];
  let jwks: Server;
  let privateKey: CryptoKey;
  let database: string;
  let adminUrl: string;

  afterAll(async () => {
    for (const p of processes)
      if (p.child.exitCode === null && p.child.signalCode === null) p.signalGroup('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await new Promise((r) => jwks?.close(r));
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });

  it('comes up ready, carries a referral, exports metrics and drains cleanly on SIGTERM', async () => {
    adminUrl = process.env[TEST_PG_ADMIN_URL_ENV]!;
    database = `nrm_topology_${process.pid}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;

    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const jwksPort = await freePort();
    jwks = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [publicJwk] }));
    }).listen(jwksPort, '127.0.0.1');

    const [apiPort, workerPort, temporalPort, sdkMetricsPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const b64 = (): string => randomBytes(32).toString('base64');
    // deploy/kubernetes/configmap.yaml + secret.example.yaml, with this machine's addresses.
    const env = cleanEnv({
      NODE_ENV: 'production',
      DATABASE_URL: url.toString(),
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      TEMPORAL_NAMESPACE: 'nrm',
      OIDC_ISSUER: ISSUER,
      OIDC_JWKS_URL: `http://127.0.0.1:${jwksPort}/jwks`,
      OIDC_AUDIENCE: AUDIENCE,
      FIELD_ENCRYPTION_KEYS: `v1:${b64()}`,
      BLIND_INDEX_KEY: b64(),
      TEMPORAL_PAYLOAD_KEY: b64(),
      AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      SHUTDOWN_GRACE_SECONDS: '20',
      WORKER_HEALTH_PORT: String(workerPort),
      TEMPORAL_SDK_METRICS_ADDRESS: `127.0.0.1:${sdkMetricsPort}`,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
    });

    await run('dist/libs/persistence/src/cli/migrate.js', env); // the migration Job
    await run('dist/libs/persistence/src/cli/seed.js', env); // a pilot's organisations and staff

    // The executable `npm run -s temporal:path` names, durable in the same PostgreSQL (schema temporal_embedded).
    const temporal = spawnProcess(
      `${repoRoot}/libs/temporal-server/bin/temporal-server`,
      ['server', 'start-dev', '--port', String(temporalPort), '--namespace', 'nrm'],
      cleanEnv({ TEMPORAL_SERVER_DATABASE_URL: url.toString() }),
    );
    processes.push(temporal);
    await waitForPort(temporalPort, 60_000);
    const worker = spawnNode('dist/apps/worker/src/main.js', env);
    processes.push(worker);
    const api = spawnNode('dist/apps/api/src/main.js', env);
    processes.push(api);
    await waitReady(`http://127.0.0.1:${apiPort}/ready`, api, 180_000);
    await waitReady(`http://127.0.0.1:${workerPort}/ready`, worker, 180_000);

    const token = async (user: keyof typeof DEMO_USER_IDS): Promise<string> =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(DEMO_USER_IDS[user])
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
    const gql = async (
      user: keyof typeof DEMO_USER_IDS,
      query: string,
      variables: Record<string, unknown>,
    ) => {
      const res = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(user)}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
      if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data!;
    };

    const opened = (await gql('dost.manager', OPEN_CASE, { input: openCaseInput() })).openCase as {
      id: string;
    };
    await gql('dost.manager', RECORD_CONSENT, {
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
      await gql('dost.manager', CREATE_REFERRAL, {
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
    expect(referral.status).toBe('PENDING');
    // The recipient's task, once its workflow (on the worker, through the Temporal server) has re-checked consent.
    const until = Date.now() + 60_000;
    let tasks: { referralId: string | null }[] = [];
    while (Date.now() < until) {
      const inbox = (await gql('ssa.officer', INBOX, { first: 50 })).inbox as {
        edges: { node: { referralId: string | null } }[];
      };
      tasks = inbox.edges.map((e) => e.node).filter((n) => n.referralId === referral.id);
      if (tasks.length > 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(tasks).toHaveLength(1);

    const apiMetrics = await (await fetch(`http://127.0.0.1:${apiPort}/metrics`)).text();
    expect(apiMetrics).toMatch(
      /nrm_graphql_operations_total\{operation="createReferral",type="mutation",outcome="ok",process="api"\} 1/,
    );
    expect(apiMetrics).toMatch(/nrm_referrals\{status="PENDING",process="api"\} 1/);
    const workerMetrics = await (await fetch(`http://127.0.0.1:${workerPort}/metrics`)).text();
    expect(workerMetrics).toMatch(/process_resident_memory_bytes\{process="worker"\} \d+/);
    // The Temporal SDK's own metrics (Runtime telemetry, Prometheus exporter), e.g. workflow task latency.
    const sdkMetrics = await (await fetch(`http://127.0.0.1:${sdkMetricsPort}/metrics`)).text();
    expect(sdkMetrics).toMatch(/^temporal_\w*workflow_task\w*/m);

    // SIGTERM as the kubelet sends it: both drain and exit 0, with no error line.
    const apiFrom = api.lines.length;
    const workerFrom = worker.lines.length;
    api.signalGroup('SIGTERM');
    worker.signalGroup('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(await worker.exited).toBe(0);
    const apiStop = api.lines.slice(apiFrom).join('\n');
    const workerStop = worker.lines.slice(workerFrom).join('\n');
    expect(apiStop).toMatch(/SIGTERM: draining/);
    expect(apiStop).toMatch(/Stopped\./);
    expect(workerStop).toMatch(/SIGTERM: draining/);
    expect(workerStop).toMatch(/"msg":"stopped"/);
    expect(`${apiStop}\n${workerStop}`).not.toMatch(/ERROR|"level":"error"/);
    temporal.signalGroup('SIGTERM');
    await temporal.exited;
  }, 420_000);
});
