/** Opaque task tokens: identify the run, the scheduled event and the attempt a task belongs to. */
export type TokenData =
  | { k: 'wft'; r: string; s: number; a: number }
  | { k: 'act'; r: string; s: number; a: number }
  /** A standalone activity's attempt: r is the activity's run id. */
  | { k: 'sa'; r: string; a: number }
  | { k: 'q'; r: string; q: string };

/**
 * `kind|runId|scheduledEventId|attempt` (`q|runId|queryId` for queries, `sa|activityRunId|attempt` for a standalone
 * activity's attempt): run and query ids are UUIDs, so `|` never
 * occurs in them. One token is built and one read per task, so this is cheaper than the JSON it replaces; JSON tokens
 * (handed out before an upgrade of a durable server) are still read.
 */
export function encodeToken(t: TokenData): Buffer {
  const text = t.k === 'q' ? `q|${t.r}|${t.q}` : t.k === 'sa' ? `sa|${t.r}|${t.a}` : `${t.k}|${t.r}|${t.s}|${t.a}`;
  return Buffer.from(text, 'utf8');
}

export function decodeToken(b: Uint8Array | null | undefined): TokenData | undefined {
  if (!b || b.length === 0) return undefined;
  // A view on the request's bytes, not a copy.
  const text = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  if (text.startsWith('{')) return decodeJson(text);
  const [k, r, x, y, ...rest] = text.split('|');
  if (!r || rest.length > 0) return undefined;
  if (k === 'q' && x && y === undefined) return { k, r, q: x };
  if (k === 'sa' && x && y === undefined) {
    const a = Number(x);
    return Number.isInteger(a) ? { k, r, a } : undefined;
  }
  if ((k === 'wft' || k === 'act') && x && y) {
    const s = Number(x);
    const a = Number(y);
    return Number.isInteger(s) && Number.isInteger(a) ? { k, r, s, a } : undefined;
  }
  return undefined;
}

function decodeJson(text: string): TokenData | undefined {
  try {
    const v = JSON.parse(text) as TokenData;
    return typeof v === 'object' && v !== null && 'k' in v ? v : undefined;
  } catch {
    return undefined;
  }
}

const STANDALONE_PREFIXES = [Buffer.from('sa|', 'utf8'), Buffer.from('{"k":"sa"', 'utf8')];

function startsWith(b: Uint8Array, prefix: Buffer): boolean {
  if (b.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[i] !== prefix[i]) return false;
  return true;
}

/** Whether a token names a standalone activity's attempt, without parsing it (activity answers are a hot path). */
export function isStandaloneToken(b: Uint8Array | null | undefined): boolean {
  return !!b && STANDALONE_PREFIXES.some((prefix) => startsWith(b, prefix));
}
