import { DEFAULT_LOCAL_TOKEN_TTL_SECONDS, MAX_LOCAL_TOKEN_TTL_SECONDS } from '../local-token';

export interface TokenCliArgs {
  username: string;
  ttlSeconds: number;
}

export const TOKEN_CLI_USAGE = 'usage: npm run -s token -- <username> [--ttl 12h|90m|3600]';

/** Parses `12h`, `90m`, `3600` (seconds) into seconds; null when malformed or out of 1 s..24 h. */
export function parseTtl(text: string): number | null {
  const m = /^(\d+)([smh]?)$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const seconds = m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : n;
  return seconds >= 1 && seconds <= MAX_LOCAL_TOKEN_TTL_SECONDS ? seconds : null;
}

/** `<username> [--ttl <d>]`; throws Error(usage) on anything else. */
export function parseTokenCliArgs(argv: readonly string[]): TokenCliArgs {
  let username: string | undefined;
  let ttlSeconds = DEFAULT_LOCAL_TOKEN_TTL_SECONDS;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--ttl') {
      const ttl = parseTtl(argv[++i] ?? '');
      if (ttl === null) throw new Error(`invalid --ttl\n${TOKEN_CLI_USAGE}`);
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
