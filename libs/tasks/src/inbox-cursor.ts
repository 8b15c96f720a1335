import { DomainError } from '@lib/domain';

/** Position in an inbox: the last row's due time (null sorts last) and id. Opaque to clients (base64url JSON). */
export interface InboxCursor {
  dueAt: string | null;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeInboxCursor(cursor: InboxCursor): string {
  return Buffer.from(JSON.stringify([cursor.dueAt, cursor.id]), 'utf8').toString('base64url');
}

export function decodeInboxCursor(raw: string, path: readonly string[] = ['after']): InboxCursor {
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
  const [dueAt, id] = parsed as unknown[];
  if (typeof id !== 'string' || !UUID.test(id)) return invalid();
  if (dueAt !== null && (typeof dueAt !== 'string' || Number.isNaN(Date.parse(dueAt)))) return invalid();
  return { dueAt: dueAt, id };
}
