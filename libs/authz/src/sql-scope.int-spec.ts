import { Client } from 'pg';
import { StaffRole } from '@lib/domain';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { Action, defineAbilityFor } from './ability';
import { ownerReaches, recipientReaches } from './case-assignment';
import { caseReachSql } from './case-reach-sql';
import {
  type ScopePredicate,
  type SqlScope,
  auditScope,
  bindPositional,
  caseScope,
  referralScope,
  taskScope,
} from './sql-scope';
import {
  ACTORS,
  assignmentRows,
  auditRows,
  caseRows,
  caseSubject,
  caseTeam,
  referralRows,
  referralSubject,
  staffRows,
  taskRows,
  taskSubject,
} from './test/world';

/**
 * The rendered SQL scopes, run by real PostgreSQL over the generated world, must return exactly the rows the
 * CASL ability allows. The world lives in its own schema (ids as text, only the columns the scopes use) on
 * search_path ahead of public, so the scopes' `referrals` / `cases` sub-queries resolve to it; a separate check
 * confirms every column the scopes use exists in the real migrated tables.
 */
describe('SQL scopes on real PostgreSQL', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`CREATE SCHEMA authz_world`);
    await client.query(`SET search_path TO authz_world, public`);
    await client.query(
      `CREATE TABLE cases (id text PRIMARY KEY, owning_organisation_id text NOT NULL, region text NOT NULL)`,
    );
    await client.query(
      `CREATE TABLE referrals (id text PRIMARY KEY, case_id text NOT NULL, from_organisation_id text NOT NULL,
        to_organisation_id text NOT NULL, status text NOT NULL)`,
    );
    await client.query(
      `CREATE TABLE tasks (id text PRIMARY KEY, organisation_id text NOT NULL, assignee_id text NULL)`,
    );
    await client.query(`CREATE TABLE audit_events (id text PRIMARY KEY, organisation_id text NOT NULL)`);
    await client.query(`CREATE TABLE staff_members (id text PRIMARY KEY, supervisor_id text NULL)`);
    await client.query(
      `CREATE TABLE case_assignments (case_id text NOT NULL, organisation_id text NOT NULL, staff_id text NOT NULL,
        released_at timestamptz NULL)`,
    );
    for (const a of assignmentRows) {
      await client.query(`INSERT INTO case_assignments VALUES ($1, $2, $3, NULL)`, [a.case_id, a.organisation_id, a.staff_id]);
    }
    // A released assignment gives no access: 'me' once worked on every case.
    for (const c of caseRows) {
      await client.query(`INSERT INTO case_assignments VALUES ($1, $2, 'me', now())`, [c.id, c.owning_organisation_id]);
    }
    for (const s of staffRows) await client.query(`INSERT INTO staff_members VALUES ($1, $2)`, [s.id, s.supervisor_id]);
    for (const c of caseRows) {
      await client.query(`INSERT INTO cases VALUES ($1, $2, $3)`, [c.id, c.owning_organisation_id, c.region]);
    }
    for (const r of referralRows) {
      await client.query(`INSERT INTO referrals VALUES ($1, $2, $3, $4, $5)`, [
        r.id,
        r.case_id,
        r.from_organisation_id,
        r.to_organisation_id,
        r.status,
      ]);
    }
    for (const t of taskRows)
      await client.query(`INSERT INTO tasks VALUES ($1, $2, $3)`, [t.id, t.organisation_id, t.assignee_id]);
    for (const a of auditRows)
      await client.query(`INSERT INTO audit_events VALUES ($1, $2)`, [a.id, a.organisation_id]);
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  async function ids(table: string, alias: string, scope: SqlScope): Promise<string[]> {
    const bound = bindPositional(scope);
    const { rows } = await client.query<{ id: string }>(
      `SELECT ${alias}.id FROM ${table} ${alias} WHERE ${bound.text} ORDER BY ${alias}.id`,
      bound.values,
    );
    return rows.map((r) => r.id);
  }
  const sorted = (xs: string[]): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  it('returns exactly what CASL allows, for every generated actor', async () => {
    let nonEmpty = 0;
    for (const actor of ACTORS) {
      const ability = defineAbilityFor(actor);
      const label = `${actor.organisationId} ${actor.roles.join('+')}`;

      const cases = await ids('cases', 'c', caseScope(actor, 'c'));
      expect([label, cases]).toEqual([
        label,
        sorted(caseRows.filter((r) => ability.can(Action.Read, caseSubject(r))).map((r) => r.id)),
      ]);
      if (cases.length > 0) nonEmpty++;

      const refs = await ids('referrals', 'r', referralScope(actor, 'r'));
      expect([label, refs]).toEqual([
        label,
        sorted(referralRows.filter((r) => ability.can(Action.Read, referralSubject(r))).map((r) => r.id)),
      ]);

      const tasks = await ids('tasks', 't', taskScope(actor, 't'));
      expect([label, tasks]).toEqual([
        label,
        sorted(
          taskRows
            .filter((t) => ability.can(Action.Read, taskSubject(t)))
            .map((t) => t.id),
        ),
      ]);

      const audit = await ids('audit_events', 'a', auditScope(actor, 'a'));
      expect([label, audit]).toEqual([
        label,
        sorted(
          auditRows
            .filter((a) =>
              ability.can(Action.ReadAudit, { kind: 'AuditLog', organisationId: a.organisation_id }),
            )
            .map((a) => a.id),
        ),
      ]);
    }
    expect(nonEmpty).toBeGreaterThan(10);
  });

  it('caseReachSql (case codes beside tasks and notifications) agrees with the case-assignment rules', async () => {
    let reached = 0;
    let withheld = 0;
    for (const actor of ACTORS) {
      const reach = caseReachSql('c', {
        staffId: '$1',
        organisationId: '$2',
        supervisor: actor.roles.includes(StaffRole.SUPERVISOR) ? 'TRUE' : 'FALSE',
      });
      const { rows } = await client.query<{ id: string }>(`SELECT c.id FROM cases c WHERE ${reach} ORDER BY c.id`, [
        actor.staffId,
        actor.organisationId,
      ]);
      const expected = caseRows
        .filter((c) => {
          const team = caseTeam(c.id);
          return c.owning_organisation_id === actor.organisationId ? ownerReaches(actor, team) : recipientReaches(actor, team);
        })
        .map((c) => c.id);
      const label = `${actor.organisationId} ${actor.roles.join('+')}`;
      expect([label, rows.map((r) => r.id)]).toEqual([label, sorted(expected)]);
      reached += expected.length;
      withheld += caseRows.length - expected.length;
    }
    // Both directions occur in the generated world.
    expect(reached).toBeGreaterThan(0);
    expect(withheld).toBeGreaterThan(0);
  });

  it('every column the scopes use exists in the migrated schema', async () => {
    const used: Record<string, Set<string>> = {};
    const collect = (table: string, p: ScopePredicate): void => {
      switch (p.op) {
        case 'eq':
        case 'isNull':
        case 'eqValue':
          (used[table] ??= new Set()).add(p.column);
          return;
        case 'and':
        case 'or':
          p.items.forEach((i) => collect(table, i));
          return;
        case 'activeReferralTo':
          (used.referrals ??= new Set()).add('case_id').add('to_organisation_id').add('status');
          (used[table] ??= new Set()).add('id');
          return;
        case 'caseRegionIs':
          (used.cases ??= new Set()).add('id').add('region');
          (used[table] ??= new Set()).add('case_id');
          return;
        case 'assigneeSupervisedBy':
          (used.staff_members ??= new Set()).add('id').add('supervisor_id');
          (used[table] ??= new Set()).add('assignee_id');
          return;
        case 'caseTeamIncludes':
          (used.case_assignments ??= new Set()).add('case_id').add('staff_id').add('released_at');
          (used.staff_members ??= new Set()).add('id').add('supervisor_id');
          (used[table] ??= new Set()).add(p.caseColumn ?? 'id');
          return;
        case 'noCaseWorkerOf':
          (used.case_assignments ??= new Set()).add('case_id').add('organisation_id').add('released_at');
          (used[table] ??= new Set()).add(p.caseColumn ?? 'id');
          return;
        case 'false':
          return;
      }
    };
    for (const actor of ACTORS) {
      collect('cases', caseScope(actor).predicate);
      collect('referrals', referralScope(actor).predicate);
      collect('tasks', taskScope(actor).predicate);
      collect('audit_events', auditScope(actor).predicate);
    }
    for (const [table, columns] of Object.entries(used)) {
      const { rows } = await client.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
        [table],
      );
      const real = new Set(rows.map((r) => r.column_name));
      expect([table, [...columns].filter((c) => !real.has(c))]).toEqual([table, []]);
    }
    expect(Object.keys(used).sort()).toEqual(['audit_events', 'case_assignments', 'cases', 'referrals', 'staff_members', 'tasks']);
  });
});
