import './esm-shims';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { type AuthConfig, LOCAL_AUDIENCE, LOCAL_ISSUER, type OidcAuthConfig, issueLocalToken } from '@lib/auth';
import { type FieldKeys, FieldCipher, generateFieldKeys } from '@lib/crypto';
import { type NotificationDeliveryOptions, createMailTransport } from '@lib/notifications';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from '@lib/domain';
import { DEMO_USER_IDS } from '@lib/persistence';
import { ReferralProcessClient } from '@lib/temporal';
import { createApiApp } from '../../../apps/api/src/bootstrap';
import { DEFAULT_BODY_LIMIT_BYTES } from '../../../apps/api/src/config/api-config';
import { type ConsoleWebConfig } from '../../../apps/api/src/web/console-web-config';
import { DEFAULT_OVERLOAD_CONFIG, type OverloadConfig } from '../../../apps/api/src/overload/overload-config';
import { startWorker, type RunningWorker } from '../../../apps/worker/src/worker';
import { createTestDatabase, type TestDatabase } from '../../support';
import { cachedWorkflowBundle, quietRuntime, TEMPORAL_SERVER_EXE, testDataConverter } from '../../workflows/support/harness';

export interface GqlResponse<T = any> {
  status: number;
  data: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions: Record<string, any> }[];
}

const HARNESS_OVERLOAD: OverloadConfig = { ...DEFAULT_OVERLOAD_CONFIG, queueTimeoutMs: 30_000, maxEventLoopDelayMs: 0 };

/** The workflow side of a harness: the embedded Temporal server (time skipping) and the real worker. */
export interface HarnessTemporal {
  env: TestWorkflowEnvironment;
  worker: RunningWorker;
  facade: ReferralProcessClient;
  taskQueue: string;
}

export interface ApiHarnessOptions {
  production?: boolean;
  /** The deadline policy the worker's activities use (default: the domain's). */
  policy?: () => DeadlinePolicy;
  /** The worker's notification delivery (default: e-mail to a mailbox directory beside the test's keys). */
  notifications?: (api: { fieldKeys: FieldKeys }) => NotificationDeliveryOptions;
  /** Clone the template with the demo seed (default) or the empty one (nothing but the schema). */
  seeded?: boolean;
  /** Token verification (default: local mode with a throw-away key). */
  authConfig?: AuthConfig;
  /** Issues the bearer token of `user` (default: a local token whose subject is the demo user's id, or `user`). */
  issueToken?: (user: string) => Promise<string>;
  /** OpenID providers accepted beside the default local tokens (ignored with authConfig). */
  additionalIssuers?: OidcAuthConfig[];
  /** The console served at `/` (default: from the environment). */
  console?: Partial<ConsoleWebConfig>;
  /**
   * Load shedding and rate limits (test/e2e/overload.e2e-spec.ts sets tiny ones). Default: the API's, sized to the
   * harness's pool of 8, except the two that depend on the machine's speed: the suites share two cores with other
   * jobs, so a queued request waits up to 30 s and event-loop delay does not shed.
   */
  overload?: OverloadConfig;
}

/**
 * One API (Fastify + Mercurius, listening on a random port) over one fresh seeded database per test FILE, with real
 * ES256 tokens from a throw-away local key (the API verifies them exactly as in production local mode), and, as in
 * production, its workflows: one embedded Temporal server (time skipping: time moves only while a test awaits a
 * workflow result or env.sleep) and the real worker on the same database, per test file.
 */
