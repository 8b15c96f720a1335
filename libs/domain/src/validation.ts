import { DomainError, type FieldIssue } from './errors';

/** Path of an input field, e.g. ['input', 'reason']. */
export type FieldPath = readonly string[];

function issue(path: FieldPath, message: string): FieldIssue {
  return { path: [...path], message };
}

/** Throws BAD_INPUT naming one field. */
export function badField(path: FieldPath, message: string): never {
  throw DomainError.badInput(`Invalid input at ${path.join('.')}: ${message}`, [issue(path, message)]);
}

export interface TextRule {
  /** Minimum length after trimming (default 1: non-empty). */
  minLength?: number;
  /** Maximum length after trimming. */
  maxLength?: number;
}

/** A trimmed, non-empty string within [minLength, maxLength]; returns the trimmed value. */
export function requireText(value: unknown, path: FieldPath, rule: TextRule = {}): string {
  if (typeof value !== 'string') badField(path, 'must be a string');
  const trimmed = value.trim();
  const min = rule.minLength ?? 1;
  if (trimmed.length === 0) badField(path, 'must not be empty');
  if (trimmed.length < min) badField(path, `must be at least ${min} characters`);
  if (rule.maxLength !== undefined && trimmed.length > rule.maxLength) {
    badField(path, `must be at most ${rule.maxLength} characters`);
  }
  return trimmed;
}

/** Like requireText but null/undefined/blank become null. */
export function optionalText(value: unknown, path: FieldPath, rule: TextRule = {}): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && value.trim().length === 0) return null;
  return requireText(value, path, rule);
}

/** Membership in a string enum; returns the typed value. */
export function requireEnum<T extends string>(
  enumObject: Record<string, T>,
  value: unknown,
  path: FieldPath,
): T {
  const values = Object.values(enumObject);
  if (typeof value !== 'string' || !(values as string[]).includes(value)) {
    badField(path, `must be one of ${values.join(', ')}`);
  }
  return value as T;
}

/** A non-empty array of distinct enum members (duplicates removed, order kept). */
export function requireEnumArray<T extends string>(
  enumObject: Record<string, T>,
  value: unknown,
  path: FieldPath,
  opts: { allowEmpty?: boolean } = {},
): T[] {
  if (!Array.isArray(value)) badField(path, 'must be a list');
  if (value.length === 0 && !opts.allowEmpty) badField(path, 'must not be empty');
  const out: T[] = [];
  value.forEach((v: unknown, i) => {
    const item = requireEnum(enumObject, v, [...path, String(i)]);
    if (!out.includes(item)) out.push(item);
  });
  return out;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A Date or an ISO-8601 date-time string with an explicit offset; returns a valid Date. */
export function requireDate(value: unknown, path: FieldPath): Date {
  let date: Date;
  if (value instanceof Date) date = value;
  else if (typeof value === 'string' && ISO_DATE_TIME.test(value)) date = new Date(value);
  else badField(path, 'must be an ISO-8601 date-time with offset');
  if (Number.isNaN(date.getTime())) badField(path, 'must be a valid date');
  return date;
}

/** A calendar date `YYYY-MM-DD` that exists (no 2025-02-30); returned unchanged. */
export function requireCalendarDate(value: unknown, path: FieldPath): string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) badField(path, 'must be a date YYYY-MM-DD');
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    badField(path, 'must be a real date');
  return value;
}

/** A date strictly after `now`. */
export function requireFutureDate(value: unknown, now: Date, path: FieldPath): Date {
  const date = requireDate(value, path);
  if (date.getTime() <= now.getTime()) badField(path, 'must be in the future');
  return date;
}

/** A date not after `now`. */
export function requirePastOrPresentDate(value: unknown, now: Date, path: FieldPath): Date {
  const date = requireDate(value, path);
  if (date.getTime() > now.getTime()) badField(path, 'must not be in the future');
  return date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID string (any version), lower-cased. */
export function requireUuid(value: unknown, path: FieldPath): string {
  if (typeof value !== 'string' || !UUID.test(value)) badField(path, 'must be a UUID');
  return value.toLowerCase();
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A positive finite number (> 0). */
export function requirePositiveNumber(value: unknown, path: FieldPath): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) badField(path, 'must be a number');
  if (value <= 0) badField(path, 'must be greater than zero');
  return value;
}

/**
 * Collects several field issues and throws them together, so a client sees every wrong field at once.
 * `check(() => requireText(...))` returns the value, or undefined after recording the issue.
 */
export class InputIssues {
  private readonly issues: FieldIssue[] = [];

  check<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof DomainError && e.fields.length > 0) {
        this.issues.push(...e.fields);
        return undefined;
      }
      throw e;
    }
  }

  add(path: FieldPath, message: string): void {
    this.issues.push(issue(path, message));
  }

  get all(): readonly FieldIssue[] {
    return this.issues;
  }

  /** Throws BAD_INPUT with every collected issue, if any. */
  throwIfAny(message = 'Invalid input'): void {
    if (this.issues.length > 0) throw DomainError.badInput(message, [...this.issues]);
  }
}

/** The canonical text form of a UUID: 8-4-4-4-12 hexadecimal digits (any case accepted, lower case kept). */
const CANONICAL_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The lower-case canonical form of a UUID, or null when `value` is not one (braces, URN prefix, no dashes...). */
export function canonicalUuid(value: unknown): string | null {
  return typeof value === 'string' && CANONICAL_UUID.test(value) ? value.toLowerCase() : null;
}

