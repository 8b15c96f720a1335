/**
 * Diagnostics for the benches' BENCH_STATEMENTS=1: PostgreSQL's pg_stat_statements (loaded by `statementSettings`,
 * created by `enableStatements`) summed over a measured run and divided by its unit of work (a request, a referral),
 * most frequent first: each line is a statement's calls, its execution and planning milliseconds and how often it was planned, all per unit. Execution and planning time only: parsing, network and commit (WAL flush) work are in neither.
 */
import { type DataSource } from 'typeorm';

export const statementSettings = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
  'pg_stat_statements.track_planning': 'on',
};

export async function enableStatements(ds: DataSource): Promise<void> {
  await ds.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
}

export async function resetStatements(ds: DataSource): Promise<void> {
  await ds.query('SELECT pg_stat_statements_reset()');
}

export interface StatementsPerUnit {
  total: number;
  execMs: number;
  planMs: number;
  top: string[];
}

export async function statementsPerUnit(ds: DataSource, units: number): Promise<StatementsPerUnit> {
  const rows = await ds.query<{ calls: string; plans: string; ms: string; planMs: string; query: string }[]>(
    `SELECT calls, plans, total_exec_time AS ms, total_plan_time AS "planMs", query FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY calls DESC`,
  );
  const n = Math.max(1, units);
  const sum = (f: (r: { calls: string; ms: string; planMs: string }) => number): number => rows.reduce((acc, r) => acc + f(r), 0) / n;
  return {
    total: Number(sum((r) => Number(r.calls)).toFixed(1)),
    execMs: Number(sum((r) => Number(r.ms)).toFixed(2)),
    planMs: Number(sum((r) => Number(r.planMs)).toFixed(2)),
    top: rows
      .slice(0, 40)
      .map(
        (r) =>
          `${(Number(r.calls) / n).toFixed(2)} calls, ${(Number(r.ms) / n).toFixed(3)} ms + plan ${(Number(r.planMs) / n).toFixed(3)} ms (${(Number(r.plans) / n).toFixed(2)} plans)  ${r.query.replace(/\s+/g, ' ').slice(0, 140)}`,
      ),
  };
}
