import { DomainError } from '@lib/domain';

/**
 * A position in a list ordered by (key, id): the last row's sort key (a timestamp at full precision as text, or null)
 * and its id. Opaque to clients: base64url of `[key, id]`. Used by the inbox and the monitoring lists.
 */
export interface KeysetCursor {
  key: string | null;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Sort key of a timestamptz column at microsecond precision in UTC, so cursors never skip or repeat rows. */
export function timestampKeySql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export function encodeKeysetCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id]), 'utf8').toString('base64url');
}

/** Parses a cursor this API issued; anything else is BAD_INPUT on `path`, without echoing it. */
export function decodeKeysetCursor(raw: string, path: readonly string[] = ['after']): KeysetCursor {
  const invalid = (): never => {
    throw DomainError.badInput('Invalid cursor', [{ path: [...path], message: 'not a cursor returned by this API' }]);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return invalid();
  const [key, id] = parsed as unknown[];
  if (typeof id !== 'string' || !UUID.test(id)) return invalid();
  if (key !== null && (typeof key !== 'string' || Number.isNaN(Date.parse(key)))) return invalid();
  return { key, id };
}