export class ApiHarness {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly db: TestDatabase,
    readonly url: string,
    readonly temporal: HarnessTemporal,
    readonly keyDir: string,
    private readonly tokens: Map<string, string>,
    /** The field keys the API encrypts with (a worker decrypting webhook secrets needs the same). */
    readonly fieldKeys: FieldKeys,
    private readonly issueToken?: (user: string) => Promise<string>,
  ) {}

  static async start(options: ApiHarnessOptions = {}): Promise<ApiHarness> {
    quietRuntime();
    const db = await createTestDatabase({ seeded: options.seeded ?? true, poolSize: 3 });
    const keyDir = mkdtempSync(join(tmpdir(), 'nrm-e2e-keys-'));
    const fieldKeys = generateFieldKeys();
    const dataConverter = testDataConverter();
    const env = await timeSkippingEnvironment(dataConverter);
    const taskQueue = `e2e-${randomUUID()}`;
    const facade = new ReferralProcessClient(env.client, taskQueue);
    const worker = await startWorker({
      dataSource: db.dataSource,
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      dataConverter,
      workflowBundle: await cachedWorkflowBundle(),
      activities: { policy: options.policy ?? (() => DEFAULT_DEADLINE_POLICY) },
      notifications: options.notifications?.({ fieldKeys }) ?? {
        mail: createMailTransport({ smtpUrl: null, from: 'nrm@test', mailboxDir: join(keyDir, 'mailbox') }),
        cipher: new FieldCipher(fieldKeys),
        consoleUrl: 'http://console.test',
      },
    });
    const app = await createApiApp({
      config: { production: options.production ?? false, port: 0, host: '127.0.0.1', databaseUrl: db.url, dataDir: keyDir, schemaFile: null, bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES, overload: options.overload ?? HARNESS_OVERLOAD },
      databaseUrl: db.url,
      poolSize: 8,
      fieldKeys,
      authConfig: options.authConfig ?? { mode: 'local', keyDir, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, additionalIssuers: options.additionalIssuers },
      ...(options.console ? { console: options.console } : {}),
      // jest's VM cannot run mercurius' dynamic import() of its LRU cache: no cache, hence no JIT, in-process.
      graphql: { queryCache: false },
      referralProcess: facade,
    }, ['error', 'warn']);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return new ApiHarness(app, db, `http://127.0.0.1:${port}/graphql`, { env, worker, facade, taskQueue }, keyDir, new Map(), fieldKeys, options.issueToken);
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.temporal.worker.shutdown();
    await this.temporal.env.teardown();
    await this.db.drop();
    rmSync(this.keyDir, { recursive: true, force: true });
  }

  async token(user: string): Promise<string> {
    const id = (DEMO_USER_IDS as Record<string, string>)[user] ?? user;
    let token = this.tokens.get(id);
    if (!token) {
      token = this.issueToken ? await this.issueToken(user) : await issueLocalToken(id, 3600, { keyDir: this.keyDir });
      this.tokens.set(id, token);
    }
    return token;
  }

  /** POSTs a GraphQL operation as `user` (a demo username or staff id; null = no token). */
  async gql<T = any>(user: string | null, query: string, variables: Record<string, unknown> = {}): Promise<GqlResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (user !== null) headers.authorization = `Bearer ${await this.token(user)}`;
    const res = await fetch(this.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: T | null; errors?: GqlResponse['errors'] };
    // Like a patient client: a referral's task reaches the recipient once its workflow has opened it (consent
    // re-checked), and a new case's workflow schedules its first follow-up. Wait for these after createReferral /
    // countersignLegalOverride and openCase, so the next step finds them (and row counts do not move under a test).
    const data = body.data as Record<string, { id?: unknown } | null> | null | undefined;
    for (const field of ['createReferral', 'countersignLegalOverride']) {
      const id = data?.[field]?.id;
      if (typeof id === 'string') await this.referralOpened(id);
    }
    const caseId = data?.openCase?.id;
    if (typeof caseId === 'string') await this.caseWorkflowSettled(caseId);
    return { status: res.status, data: body.data ?? null, errors: body.errors };
  }

  /** Waits until the case's workflow has scheduled its first follow-up (an open case always gets one). */
  async caseWorkflowSettled(caseId: string, timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const rows: unknown[] = await this.db.dataSource.query(
        `SELECT 1 FROM cases c WHERE c.id = $1 AND (c.status <> 'OPEN' OR EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = c.id AND t.type = 'FOLLOW_UP'))`,
        [caseId],
      );
      if (rows.length > 0) return;
      if (Date.now() > until) throw new Error(`case ${caseId}: its workflow did not schedule a follow-up in time`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /**
   * Waits until the referral's workflow has opened it (deadlines pinned, consent re-checked, the recipient's task
   * written or the referral withdrawn), or it waits for a countersignature that has not come.
   */
  async referralOpened(referralId: string, timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const rows: { settled: boolean }[] = await this.db.dataSource.query(
        `SELECT (r.legal_basis IS NOT NULL AND r.countersigned_by IS NULL)
             OR EXISTS (SELECT 1 FROM timeline_entries t WHERE t.referral_id = r.id AND t.kind = 'REFERRAL_DEADLINES_SET') AS settled
           FROM referrals r WHERE r.id = $1`,
        [referralId],
      );
      if (rows.length === 0 || rows[0]!.settled) return;
      if (Date.now() > until) throw new Error(`referral ${referralId} was not opened by its workflow in time`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Like gql but fails the test on any error; returns data. */
  async ok<T = any>(user: string | null, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await this.gql<T>(user, query, variables);
    if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
    return res.data as T;
  }

  async count(table: string, where = 'TRUE', params: unknown[] = []): Promise<number> {
    const rows: { n: number }[] = await this.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
    return rows[0]!.n;
  }
}

/**
 * The embedded server in time-skipping mode. The SDK's launcher gives a new server 5 s to answer; on a loaded
 * machine (two cores shared by many jobs) a cold node start can take longer, so a failed launch is tried again.
 */
async function timeSkippingEnvironment(dataConverter: ReturnType<typeof testDataConverter>): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: TEMPORAL_SERVER_EXE } },
        client: { dataConverter },
      });
    } catch (error) {
      if (attempt >= 3 || !/did not start within/.test((error as Error).message)) throw error;
    }
  }
}

/** The first error's extensions.code (or undefined). */
export function codeOf(res: GqlResponse): string | undefined {
  return res.errors?.[0]?.extensions.code as string | undefined;
}
