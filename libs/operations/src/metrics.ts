import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { type DataSource } from 'typeorm';

/**
 * Prometheus metrics of one process (prom-client). Labels are bounded sets defined by the code or the schema
 * (operation names, statuses, error codes): never an id, a name, a value or anything a client typed.
 */
export class ProcessMetrics {
  readonly registry = new Registry();

  constructor(processName: 'api' | 'worker' | 'stack') {
    this.registry.setDefaultLabels({ process: processName });
    collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return (
      (this.registry.getSingleMetric(name) as Counter<L> | undefined) ??
      new Counter({ name, help, labelNames, registers: [this.registry] })
    );
  }

  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: number[],
  ): Histogram<L> {
    return (
      (this.registry.getSingleMetric(name) as Histogram<L> | undefined) ??
      new Histogram({ name, help, labelNames, buckets, registers: [this.registry] })
    );
  }
}

const gaugeSources = new WeakMap<ProcessMetrics, DataSource>();

/** Request latency buckets (seconds): 5 ms to 10 s. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * State of the referral process, read from the database at each scrape (three aggregate queries on indexed columns):
 * referrals by status, open referrals past their response deadline, referrals escalated.
 */
export function registerReferralGauges(metrics: ProcessMetrics, source: DataSource): void {
  // One set of gauges per registry, reading the most recently registered data source (one app per process; tests
  // build several in turn).
  gaugeSources.set(metrics, source);
  if (metrics.registry.getSingleMetric('nrm_referrals')) return;
  const dataSource = {
    query: <T>(sql: string): Promise<T> => (gaugeSources.get(metrics) ?? source).query<T>(sql),
  };
  new Gauge({
    name: 'nrm_referrals',
    help: 'Referrals by status.',
    labelNames: ['status'],
    registers: [metrics.registry],
    async collect() {
      const rows = await dataSource.query<{ status: string; n: string }[]>(
        'SELECT status, count(*)::text AS n FROM referrals GROUP BY status',
      );
      this.reset();
      for (const row of rows) this.set({ status: row.status }, Number(row.n));
    },
  });
  new Gauge({
    name: 'nrm_referral_response_deadlines_missed',
    help: 'Pending referrals whose response deadline has passed without a response.',
    registers: [metrics.registry],
    async collect() {
      const rows = await dataSource.query<{ n: string }[]>(
        "SELECT count(*)::text AS n FROM referrals WHERE status = 'PENDING' AND responded_at IS NULL AND response_due_at < now()",
      );
      this.set(Number(rows[0]?.n ?? 0));
    },
  });
  new Gauge({
    name: 'nrm_referrals_escalated',
    help: 'Referrals escalated after a missed deadline (all time).',
    registers: [metrics.registry],
    async collect() {
      const rows = await dataSource.query<{ n: string }[]>(
        'SELECT count(*)::text AS n FROM referrals WHERE escalated_at IS NOT NULL',
      );
      this.set(Number(rows[0]?.n ?? 0));
    },
  });
}
