import { ACTIVE_REFERRAL_STATUSES, OrganisationType, ReferralStatus, StaffRole } from '@lib/domain';
import { type Actor, CASE_ROLES, REFERRAL_RECIPIENT_ROLES, TASK_ROLES, hasAnyRole } from './actor';

/**
 * SQL scoping for list queries, mirroring defineAbilityFor's `read` rules (break-glass never applies to lists).
 * Each builder first produces a small predicate tree (ScopePredicate), rendered to SQL for TypeORM query
 * builders and evaluable in memory (evaluateScope) so tests can check it against the CASL ability.
 *
 * Columns are the snake_case database columns of architecture.md; `alias` must be a lower-case SQL identifier.
 * Parameters are TypeORM named parameters (`:authzOrg`); bindPositional converts for raw `pg`.
 */

export type ScopeParam = 'authzOrg' | 'authzRegion' | 'authzStaff';

export type ScopePredicate =
  | { op: 'false' }
  | { op: 'eq'; column: string; param: ScopeParam }
  | { op: 'isNull'; column: string }
  | { op: 'and'; items: ScopePredicate[] }
  | { op: 'or'; items: ScopePredicate[] }
  /** EXISTS an ACTIVE referral of this case (alias.id) addressed to :param. */
  | { op: 'activeReferralTo'; param: ScopeParam }
  /** EXISTS the case of this referral (alias.case_id) with region = :param. */
  | { op: 'caseRegionIs'; param: ScopeParam }
  /** EXISTS the assignee of this task (alias.assignee_id) as a staff member whose supervisor is :param. */
  | { op: 'assigneeSupervisedBy'; param: ScopeParam }
  /** column = a constant of the domain's enums (upper-case identifier), e.g. a status. */
  | { op: 'eqValue'; column: string; value: string }
  /**
   * EXISTS an active worker of this case (alias.id, or alias.<caseColumn> for rows that belong to a case) who is
   * :param or whose supervisor is :param (the case's team).
   */
  | { op: 'caseTeamIncludes'; param: ScopeParam; caseColumn?: string }
  /** NOT EXISTS an active worker of this case (alias.id, or alias.<caseColumn>) in organisation :param. */
  | { op: 'noCaseWorkerOf'; param: ScopeParam; caseColumn?: string };

export interface SqlScope {
  sql: string;
  params: Partial<Record<ScopeParam, string>>;
  predicate: ScopePredicate;
}

const FALSE: ScopePredicate = { op: 'false' };
const ACTIVE_SQL = ACTIVE_REFERRAL_STATUSES.map((s) => `'${s}'`).join(', ');

function or(items: ScopePredicate[]): ScopePredicate {
  if (items.length === 0) return FALSE;
  if (items.length === 1) return items[0] as ScopePredicate;
  return { op: 'or', items };
}

function paramsOf(actor: Actor): Record<ScopeParam, string> {
  return { authzOrg: actor.organisationId, authzRegion: actor.region, authzStaff: actor.staffId };
}

function isMonitoringOfficer(actor: Actor): boolean {
  return (
    actor.roles.includes(StaffRole.MONITORING_OFFICER) &&
    actor.organisationType === OrganisationType.MONITORING_GROUP
  );
}

const ON_TEAM: ScopePredicate = { op: 'caseTeamIncludes', param: 'authzStaff' };

/**
 * Cases the actor may list: owned (case roles; SUPERVISOR role all of the organisation's, others those whose team they
 * are on), received through an ACTIVE referral (recipient roles; while nobody of their organisation is assigned, then
 * as for owners), or of the region (monitoring). Mirrors ownerReaches / recipientReaches (case-assignment.ts).
 */
