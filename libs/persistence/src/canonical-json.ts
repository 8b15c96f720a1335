import { createHash } from 'node:crypto';

/**
 * Deterministic JSON: object keys sorted, no whitespace, `undefined` properties dropped, Dates as ISO strings.
 * Used for request hashes (idempotency) and audit hashes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  switch (typeof value) {
    case 'undefined':
      return 'null';
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object': {
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    case 'function':
    case 'symbol':
      throw new Error(`canonicalJson: cannot encode a ${typeof value}`);
  }
  throw new Error('canonicalJson: unsupported value');
}

/** SHA-256 (hex) of the canonical JSON of `value`. */
export function sha256Canonical(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
