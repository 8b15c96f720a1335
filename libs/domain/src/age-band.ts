import { ChildAgeBand } from './contact';

/**
 * The age band of a child born on `dateOfBirth` (YYYY-MM-DD) at `now` (the Child Helpline's bands: under 11, 11-14,
 * 15-18), or null when the date is unknown or the person is an adult.
 */
export function childAgeBand(dateOfBirth: string | null, now: Date): ChildAgeBand | null {
  if (dateOfBirth === null || !/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)) return null;
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) age -= 1;
  if (age < 0 || age > 18) return null;
  if (age < 11) return ChildAgeBand.UNDER_11;
  if (age <= 14) return ChildAgeBand.AGE_11_14;
  return ChildAgeBand.AGE_15_18;
}