export function casePredicate(actor: Actor): ScopePredicate {
  const items: ScopePredicate[] = [];
  const supervisor = actor.roles.includes(StaffRole.SUPERVISOR);
  if (hasAnyRole(actor, CASE_ROLES)) {
    const owned: ScopePredicate = { op: 'eq', column: 'owning_organisation_id', param: 'authzOrg' };
    items.push(supervisor ? owned : { op: 'and', items: [owned, ON_TEAM] });
  }
  if (hasAnyRole(actor, REFERRAL_RECIPIENT_ROLES)) {
    const received: ScopePredicate = { op: 'activeReferralTo', param: 'authzOrg' };
    items.push(
      supervisor
        ? received
        : { op: 'and', items: [received, { op: 'or', items: [{ op: 'noCaseWorkerOf', param: 'authzOrg' }, ON_TEAM] }] },
    );
  }
  if (isMonitoringOfficer(actor)) items.push({ op: 'eq', column: 'region', param: 'authzRegion' });
  return or(items);
}

/**
 * Referrals the actor may list: sent by (case roles; following the case's assignment as for cases), addressed to
 * (recipient roles: PENDING ones to answer, the others following the case's assignment), or of the region
 * (monitoring). Mirrors defineAbilityFor's Referral read rules.
 */
export function referralPredicate(actor: Actor): ScopePredicate {
  const items: ScopePredicate[] = [];
  const supervisor = actor.roles.includes(StaffRole.SUPERVISOR);
  const onTeam: ScopePredicate = { op: 'caseTeamIncludes', param: 'authzStaff', caseColumn: 'case_id' };
  if (hasAnyRole(actor, CASE_ROLES)) {
    const sent: ScopePredicate = { op: 'eq', column: 'from_organisation_id', param: 'authzOrg' };
    items.push(supervisor ? sent : { op: 'and', items: [sent, onTeam] });
  }
  if (hasAnyRole(actor, REFERRAL_RECIPIENT_ROLES)) {
    const to: ScopePredicate = { op: 'eq', column: 'to_organisation_id', param: 'authzOrg' };
    const reach: ScopePredicate = {
      op: 'or',
      items: [
        { op: 'eqValue', column: 'status', value: ReferralStatus.PENDING },
        { op: 'noCaseWorkerOf', param: 'authzOrg', caseColumn: 'case_id' },
        onTeam,
      ],
    };
    items.push(supervisor ? to : { op: 'and', items: [to, reach] });
  }
  if (isMonitoringOfficer(actor)) items.push({ op: 'caseRegionIs', param: 'authzRegion' });
  return or(items);
}

/**
 * Tasks the actor may list: their own, their organisation's unassigned queue and those of the staff they supervise
 * (staff_members.supervisor_id); supervisors (role) the whole organisation.
 */
export function taskPredicate(actor: Actor): ScopePredicate {
  const sameOrg: ScopePredicate = { op: 'eq', column: 'organisation_id', param: 'authzOrg' };
  if (actor.roles.includes(StaffRole.SUPERVISOR)) return sameOrg;
  if (!hasAnyRole(actor, TASK_ROLES)) return FALSE;
  return {
    op: 'and',
    items: [
      sameOrg,
      {
        op: 'or',
        items: [
          { op: 'eq', column: 'assignee_id', param: 'authzStaff' },
          { op: 'isNull', column: 'assignee_id' },
          { op: 'assigneeSupervisedBy', param: 'authzStaff' },
        ],
      },
    ],
  };
}

