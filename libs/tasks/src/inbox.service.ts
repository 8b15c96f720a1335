import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Actor, bindPositional, caseReachSql, taskScope } from '@lib/authz';
import { DomainError, StaffRole, TaskStatus, type TaskType, dateRangeProblem, plausibleDateRange } from '@lib/domain';
import { decodeKeysetCursor, encodeKeysetCursor, preparedQuery, timestampKeySql } from '@lib/persistence';

/** Whose tasks the inbox lists, inside what the actor may see (taskScope). */
export enum InboxAssignment {
  /** Everything the actor may see (the default). */
  ALL = 'ALL',
  /** Tasks assigned to the actor. */
  MINE = 'MINE',
  /** Tasks assigned to the actor or to staff whose supervisor is the actor, plus the unassigned queue. */
  MY_TEAM = 'MY_TEAM',
  /** The organisation's unassigned queue. */
  UNASSIGNED = 'UNASSIGNED',
}

export interface InboxFilter {
  status?: TaskStatus | null;
  assignment?: InboxAssignment | null;
  type?: TaskType | null;
  dueBefore?: Date | null;
  dueAfter?: Date | null;
}

/** An inbox row: ids, enums, the pseudonymous case code and times. Never personal data. */
export interface InboxItem {
  id: string;
  type: TaskType;
  status: TaskStatus;
  caseId: string | null;
  caseCode: string | null;
  referralId: string | null;
  assigneeId: string | null;
  dueAt: Date | null;
  createdAt: Date;
  overdue: boolean;
  /** When the last reminder of this task's deadline was sent; null: never. */
  remindedAt: Date | null;
  cursor: string;
}

export interface InboxPage {
  items: InboxItem[];
  endCursor: string | null;
  hasNextPage: boolean;
}

interface Row {
  id: string;
  type: TaskType;
  status: TaskStatus;
  case_id: string | null;
  case_code: string | null;
  referral_id: string | null;
  assignee_id: string | null;
  due_at: Date | null;
  created_at: Date;
  reminded_at: Date | null;
  due_key: string | null;
}

export const INBOX_MAX_PAGE = 100;
// `due_key`: the due time at full (microsecond) precision, so cursors never skip or repeat rows.
// The case code is withheld from the recipient of an anonymous incident notice (its profile excludes it), and from a
// member of the organisation who could not open the case (access follows assignment: caseReachSql).
function columns(actor: Actor, p: (value: unknown) => string): string {
  const reach = actor.roles.includes(StaffRole.SUPERVISOR)
    ? 'TRUE'
    : caseReachSql('c', { staffId: `${p(actor.staffId)}::uuid`, organisationId: `${p(actor.organisationId)}::uuid`, supervisor: 'FALSE' });
  return `t.id, t.type, t.status, t.case_id,
  CASE WHEN r.data_profile = 'ANONYMOUS_INCIDENT' AND r.to_organisation_id = t.organisation_id THEN NULL
       WHEN ${reach} THEN c.case_code END AS case_code,
  t.referral_id, t.assignee_id, t.due_at, t.created_at, t.reminded_at,
  ${timestampKeySql('t.due_at')} AS due_key`;
}

/**
 * A task inbox: overdue first, then by due time (i.e. due time ascending, undated last), keyset
 * pagination on (due_at, id). One query on `ix_tasks_inbox (organisation_id, status, due_at, id)`; the row-value
 * comparison is an index condition, so deep pages cost the same as the first.
 */
@Injectable()
export class InboxService {
  constructor(private readonly dataSource: DataSource) {}

