import { type OverloadConfig, readOverloadConfig } from '../overload/overload-config';

/** Process configuration, read once from the environment. */
export interface ApiConfig {
  production: boolean;
  port: number;
  host: string;
  /** When absent, an embedded PostgreSQL is started (under `dataDir`), migrated and seeded with demo data. */
  databaseUrl: string | null;
  /** DATA_DIR: local state of embedded mode (cluster, keys); null = @lib/persistence's default `<repo>/.data`. */
  dataDir: string | null;
  /** Where to write the generated schema at boot (non-production, GRAPHQL_SCHEMA_FILE set); null = in memory only. */
  schemaFile: string | null;
  /** API_BODY_LIMIT_BYTES: largest request body accepted (413 above); default 1 MiB. */
  bodyLimitBytes: number;
  /**
   * Load shedding and per-caller rate limits (API_MAX_CONCURRENT_REQUESTS, API_RATE_LIMIT_PER_STAFF...: see
   * overload/overload-config.ts). Absent (a config built in code): the defaults.
   */
  overload?: OverloadConfig;
}

/** Default largest request body: 1 MiB (a case intake with a long narrative is a few KiB). */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

function parseBodyLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_BODY_LIMIT_BYTES;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1024 || n > 64 * 1024 * 1024) throw new Error('API_BODY_LIMIT_BYTES must be an integer between 1024 and 67108864');
  return n;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('PORT must be an integer between 0 and 65535');
  return port;
}

export function readApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const production = env.NODE_ENV === 'production';
  return {
    production,
    port: parsePort(env.PORT),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : null,
    dataDir: env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : null,
    schemaFile: production || !env.GRAPHQL_SCHEMA_FILE ? null : env.GRAPHQL_SCHEMA_FILE,
    bodyLimitBytes: parseBodyLimit(env.API_BODY_LIMIT_BYTES),
    overload: readOverloadConfig(env),
  };
}
