import { StaffRole as R } from '@lib/domain';
import { Action, defineAbilityFor } from './ability';
import { type Actor } from './actor';
import {
  auditScope,
  bindPositional,
  caseScope,
  evaluateScope,
  referralScope,
  renderScopeSql,
  taskScope,
} from './sql-scope';
import { type AuditLogSubject } from './subjects';
import { ORG, actor } from './test/fixtures';
import {
  ACTORS,
  auditRows,
  caseRows,
  caseSubject,
  db,
  referralRows,
  referralSubject,
  taskRows,
  taskSubject,
} from './test/world';

describe('SQL scopes mirror the CASL read rules', () => {
  it('generated world is non-trivial', () => {
    expect(caseRows.length).toBe(45);
    expect(referralRows.length).toBeGreaterThan(40);
    expect(ACTORS.length).toBeGreaterThan(100);
  });

  it.each(ACTORS.map((a) => [`${a.organisationId} ${a.roles.join('+') || '(no role)'}`, a] as const))(
    '%s',
    (_label, a) => {
      const ability = defineAbilityFor(a);
      let visible = 0;

      const cs = caseScope(a, 'c');
      for (const row of caseRows) {
        const sql = evaluateScope(cs.predicate, row as unknown as Record<string, unknown>, cs.params, db);
        expect([row.id, sql]).toEqual([row.id, ability.can(Action.Read, caseSubject(row))]);
        if (sql) visible++;
      }

      const rs = referralScope(a, 'r');
      for (const row of referralRows) {
        const sql = evaluateScope(rs.predicate, row as unknown as Record<string, unknown>, rs.params, db);
        expect([row.id, sql]).toEqual([row.id, ability.can(Action.Read, referralSubject(row))]);
      }

      const ts = taskScope(a, 't');
      for (const row of taskRows) {
        const sql = evaluateScope(ts.predicate, row, ts.params, db);
        expect([row.id, sql]).toEqual([row.id, ability.can(Action.Read, taskSubject(row))]);
      }

      const as = auditScope(a, 'a');
      for (const row of auditRows) {
        const subject: AuditLogSubject = { kind: 'AuditLog', organisationId: row.organisation_id };
        const sql = evaluateScope(as.predicate, row, as.params, db);
        expect([row.id, sql]).toEqual([row.id, ability.can(Action.ReadAudit, subject)]);
      }
      // keeps the comparison honest: some actors must see something (checked in aggregate below)
      seen.set(a, visible);
    },
  );

  const seen = new Map<Actor, number>();
  afterAll(() => {
    const counts = [...seen.values()];
    expect(counts.some((n) => n === 0)).toBe(true);
    expect(counts.some((n) => n > 0 && n < caseRows.length)).toBe(true);
  });
});

