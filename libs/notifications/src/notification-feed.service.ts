import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Actor, bindPositional, taskScope } from '@lib/authz';
import { DomainError, type TaskType } from '@lib/domain';
import { preparedQuery } from '@lib/persistence';
import { personVisibleCaseCodeSql } from './case-code-visibility';
import { type DedicatedStatements } from './dedicated-statements';
import { SCOPE_PARAM, notificationScope } from './notification-actor';
import { NotificationKind } from './notification-kinds';

/** A notification as its reader sees it: ids, enums, times; the case code only where their organisation may see it. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  taskId: string | null;
  taskType: TaskType | null;
  referralId: string | null;
  caseCode: string | null;
  dueAt: Date | null;
  mandatory: boolean;
  createdAt: Date;
  cursor: string;
}

export interface NotificationPage {
  items: NotificationView[];
  endCursor: string | null;
  hasNextPage: boolean;
}

interface Row {
  id: string;
  kind: NotificationKind;
  task_id: string | null;
  task_type: TaskType | null;
  referral_id: string | null;
  case_code: string | null;
  due_at: Date | null;
  mandatory: boolean;
  created_at: Date;
  created_key: string;
}

export const NOTIFICATIONS_MAX_PAGE = 100;
const OTHER_COLUMNS = `n.id, n.kind, n.task_id, n.task_type, n.referral_id, n.due_at, n.mandatory, n.created_at,
  to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS created_key`;

/**
 * The case code as the actor whose notificationScope(actor, offset) is bound after `offset` sees it: only if they could
 * open the case (access follows assignment). Its placeholders are the scope's own: organisation, staff id, supervisor.
 */
function caseCodeFor(offset: number): string {
  return personVisibleCaseCodeSql({
    organisationId: `$${offset + SCOPE_PARAM.organisation}::uuid`,
    staffId: `$${offset + SCOPE_PARAM.staff}::uuid`,
    supervisor: `$${offset + SCOPE_PARAM.supervisor}::boolean`,
  });
}

const columns = (offset: number): string => `${OTHER_COLUMNS}, ${caseCodeFor(offset)} AS case_code`;
const FROM = `FROM notifications n LEFT JOIN cases c ON c.id = n.case_id`;

function encodeCursor(key: string, id: string): string {
  return Buffer.from(`${key}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { key: string; id: string } {
  const [key, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (
    !key ||
    !id ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/.test(key) ||
    !/^[0-9a-f-]{36}$/.test(id)
  ) {
    throw DomainError.badInput('Invalid cursor', [
      { path: ['after'], message: 'not a cursor from this list' },
    ]);
  }
  return { key, id };
}

/** The signed-in person's notifications, newest first (the console's bell), and single reads for live delivery. */
@Injectable()
export class NotificationFeedService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async page(actor: Actor, first: number, after: string | null): Promise<NotificationPage> {
    if (!Number.isInteger(first) || first < 1 || first > NOTIFICATIONS_MAX_PAGE) {
      throw DomainError.badInput('Invalid page size', [
        { path: ['first'], message: `must be between 1 and ${NOTIFICATIONS_MAX_PAGE}` },
      ]);
    }
    const scope = notificationScope(actor);
    const params = [...scope.values];
    const p = (v: unknown): string => `$${params.push(v)}`;
    let where = scope.text;
    if (after !== null) {
      const c = decodeCursor(after);
      where += ` AND (n.created_at, n.id) < (${p(c.key)}::timestamp AT TIME ZONE 'UTC', ${p(c.id)}::uuid)`;
    }
    const rows = await preparedQuery<Row>(
      this.dataSource.manager,
      // The limit written into the text (an integer of 1..NOTIFICATIONS_MAX_PAGE, checked above): the API runs its named
      // statements on their generic plan, which with a bound LIMIT assumes a tenth of the rows (see InboxService).
      `SELECT ${columns(0)} ${FROM} WHERE ${where} ORDER BY n.created_at DESC, n.id DESC LIMIT ${first + 1}`,
      params,
    );
    const items = rows.slice(0, first).map(toView);
    return { items, hasNextPage: rows.length > first, endCursor: items.at(-1)?.cursor ?? null };
  }

  /**
   * The live subscriptions' check for one announced notification, for several readers at once, in ONE statement: for
   * each actor, the notification as they would read it by query (the feed's scope, `visible` below) or null, and
   * whether its task is open in their inbox (the inbox's own check: the task is OPEN and within their task scope, as
   * `InboxService.openItem`). `taskId` is null for a reminder (its task is not new) and when there is no task.
   * `statements`: the caller's connections of their own (dedicated-statements.ts), else the pool.
   */
  async visibleToEach(
    actors: readonly Actor[],
    id: string,
    statements?: DedicatedStatements,
  ): Promise<{ taskId: string | null; views: (NotificationView | null)[]; taskOpenFor: boolean[] }> {
    const params: unknown[] = [id];
    const checks = actors.map((actor, i) => {
      const offset = params.length;
      const feed = notificationScope(actor, offset);
      params.push(...feed.values);
      const inbox = bindPositional(taskScope(actor, 't'), params.length);
      params.push(...inbox.values);
      return `(${feed.text}) AS feed_${i}, ${caseCodeFor(offset)} AS code_${i},
        EXISTS (SELECT 1 FROM tasks t WHERE t.id = n.task_id AND t.status = 'OPEN' AND ${inbox.text}) AS inbox_${i}`;
    });
    const text = `SELECT ${OTHER_COLUMNS}, NULL AS case_code, ${checks.join(', ')} ${FROM} WHERE n.id = $1`;
    // One reader: a bounded set of texts (one per scope shape), prepared. Several: the text depends on who is
    // listening, so it runs unnamed rather than filling every connection with one-off prepared statements.
    const rows: (Row & Record<string, unknown>)[] = statements
      ? await statements.query(text, params, actors.length === 1)
      : actors.length === 1
        ? await preparedQuery(this.dataSource.manager, text, params)
        : await this.dataSource.query(text, params);
    const row = rows[0];
    if (!row) return { taskId: null, views: actors.map(() => null), taskOpenFor: actors.map(() => false) };
    const view = toView(row);
    const taskId = row.kind === NotificationKind.DEADLINE_REMINDER ? null : row.task_id;
    return {
      taskId,
      views: actors.map((_, i) => (row[`feed_${i}`] === true ? { ...view, caseCode: (row[`code_${i}`] as string | null) ?? null } : null)),
      taskOpenFor: actors.map((_, i) => taskId !== null && row[`inbox_${i}`] === true),
    };
  }

  /** One notification if this actor may read it (the live subscription's check), else null. */
  async visible(actor: Actor, id: string): Promise<NotificationView | null> {
    const scope = notificationScope(actor, 1);
    const rows = await preparedQuery<Row>(
      this.dataSource.manager,
      `SELECT ${columns(1)} ${FROM} WHERE n.id = $1 AND ${scope.text}`,
      [id, ...scope.values],
    );
    return rows[0] ? toView(rows[0]) : null;
  }
}

function toView(row: Row): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    taskId: row.task_id,
    taskType: row.task_type,
    referralId: row.referral_id,
    caseCode: row.case_code,
    dueAt: row.due_at === null ? null : new Date(row.due_at),
    mandatory: row.mandatory,
    createdAt: new Date(row.created_at),
    cursor: encodeCursor(row.created_key, row.id),
  };
}
