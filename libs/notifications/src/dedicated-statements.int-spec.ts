import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { DedicatedStatements } from './dedicated-statements';

interface Session {
  pid: number;
  mode: string;
  app: string;
}

const SESSION = `SELECT pg_backend_pid() AS pid, current_setting('plan_cache_mode') AS mode,
  current_setting('application_name') AS app`;

/** The few per-notification statements' own connections (dedicated-statements.ts), on a real PostgreSQL. */
describe('DedicatedStatements', () => {
  let db: TestDatabase;
  let statements: DedicatedStatements;

  beforeAll(async () => {
    db = await createTestDatabase();
    statements = new DedicatedStatements(db.url, { applicationName: 'nrm-test-dedicated' });
  });
  afterAll(async () => {
    await statements?.end();
    await db?.drop();
  });

  it('keeps one connection with generic plans, its prepared statements reused, and replaces it once lost', async () => {
    const [first] = await statements.query<Session>(SESSION);
    expect(first).toMatchObject({ mode: 'force_generic_plan', app: 'nrm-test-dedicated' });
    const [again] = await statements.query<Session>(SESSION);
    expect(again!.pid).toBe(first!.pid);
    // Named: prepared once on that connection, then executed again without another Parse.
    const prepared = await statements.query<{ n: number }>(
      // (the pattern is split so that this statement, prepared too, does not match itself)
      `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE '%pg_backend' || '_pid()%'`,
    );
    expect(prepared[0]!.n).toBe(1);
    // Unnamed when asked (a text that depends on who is listening): nothing more is kept.
    await statements.query<Session>(`${SESSION} WHERE $1::int = 1`, [1], false);
    const after = await statements.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE '%WHERE $1' || '::int = 1%'`,
    );
    expect(after[0]!.n).toBe(0);

    await db.dataSource.query(`SELECT pg_terminate_backend($1)`, [first!.pid]);
    // The pool notices the loss when the server's notice arrives; until then a statement may fail on the old connection
    // (its caller retries: the next announcement, the sweep, Temporal's retry). Afterwards a new connection answers.
    let replaced: Session | undefined;
    for (let attempt = 0; attempt < 50 && !replaced; attempt++) {
      try {
        const [row] = await statements.query<Session>(SESSION);
        if (row && row.pid !== first!.pid) replaced = row;
      } catch {
        /* the old connection's last statement */
      }
      if (!replaced) await new Promise((r) => setTimeout(r, 20));
    }
    expect(replaced).toMatchObject({ mode: 'force_generic_plan', app: 'nrm-test-dedicated' });
  });
});
