import { type DataSource } from 'typeorm';

/** One dependency a process needs before it takes work. Throws (any error) when not ready. */
export type ReadinessCheck = () => Promise<void>;

export interface ReadinessReport {
  ready: boolean;
  /** Check name → ok / failed / timeout; `draining` once the process is shutting down. Never an error text. */
  checks: Record<string, 'ok' | 'failed' | 'timeout'>;
  draining?: true;
}

/**
 * Readiness of a process: every named check passes within `timeoutMs`, and the process is not draining.
 * Reports only names and outcomes: an error message can carry a connection string or a value.
 */
export class Readiness {
  private draining = false;

  constructor(
    private readonly checks: Readonly<Record<string, ReadinessCheck>>,
    private readonly timeoutMs = 2000,
  ) {}

  /** From now on the process is not ready (SIGTERM: load balancers stop sending work while in-flight work ends). */
  drain(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      Object.entries(this.checks).map(async ([name, check]) => [name, await this.outcome(check)] as const),
    );
    const checks = Object.fromEntries(entries);
    const ready = !this.draining && entries.every(([, outcome]) => outcome === 'ok');
    return this.draining ? { ready, checks, draining: true } : { ready, checks };
  }

  private async outcome(check: ReadinessCheck): Promise<'ok' | 'failed' | 'timeout'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
    });
    try {
      return await Promise.race([check().then(() => 'ok' as const), timeout]);
    } catch {
      return 'failed';
    } finally {
      clearTimeout(timer);
    }
  }
}

/** PostgreSQL answers. */
export function databaseCheck(dataSource: DataSource): ReadinessCheck {
  return async () => {
    await dataSource.query('SELECT 1');
  };
}

/**
 * Every migration this build knows is applied (and none it does not know: a newer schema than the code expects
 * means a rollback left the code behind). The names are those of the registered migration classes.
 */
export function migrationsCheck(dataSource: DataSource): ReadinessCheck {
  return async () => {
    const expected = dataSource.migrations.map((m) => m.name ?? m.constructor.name).sort();
    const rows = await dataSource.query<{ name: string }[]>(
      'SELECT name FROM typeorm_migrations ORDER BY name',
    );
    const applied = rows.map((r) => r.name).sort();
    if (applied.length !== expected.length || applied.some((name, i) => name !== expected[i])) {
      throw new Error('schema is not at the expected migration');
    }
  };
}