describe('rendered SQL', () => {
  it('case scope: owner and on the team OR active referral (nobody assigned, or on the team) OR region', () => {
    const team =
      'EXISTS (SELECT 1 FROM case_assignments authz_a WHERE authz_a.case_id = c.id AND authz_a.released_at IS NULL' +
      ' AND authz_a.staff_id = ANY (ARRAY(SELECT :authzStaff UNION ALL SELECT authz_w.id FROM staff_members authz_w WHERE authz_w.supervisor_id = :authzStaff)))';
    const received =
      "EXISTS (SELECT 1 FROM referrals authz_r WHERE authz_r.case_id = c.id AND authz_r.to_organisation_id = :authzOrg AND authz_r.status IN ('PENDING', 'ACCEPTED', 'ESCALATED'))";
    const s = caseScope(actor([R.CASE_MANAGER, R.AGENCY_OFFICER], 'dost', 'me'), 'c');
    expect(s.sql).toBe(
      `((c.owning_organisation_id = :authzOrg AND ${team}) OR (${received} AND (NOT EXISTS (SELECT 1 FROM case_assignments authz_o` +
        ` WHERE authz_o.case_id = c.id AND authz_o.organisation_id = :authzOrg AND authz_o.released_at IS NULL) OR ${team})))`,
    );
    expect(s.params).toEqual({ authzOrg: ORG.dost.id, authzStaff: 'me' });
    // SUPERVISOR role: every case of the organisation, every case received (no assignment condition).
    expect(caseScope(actor([R.SUPERVISOR], 'dost'), 'c').sql).toBe(`(c.owning_organisation_id = :authzOrg OR ${received})`);
    expect(caseScope(actor([R.MONITORING_OFFICER], 'mg')).sql).toBe('c.region = :authzRegion');
    expect(caseScope(actor([R.MONITORING_OFFICER], 'mg')).params).toEqual({ authzRegion: 'Baku' });
  });

  it('deny by default renders FALSE with no parameters', () => {
    for (const role of [R.AUDITOR, R.ADMINISTRATOR]) {
      expect(caseScope(actor([role])).sql).toBe('FALSE');
      expect(caseScope(actor([role])).params).toEqual({});
      expect(referralScope(actor([role])).sql).toBe('FALSE');
      expect(taskScope(actor([role])).sql).toBe('FALSE');
    }
    expect(auditScope(actor([R.CASE_MANAGER])).sql).toBe('FALSE');
  });

  it('referral, task and audit scopes', () => {
    expect(referralScope(actor([R.MONITORING_OFFICER], 'mg'), 'ref').sql).toBe(
      'EXISTS (SELECT 1 FROM cases authz_c WHERE authz_c.id = ref.case_id AND authz_c.region = :authzRegion)',
    );
    expect(taskScope(actor([R.LAWYER], 'dost', 'me')).sql).toBe(
      '(t.organisation_id = :authzOrg AND (t.assignee_id = :authzStaff OR t.assignee_id IS NULL OR ' +
        'EXISTS (SELECT 1 FROM staff_members authz_s WHERE authz_s.id = t.assignee_id AND authz_s.supervisor_id = :authzStaff)))',
    );
    expect(taskScope(actor([R.LAWYER], 'dost', 'me')).params).toEqual({
      authzOrg: ORG.dost.id,
      authzStaff: 'me',
    });
    expect(taskScope(actor([R.SUPERVISOR])).sql).toBe('t.organisation_id = :authzOrg');
    expect(auditScope(actor([R.AUDITOR], 'coord')).sql).toBe('TRUE');
    expect(auditScope(actor([R.AUDITOR], 'police')).sql).toBe('a.organisation_id = :authzOrg');
  });

  it('refuses unsafe aliases', () => {
    expect(() => caseScope(actor([R.CASE_MANAGER]), 'c; DROP TABLE cases')).toThrow();
    expect(() => renderScopeSql({ op: 'false' }, 'Case')).toThrow();
  });

  it('bindPositional numbers parameters once each, after an offset', () => {
    const s = caseScope(actor([R.CASE_MANAGER, R.AGENCY_OFFICER], 'dost', 'me'), 'c');
    const b = bindPositional(s, 2);
    expect(b.text).toContain('c.owning_organisation_id = $3');
    expect(b.text).toContain('authz_r.to_organisation_id = $3');
    expect(b.text).toContain('authz_a.staff_id = ANY (ARRAY(SELECT $4 UNION ALL SELECT authz_w.id FROM staff_members authz_w WHERE authz_w.supervisor_id = $4))');
    expect(b.values).toEqual([ORG.dost.id, 'me']);
    const t = bindPositional(taskScope(actor([R.LAWYER], 'dost', 'me')));
    expect(t.text).toBe(
      '(t.organisation_id = $1 AND (t.assignee_id = $2 OR t.assignee_id IS NULL OR ' +
        'EXISTS (SELECT 1 FROM staff_members authz_s WHERE authz_s.id = t.assignee_id AND authz_s.supervisor_id = $2)))',
    );
    expect(t.values).toEqual([ORG.dost.id, 'me']);
    expect(() => bindPositional({ sql: 'x = :authzOrg', params: {} })).toThrow(/missing/);
  });
});