  /** The actor's inbox, scoped in SQL by @lib/authz taskScope (own, unassigned and their team's tasks; supervisors the whole organisation). */
  async page(actor: Actor, filter: InboxFilter, first: number, after: string | null, now = new Date()): Promise<InboxPage> {
    if (!Number.isInteger(first) || first < 1 || first > INBOX_MAX_PAGE) {
      throw DomainError.badInput('Invalid page size', [{ path: ['first'], message: `must be between 1 and ${INBOX_MAX_PAGE}` }]);
    }
    const range = plausibleDateRange('DEADLINE_FILTER', now);
    for (const field of ['dueBefore', 'dueAfter'] as const) {
      const problem = filter[field] ? dateRangeProblem(filter[field], range) : null;
      if (problem !== null) throw DomainError.badInput('Invalid due range', [{ path: ['filter', field], message: problem }]);
    }
    if (filter.dueAfter && filter.dueBefore && filter.dueAfter.getTime() >= filter.dueBefore.getTime()) {
      throw DomainError.badInput('Invalid due range', [{ path: ['filter', 'dueAfter'], message: 'must be before dueBefore' }]);
    }
    const cursor = after === null ? null : decodeKeysetCursor(after);
    const scope = bindPositional(taskScope(actor, 't'));
    const params: unknown[] = [...scope.values];
    const p = (value: unknown): string => `$${params.push(value)}`;
    let base = `${scope.text} AND t.status = ${p(filter.status ?? TaskStatus.OPEN)}`;
    if (filter.type) base += ` AND t.type = ${p(filter.type)}`;
    if (filter.dueBefore) base += ` AND t.due_at < ${p(filter.dueBefore)}`;
    if (filter.dueAfter) base += ` AND t.due_at >= ${p(filter.dueAfter)}`;
    base += assignmentSql(filter.assignment ?? InboxAssignment.ALL, actor, p);
    // The limit is written into the text, not bound: with `LIMIT $n` PostgreSQL's generic plan assumes a tenth of the
    // rows and looked dearer than a custom one, so every execution was planned anew (measured at 10k cases: 0.75 ms of
    // planning per page against 0.55 ms of execution; the API's pool now also forces generic plans, data-source.ts).
    // `first` is an integer of 1..INBOX_MAX_PAGE (checked above), so the texts stay a bounded set.
    const limit = String(first + 1);
    const cols = columns(actor, p);
    const from = `FROM tasks t LEFT JOIN cases c ON c.id = t.case_id LEFT JOIN referrals r ON r.id = t.referral_id`;

    let sql: string;
    if (cursor === null) {
      sql = `SELECT ${cols} ${from} WHERE ${base} ORDER BY t.due_at ASC NULLS LAST, t.id ASC LIMIT ${limit}`;
    } else if (cursor.key === null) {
      sql = `SELECT ${cols} ${from} WHERE ${base} AND t.due_at IS NULL AND t.id > ${p(cursor.id)} ORDER BY t.id ASC LIMIT ${limit}`;
    } else {
      const due = `${p(cursor.key)}::timestamptz`;
      const id = p(cursor.id);
      sql = `SELECT * FROM (
          (SELECT ${cols} ${from} WHERE ${base} AND (t.due_at, t.id) > (${due}, ${id}) ORDER BY t.due_at ASC, t.id ASC LIMIT ${limit})
          UNION ALL
          (SELECT ${cols} ${from} WHERE ${base} AND t.due_at IS NULL ORDER BY t.id ASC LIMIT ${limit})
        ) page ORDER BY due_at ASC NULLS LAST, id ASC LIMIT ${limit}`;
    }
    // A named prepared statement: its text depends only on the actor's role set and the filter's shape (a few hundred
    // at most), so PostgreSQL parses and plans it once per connection instead of on every request.
    const rows = await preparedQuery<Row>(this.dataSource.manager, sql, params);
    const hasNextPage = rows.length > first;
    const items = rows.slice(0, first).map((row) => toItem(row, now));
    return { items, hasNextPage, endCursor: items.length > 0 ? items[items.length - 1]!.cursor : null };
  }

  /**
   * One OPEN task if the actor's inbox shows it (same scope and columns as `page`), else null: live inbox updates.
   * `statements`: where the caller runs this one statement instead of the pool (the live notifications' own
   * connections, @lib/notifications dedicated-statements.ts).
   */
  async openItem(
    actor: Actor,
    taskId: string,
    now = new Date(),
    statements?: { query<T>(text: string, values: readonly unknown[]): Promise<T[]> },
  ): Promise<InboxItem | null> {
    const scope = bindPositional(taskScope(actor, 't'), 1);
    const params: unknown[] = [taskId, ...scope.values];
    const cols = columns(actor, (value) => `$${params.push(value)}`);
    const text = `SELECT ${cols} FROM tasks t LEFT JOIN cases c ON c.id = t.case_id LEFT JOIN referrals r ON r.id = t.referral_id
        WHERE t.id = $1 AND t.status = 'OPEN' AND ${scope.text}`;
    const rows = statements
      ? await statements.query<Row>(text, params)
      : await preparedQuery<Row>(this.dataSource.manager, text, params);
    return rows[0] ? toItem(rows[0], now) : null;
  }
}

/** The assignment filter as SQL (ANDed with the scope, so it only ever narrows what the actor may see). */
function assignmentSql(assignment: InboxAssignment, actor: Actor, p: (value: unknown) => string): string {
  switch (assignment) {
    case InboxAssignment.ALL:
      return '';
    case InboxAssignment.MINE:
      return ` AND t.assignee_id = ${p(actor.staffId)}`;
    case InboxAssignment.UNASSIGNED:
      return ' AND t.assignee_id IS NULL';
    case InboxAssignment.MY_TEAM: {
      const me = p(actor.staffId);
      return ` AND (t.assignee_id IS NULL OR t.assignee_id = ${me} OR t.assignee_id IN (
          SELECT s.id FROM staff_members s WHERE s.supervisor_id = ${me} AND s.organisation_id = t.organisation_id))`;
    }
  }
}

function toItem(row: Row, now: Date): InboxItem {
  const dueAt = row.due_at === null ? null : new Date(row.due_at);
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    caseId: row.case_id,
    caseCode: row.case_code,
    referralId: row.referral_id,
    assigneeId: row.assignee_id,
    dueAt,
    createdAt: new Date(row.created_at),
    overdue: dueAt !== null && row.status === TaskStatus.OPEN && dueAt.getTime() < now.getTime(),
    remindedAt: row.reminded_at === null ? null : new Date(row.reminded_at),
    cursor: encodeKeysetCursor({ key: row.due_key, id: row.id }),
  };
}
