import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import {
  DomainError,
  type FieldIssue,
  dateRangeProblem,
  freeTextProblem,
  keyProblem,
  plausibleDateRange,
} from '@lib/domain';

/**
 * How Nest names `@Args()` to pipes: GqlParamtype.ARGS (3) shares its number with RouteParamtypes.BODY, so pipes see
 * 'body'. Parent objects, context and info arrive as 'custom' and are never inspected (the API has no REST body).
 */
const GRAPHQL_ARGS = 'body';

/** Input fields and arguments that are keys or codes, not prose: the strict character rule applies to them. */
const KEY_FIELDS: ReadonlySet<string> = new Set(['idempotencyKey', 'after']);

function check(value: unknown, path: string[], isKey: boolean, now: Date, issues: FieldIssue[]): void {
  if (typeof value === 'string') {
    const problem = isKey ? keyProblem(value) : freeTextProblem(value);
    if (problem !== null) issues.push({ path, message: problem });
  } else if (value instanceof Date) {
    const problem = dateRangeProblem(value, plausibleDateRange('ANY', now));
    if (problem !== null) issues.push({ path, message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => check(item, [...path, String(i)], isKey, now, issues));
  } else if (typeof value === 'object' && value !== null) {
    for (const [field, item] of Object.entries(value))
      check(item, [...path, field], KEY_FIELDS.has(field), now, issues);
  }
}

/**
 * Global pipe over every GraphQL argument, before any resolver, service or database sees it: keys (idempotency keys,
 * cursors) carry no control, format or separator characters; free text no control characters other than tab and
 * new lines (a NUL never reaches PostgreSQL); every date-time lies between 1900 and 100 years ahead (fields with
 * a narrower meaning are checked again by their domain rule). Refusals are BAD_USER_INPUT naming every offending
 * path, never the value. Ids are already canonical (the UUID scalar) and enums checked by GraphQL.
 * The input depth is bounded by the schema's input types.
 */
@Injectable()
export class InputGuardPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== GRAPHQL_ARGS) return value;
    const issues: FieldIssue[] = [];
    const root = metadata.data ? [metadata.data] : [];
    check(value, root, metadata.data !== undefined && KEY_FIELDS.has(metadata.data), new Date(), issues);
    if (issues.length > 0) throw DomainError.badInput('Invalid input', issues);
    return value;
  }
}
