import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, parseDurationSeconds } from '../auth-config';
import { DEFAULT_LOCAL_TOKEN_TTL_SECONDS, MAX_LOCAL_TOKEN_TTL_SECONDS } from '../local-token';

export interface TokenCliArgs {
  username: string;
  ttlSeconds: number;
}

export const TOKEN_CLI_USAGE = 'usage: npm run -s token -- <username> [--ttl 12h|90m|3600]';

/**
 * Parses `12h`, `90m`, `3600` (seconds) into seconds; null when malformed or out of 1 s..`maxSeconds` (the API's
 * token lifetime cap, AUTH_MAX_TOKEN_LIFETIME: a longer token would be refused by the API anyway).
 */
export function parseTtl(
  text: string,
  maxSeconds: number = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
): number | null {
  const seconds = parseDurationSeconds(text);
  if (seconds === null) return null;
  return seconds >= 1 && seconds <= Math.min(maxSeconds, MAX_LOCAL_TOKEN_TTL_SECONDS) ? seconds : null;
}

/** `<username> [--ttl <d>]` (at most `maxTtlSeconds`); throws Error(usage) on anything else. */
export function parseTokenCliArgs(
  argv: readonly string[],
  maxTtlSeconds: number = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
): TokenCliArgs {
  let username: string | undefined;
  let ttlSeconds = Math.min(DEFAULT_LOCAL_TOKEN_TTL_SECONDS, maxTtlSeconds);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--ttl') {
      const ttl = parseTtl(argv[++i] ?? '', maxTtlSeconds);
      if (ttl === null)
        throw new Error(
          `invalid --ttl (1 s to ${maxTtlSeconds} s, the token lifetime cap)\n${TOKEN_CLI_USAGE}`,
        );
      ttlSeconds = ttl;
    } else if (a.startsWith('-') || username !== undefined) {
      throw new Error(`unexpected argument ${a}\n${TOKEN_CLI_USAGE}`);
    } else {
      username = a.trim();
    }
  }
  if (!username) throw new Error(TOKEN_CLI_USAGE);
  return { username, ttlSeconds };
}

/** Minimal query surface (a `pg` Client or Pool). */
export interface Queryable {
  query<R>(text: string, values: unknown[]): Promise<{ rows: R[] }>;
}

/** The id of the active staff member `username`; throws a message naming the username otherwise. */
export async function findActiveStaffId(db: Queryable, username: string): Promise<string> {
  const { rows } = await db.query<{ id: string; active: boolean }>(
    'SELECT id, active FROM staff_members WHERE username = $1',
    [username],
  );
  const row = rows[0];
  if (!row)
    throw new Error(`no staff member with username ${JSON.stringify(username)} (did you run npm run seed?)`);
  if (!row.active) throw new Error(`staff member ${JSON.stringify(username)} is not active`);
  return row.id;
}
