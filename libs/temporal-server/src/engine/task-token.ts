/** Opaque task tokens: identify the run, the scheduled event and the attempt a task belongs to. */
export type TokenData =
  | { k: 'wft'; r: string; s: number; a: number }
  | { k: 'act'; r: string; s: number; a: number }
  | { k: 'q'; r: string; q: string };

export function encodeToken(t: TokenData): Buffer {
  return Buffer.from(JSON.stringify(t), 'utf8');
}

export function decodeToken(b: Uint8Array | null | undefined): TokenData | undefined {
  if (!b || b.length === 0) return undefined;
  try {
    // A view on the request's bytes, not a copy.
    const v = JSON.parse(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8')) as TokenData;
    return typeof v === 'object' && v !== null && 'k' in v ? v : undefined;
  } catch {
    return undefined;
  }
}
