/**
 * Pseudonymous case codes `NRM-XXXXXXXX`: 8 Crockford base-32 characters (40 random bits), alphabet
 * 0-9 A-Z without I, L, O, U (no ambiguous characters). Pure: the caller supplies the random bytes
 * (crypto.randomBytes(5) in services, never Math.random).
 */
export const CASE_CODE_PREFIX = 'NRM-';
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CASE_CODE_RANDOM_BYTES = 5;
const CASE_CODE = /^NRM-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{8}$/;

/** Encodes the first 5 bytes of `random` (40 bits) as a case code. Throws RangeError with fewer bytes. */
export function generateCaseCode(random: Uint8Array): string {
  if (random.length < CASE_CODE_RANDOM_BYTES) {
    throw new RangeError(`case code needs ${CASE_CODE_RANDOM_BYTES} random bytes, got ${random.length}`);
  }
  let value = 0n;
  for (let i = 0; i < CASE_CODE_RANDOM_BYTES; i++) value = (value << 8n) | BigInt(random[i] as number);
  let out = '';
  for (let i = 7; i >= 0; i--) out += CROCKFORD_ALPHABET[Number((value >> BigInt(i * 5)) & 31n)] as string;
  return CASE_CODE_PREFIX + out;
}

/** Exactly `NRM-` + 8 canonical Crockford characters (upper case). */
export function isValidCaseCode(code: string): boolean {
  return CASE_CODE.test(code);
}

/**
 * Canonical form of a code typed by a person: trims, upper-cases, removes spaces/extra hyphens, maps the
 * Crockford look-alikes O→0, I/L→1. Returns null when it is still not a valid code.
 */
export function normaliseCaseCode(input: string): string | null {
  const compact = input.trim().toUpperCase().replace(/[\s-]/g, '');
  if (!compact.startsWith('NRM')) return null;
  const body = compact.slice(3).replace(/O/g, '0').replace(/[IL]/g, '1');
  const code = CASE_CODE_PREFIX + body;
  return isValidCaseCode(code) ? code : null;
}
