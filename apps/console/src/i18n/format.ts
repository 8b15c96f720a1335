import { LOCALES } from './translate';
import { type Language } from './types';

export function formatDateTime(language: Language, iso: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

export function formatDate(language: Language, isoOrDay: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(isoOrDay) ? new Date(`${isoOrDay}T00:00:00Z`) : new Date(isoOrDay);
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

export function formatNumber(language: Language, value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits }).format(value);
}

/**
 * Time from now to a deadline, in the largest sensible unit ("in 3 hours", "2 days ago"), via Intl.RelativeTimeFormat
 * so each language's plural rules apply.
 */
export function formatTimeLeft(language: Language, dueIso: string, now: Date): string {
  const minutes = Math.round((new Date(dueIso).getTime() - now.getTime()) / 60_000);
  const rtf = new Intl.RelativeTimeFormat(LOCALES[language], { numeric: 'always' });
  const abs = Math.abs(minutes);
  if (abs < 60) return rtf.format(minutes, 'minute');
  if (abs < 48 * 60) return rtf.format(Math.round(minutes / 60), 'hour');
  return rtf.format(Math.round(minutes / (24 * 60)), 'day');
}
