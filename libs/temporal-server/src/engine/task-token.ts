/** Opaque task tokens: identify the run, the scheduled event and the attempt a task belongs to. */
export type TokenData =
  | { k: 'wft'; r: string; s: number; a: number }
  | { k: 'act'; r: string; s: number; a: number }
  /** A standalone activity's attempt: r is the activity's run id. */
  | { k: 'sa'; r: string; a: number }
  | { k: 'q'; r: string; q: string };

export function encodeToken(t: TokenData): Buffer {
  return Buffer.from(JSON.stringify(t), 'utf8');
}

export function decodeToken(b: Uint8Array | null | undefined): TokenData | undefined {
  if (!b || b.length === 0) return undefined;
  try {
    const v = JSON.parse(Buffer.from(b).toString('utf8')) as TokenData;
    return typeof v === 'object' && v !== null && 'k' in v ? v : undefined;
  } catch {
    return undefined;
  }
}

const STANDALONE_PREFIX = Buffer.from('{"k":"sa"', 'utf8');

/** Whether a token names a standalone activity's attempt, without parsing it (activity answers are a hot path). */
export function isStandaloneToken(b: Uint8Array | null | undefined): boolean {
  if (!b || b.length < STANDALONE_PREFIX.length) return false;
  for (let i = 0; i < STANDALONE_PREFIX.length; i++) if (b[i] !== STANDALONE_PREFIX[i]) return false;
  return true;
}
