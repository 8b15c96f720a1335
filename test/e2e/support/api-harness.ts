import './esm-shims';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, issueLocalToken } from '@lib/auth';
import { type FieldKeys, generateFieldKeys } from '@lib/crypto';
import { DEMO_USER_IDS } from '@lib/persistence';
import { type ReferralProcessClient } from '@lib/temporal';
import { createApiApp } from '../../../apps/api/src/bootstrap';
import { createTestDatabase, type TestDatabase } from '../../support';

export interface GqlResponse<T = any> {
  status: number;
  data: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions: Record<string, any> }[];
}

/**
 * One API (Fastify + Mercurius, listening on a random port) over one fresh seeded database per test FILE, with real
 * ES256 tokens from a throw-away local key (the API verifies them exactly as in production local mode).
 */
export class ApiHarness {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly db: TestDatabase,
    readonly url: string,
    readonly keyDir: string,
    private readonly tokens: Map<string, string>,
    /** The field keys the API encrypts with (a worker decrypting webhook secrets needs the same). */
    readonly fieldKeys: FieldKeys,
  ) {}

  static async start(options: { production?: boolean; referralProcess?: ReferralProcessClient } = {}): Promise<ApiHarness> {
    const db = await createTestDatabase({ seeded: true, poolSize: 3 });
    const keyDir = mkdtempSync(join(tmpdir(), 'nrm-e2e-keys-'));
    const fieldKeys = generateFieldKeys();
    const app = await createApiApp({
      config: { production: options.production ?? false, port: 0, host: '127.0.0.1', databaseUrl: db.url, dataDir: keyDir, schemaFile: null },
      databaseUrl: db.url,
      poolSize: 8,
      fieldKeys,
      authConfig: { mode: 'local', keyDir, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE },
      // jest's VM cannot run mercurius' dynamic import() of its LRU cache: no cache, hence no JIT, in-process.
      graphql: { queryCache: false },
      ...(options.referralProcess ? { referralProcess: options.referralProcess } : {}),
    }, ['error', 'warn']);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return new ApiHarness(app, db, `http://127.0.0.1:${port}/graphql`, keyDir, new Map(), fieldKeys);
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.db.drop();
    rmSync(this.keyDir, { recursive: true, force: true });
  }

  async token(user: string): Promise<string> {
    const id = (DEMO_USER_IDS as Record<string, string>)[user] ?? user;
    let token = this.tokens.get(id);
    if (!token) {
      token = await issueLocalToken(id, 3600, { keyDir: this.keyDir });
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
    return { status: res.status, data: body.data ?? null, errors: body.errors };
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

/** The first error's extensions.code (or undefined). */
export function codeOf(res: GqlResponse): string | undefined {
  return res.errors?.[0]?.extensions.code as string | undefined;
}
