import { decodeKeysetCursor, encodeKeysetCursor } from '@lib/persistence';

/** Position in an inbox: the last row's due time (null sorts last) and id. Opaque to clients (base64url JSON). */
export interface InboxCursor {
  dueAt: string | null;
  id: string;
}

export function encodeInboxCursor(cursor: InboxCursor): string {
  return encodeKeysetCursor({ key: cursor.dueAt, id: cursor.id });
}

export function decodeInboxCursor(raw: string, path: readonly string[] = ['after']): InboxCursor {
  const { key, id } = decodeKeysetCursor(raw, path);
  return { dueAt: key, id };
}
