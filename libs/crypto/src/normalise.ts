/**
 * Normalisation before blind indexing, so that the same value typed differently finds the same person.
 * Text: Unicode NFKC, Turkish/Azerbaijani dotted and dotless i folded to `i`, lower-cased, trimmed, inner whitespace
 * collapsed to one space. Phone: digits only; Azerbaijani national (`0XX…`, 10 digits) and `00994…` forms are
 * rewritten to the international `994…` form.
 */
export function normaliseText(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[İIı]/g, 'i')
    .toLowerCase()
    .replace(/\u0307/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function normalisePhone(value: string): string {
  let digits = value.replace(/\D/g, '');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (digits.length === 10 && digits.startsWith('0')) digits = `994${digits.slice(1)}`;
  return digits;
}