/**
 * Characters refused in keys and codes (idempotency keys, cursors): every control character (C0, DEL, C1), format
 * characters (bidi overrides and isolates such as U+202E, zero-width characters, BOM), line and paragraph
 * separators (U+2028/9), and lone surrogates (not representable in UTF-8).
 */
const KEY_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
/**
 * Characters refused in free text (names, reasons, narratives...): C0 controls other than tab, line feed and carriage
 * return (NUL above all: PostgreSQL cannot store it in text), DEL, and lone surrogates. Bidi marks stay allowed:
 * right-to-left scripts need them in prose.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\p{Cs}]/u;

/** Longest idempotency key or cursor. */
export const MAX_KEY_LENGTH = 200;

/** Why `value` is not acceptable free text (never quoting it), or null when it is. */
export function freeTextProblem(value: string): string | null {
  return TEXT_FORBIDDEN.test(value) ? 'must not contain control characters' : null;
}

/** Why `value` is not an acceptable key or code (never quoting it), or null when it is. */
export function keyProblem(value: string): string | null {
  if (value.length > MAX_KEY_LENGTH) return `must be at most ${MAX_KEY_LENGTH} characters`;
  return KEY_FORBIDDEN.test(value) ? 'must not contain control, format or separator characters' : null;
}

/** Free text without forbidden characters; returns it unchanged. */
export function requireFreeText(value: string, path: FieldPath): string {
  const problem = freeTextProblem(value);
  if (problem !== null) badField(path, problem);
  return value;
}

/** A key or code (idempotency key, cursor) without forbidden characters; returns it unchanged. */
export function requireKey(value: string, path: FieldPath): string {
  const problem = keyProblem(value);
  if (problem !== null) badField(path, problem);
  return value;
}

/** A closed range of plausible instants for one kind of date. */
export interface DateRange {
  earliest: Date;
  latest: Date;
}

const DAY_MS = 86_400_000;

/** The same instant `years` calendar years later. */
function yearsAhead(now: Date, years: number): Date {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/** Nothing a person reports (a birth, an incident) happened before this day. */
export const EARLIEST_PERSON_DATE = new Date('1900-01-01T00:00:00Z');
/** Nothing the system records or reports on (consents, reports, deadlines) is older than this day. */
export const EARLIEST_RECORD_DATE = new Date('2000-01-01T00:00:00Z');
/** Longest a consent may be given for, and how far ahead a deadline filter may look. */
export const MAX_YEARS_AHEAD = 10;

/** The kinds of dates the API accepts, each with its plausible range (see plausibleDateRange). */
export type DateKind =
  /** A birth or an incident: 1900-01-01 to now. */
  | 'PERSON_EVENT'
  /** When a consent was given: 2000-01-01 to now. */
  | 'CONSENT_GRANTED'
  /** When a consent ends: after now, at most 10 years ahead. */
  | 'CONSENT_EXPIRY'
  /** Bounds of a monitoring report: 2000-01-01 to one day ahead. */
  | 'REPORTING_PERIOD'
  /** A deadline filter (inbox dueBefore/dueAfter): 2000-01-01 to 10 years ahead. */
  | 'DEADLINE_FILTER'
  /** Any date-time argument at the edge: 1900-01-01 to 100 years ahead (PostgreSQL and JS agree there). */
  | 'ANY';

export function plausibleDateRange(kind: DateKind, now: Date): DateRange {
  switch (kind) {
    case 'PERSON_EVENT':
      return { earliest: EARLIEST_PERSON_DATE, latest: now };
    case 'CONSENT_GRANTED':
      return { earliest: EARLIEST_RECORD_DATE, latest: now };
    case 'CONSENT_EXPIRY':
      return { earliest: now, latest: yearsAhead(now, MAX_YEARS_AHEAD) };
    case 'REPORTING_PERIOD':
      return { earliest: EARLIEST_RECORD_DATE, latest: new Date(now.getTime() + DAY_MS) };
    case 'DEADLINE_FILTER':
      return { earliest: EARLIEST_RECORD_DATE, latest: yearsAhead(now, MAX_YEARS_AHEAD) };
    case 'ANY':
      return { earliest: EARLIEST_PERSON_DATE, latest: yearsAhead(now, 100) };
  }
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Why `date` is outside `range` (naming the bound, never the value), or null when it is inside. */
export function dateRangeProblem(date: Date, range: DateRange): string | null {
  if (Number.isNaN(date.getTime())) return 'must be a valid date';
  if (date.getTime() < range.earliest.getTime()) return `must not be before ${day(range.earliest)}`;
  if (date.getTime() > range.latest.getTime()) return `must not be after ${day(range.latest)}`;
  return null;
}

/** A date within the plausible range of its kind; returns it unchanged. */
export function requirePlausibleDate(date: Date, kind: DateKind, now: Date, path: FieldPath): Date {
  const problem = dateRangeProblem(date, plausibleDateRange(kind, now));
  if (problem !== null) badField(path, problem);
  return date;
}

/** A calendar date `YYYY-MM-DD` that exists and falls within the plausible range of its kind (compared by day). */
export function requirePlausibleCalendarDate(
  value: unknown,
  kind: DateKind,
  now: Date,
  path: FieldPath,
): string {
  const text = requireCalendarDate(value, path);
  const range = plausibleDateRange(kind, now);
  if (text < day(range.earliest)) badField(path, `must not be before ${day(range.earliest)}`);
  if (text > day(range.latest))
    badField(
      path,
      kind === 'PERSON_EVENT' ? 'must not be in the future' : `must not be after ${day(range.latest)}`,
    );
  return text;
}
