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