/** Audit events the actor may list: auditors their organisation's chain; the coordinator's auditors every chain. */
export function auditPredicate(actor: Actor): ScopePredicate {
  if (!actor.roles.includes(StaffRole.AUDITOR)) return FALSE;
  if (actor.organisationType === OrganisationType.COORDINATOR) return { op: 'and', items: [] };
  return { op: 'eq', column: 'organisation_id', param: 'authzOrg' };
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
const ENUM_VALUE = /^[A-Z][A-Z0-9_]*$/;

function collectParams(p: ScopePredicate, out: Set<ScopeParam>): void {
  switch (p.op) {
    case 'false':
    case 'isNull':
    case 'eqValue':
      return;
    case 'eq':
    case 'activeReferralTo':
    case 'caseRegionIs':
    case 'assigneeSupervisedBy':
    case 'caseTeamIncludes':
    case 'noCaseWorkerOf':
      out.add(p.param);
      return;
    case 'and':
    case 'or':
      p.items.forEach((i) => collectParams(i, out));
      return;
  }
}

/** Renders a predicate for rows aliased `alias`. */
export function renderScopeSql(p: ScopePredicate, alias: string): string {
  if (!IDENT.test(alias)) throw new Error(`invalid SQL alias ${alias}`);
  switch (p.op) {
    case 'false':
      return 'FALSE';
    case 'eq':
      return `${alias}.${p.column} = :${p.param}`;
    case 'isNull':
      return `${alias}.${p.column} IS NULL`;
    case 'eqValue':
      if (!ENUM_VALUE.test(p.value)) throw new Error('invalid scope constant');
      return `${alias}.${p.column} = '${p.value}'`;
    case 'and':
      return p.items.length === 0
        ? 'TRUE'
        : `(${p.items.map((i) => renderScopeSql(i, alias)).join(' AND ')})`;
    case 'or':
      return p.items.length === 0
        ? 'FALSE'
        : `(${p.items.map((i) => renderScopeSql(i, alias)).join(' OR ')})`;
    case 'activeReferralTo':
      return (
        `EXISTS (SELECT 1 FROM referrals authz_r WHERE authz_r.case_id = ${alias}.id` +
        ` AND authz_r.to_organisation_id = :${p.param} AND authz_r.status IN (${ACTIVE_SQL}))`
      );
    case 'caseRegionIs':
      return `EXISTS (SELECT 1 FROM cases authz_c WHERE authz_c.id = ${alias}.case_id AND authz_c.region = :${p.param})`;
    case 'assigneeSupervisedBy':
      return `EXISTS (SELECT 1 FROM staff_members authz_s WHERE authz_s.id = ${alias}.assignee_id AND authz_s.supervisor_id = :${p.param})`;
    case 'caseTeamIncludes':
      return (
        // The team (the viewer and whom they supervise) as an array read once per query: `staff_id = ANY (...)` is an
        // index condition, so PostgreSQL may probe each case's assignments or start from the team's own (an OR across
        // a join to staff_members could do neither, and read every active assignment).
        `EXISTS (SELECT 1 FROM case_assignments authz_a` +
        ` WHERE authz_a.case_id = ${alias}.${caseColumnOf(p)} AND authz_a.released_at IS NULL` +
        ` AND authz_a.staff_id = ANY (ARRAY(SELECT :${p.param} UNION ALL` +
        ` SELECT authz_w.id FROM staff_members authz_w WHERE authz_w.supervisor_id = :${p.param})))`
      );
    case 'noCaseWorkerOf':
      return (
        `NOT EXISTS (SELECT 1 FROM case_assignments authz_o WHERE authz_o.case_id = ${alias}.${caseColumnOf(p)}` +
        ` AND authz_o.organisation_id = :${p.param} AND authz_o.released_at IS NULL)`
      );
  }
}

function caseColumnOf(p: { caseColumn?: string }): string {
  const column = p.caseColumn ?? 'id';
  if (!IDENT.test(column)) throw new Error('invalid SQL column');
  return column;
}

interface ScopeShape {
  sql: string;
  used: ScopeParam[];
  predicate: ScopePredicate;
}

/**
 * A scope's predicate depends only on the actor's roles and organisation type (the values come in as parameters), so
 * its rendered SQL is kept per (kind, alias, roles, organisation type): a bounded set. Measured: rebuilding it was
 * 2.5 % of an inbox request's CPU (docs/performance.md).
 */
const SHAPES = new Map<string, ScopeShape>();
const MAX_SHAPES = 1000;

function toScope(actor: Actor, kind: string, build: (actor: Actor) => ScopePredicate, alias: string): SqlScope {
  const key = `${kind}|${alias}|${actor.organisationType}|${[...actor.roles].sort().join(',')}`;
  let shape = SHAPES.get(key);
  if (!shape) {
    const predicate = build(actor);
    const used = new Set<ScopeParam>();
    collectParams(predicate, used);
    shape = { sql: renderScopeSql(predicate, alias), used: [...used], predicate };
    if (SHAPES.size < MAX_SHAPES) SHAPES.set(key, shape);
  }
  const all = paramsOf(actor);
  const params: Partial<Record<ScopeParam, string>> = {};
  for (const k of shape.used) params[k] = all[k];
  return { sql: shape.sql, params, predicate: shape.predicate };
}

/** `WHERE` fragment for `cases` aliased `alias`, e.g. `qb.andWhere(s.sql, s.params)`. */
export function caseScope(actor: Actor, alias = 'c'): SqlScope {
  return toScope(actor, 'case', casePredicate, alias);
}
export function referralScope(actor: Actor, alias = 'r'): SqlScope {
  return toScope(actor, 'referral', referralPredicate, alias);
}
export function taskScope(actor: Actor, alias = 't'): SqlScope {
  return toScope(actor, 'task', taskPredicate, alias);
}
export function auditScope(actor: Actor, alias = 'a'): SqlScope {
  return toScope(actor, 'audit', auditPredicate, alias);
}

/** bindPositional's texts, per offset and scope SQL (the scope shapes above: a bounded set). */
const BOUND = new Map<string, { text: string; names: ScopeParam[] }>();

/**
 * Converts named parameters to `$n` placeholders for raw `pg` (`offset` = number of earlier placeholders).
 */
export function bindPositional(
  scope: Pick<SqlScope, 'sql' | 'params'>,
  offset = 0,
): { text: string; values: string[] } {
  const key = `${offset}|${scope.sql}`;
  let bound = BOUND.get(key);
  if (!bound) {
    const names: ScopeParam[] = [];
    const text = scope.sql.replace(/:(authz[A-Za-z]+)/g, (_m, name: string) => {
      let i = names.indexOf(name as ScopeParam);
      if (i === -1) i = names.push(name as ScopeParam) - 1;
      return `$${offset + i + 1}`;
    });
    bound = { text, names };
    if (BOUND.size < MAX_SHAPES) BOUND.set(key, bound);
  }
  const values = bound.names.map((name) => {
    const v = scope.params[name];
    if (v === undefined) throw new Error(`missing scope parameter ${name}`);
    return v;
  });
  return { text: bound.text, values };
}

/** In-memory rows for evaluateScope (snake_case columns, as in the database). */
export interface ScopeDatabase {
  cases: readonly { id: string; region: string }[];
  referrals: readonly { case_id: string; to_organisation_id: string; status: string }[];
  staff: readonly { id: string; supervisor_id: string | null }[];
  /** Active case assignments only. */
  assignments: readonly { case_id: string; organisation_id: string; staff_id: string }[];
}

/** Evaluates a predicate on one row exactly as the rendered SQL would (used to cross-check with CASL). */
export function evaluateScope(
  p: ScopePredicate,
  row: Record<string, unknown>,
  params: Partial<Record<ScopeParam, string>>,
  db: ScopeDatabase,
): boolean {
  switch (p.op) {
    case 'false':
      return false;
    case 'eq':
      return row[p.column] !== null && row[p.column] !== undefined && row[p.column] === params[p.param];
    case 'isNull':
      return row[p.column] === null || row[p.column] === undefined;
    case 'eqValue':
      return row[p.column] === p.value;
    case 'and':
      return p.items.every((i) => evaluateScope(i, row, params, db));
    case 'or':
      return p.items.some((i) => evaluateScope(i, row, params, db));
    case 'activeReferralTo':
      return db.referrals.some(
        (r) =>
          r.case_id === row.id &&
          r.to_organisation_id === params[p.param] &&
          (ACTIVE_REFERRAL_STATUSES as readonly string[]).includes(r.status),
      );
    case 'caseRegionIs':
      return db.cases.some((c) => c.id === row.case_id && c.region === params[p.param]);
    case 'assigneeSupervisedBy':
      return db.staff.some((s) => s.id === row.assignee_id && s.supervisor_id !== null && s.supervisor_id === params[p.param]);
    case 'caseTeamIncludes':
      return db.assignments.some(
        (a) =>
          a.case_id === row[caseColumnOf(p)] &&
          (a.staff_id === params[p.param] ||
            db.staff.some((s) => s.id === a.staff_id && s.supervisor_id !== null && s.supervisor_id === params[p.param])),
      );
    case 'noCaseWorkerOf':
      return !db.assignments.some((a) => a.case_id === row[caseColumnOf(p)] && a.organisation_id === params[p.param]);
  }
}
