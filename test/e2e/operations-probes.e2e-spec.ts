import { ApiHarness } from './support/api-harness';

/**
 * The API's operational endpoints on its own port: liveness, readiness (database, schema at the expected migration),
 * Prometheus metrics with bounded labels only.
 */
describe('API /health, /ready and /metrics', () => {
  let api: ApiHarness;
  let base: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    base = api.url.replace(/\/graphql$/, '');
  });
  afterAll(() => api.stop());

  it('/health answers 200 while the process runs', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/ready answers 200 when the database answers and every migration is applied, 503 when one is missing', async () => {
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { database: 'ok', migrations: 'ok' } });

    const [last] = await api.db.dataSource.query<{ id: number; timestamp: string; name: string }[]>(
      'SELECT id, timestamp, name FROM typeorm_migrations ORDER BY id DESC LIMIT 1',
    );
    await api.db.dataSource.query('DELETE FROM typeorm_migrations WHERE id = $1', [last!.id]);
    try {
      const behind = await fetch(`${base}/ready`);
      expect(behind.status).toBe(503);
      expect(await behind.json()).toEqual({ ready: false, checks: { database: 'ok', migrations: 'failed' } });
    } finally {
      await api.db.dataSource.query(
        'INSERT INTO typeorm_migrations (id, timestamp, name) VALUES ($1, $2, $3)',
        [last!.id, last!.timestamp, last!.name],
      );
    }
  });

  it('/metrics counts operations by schema-defined root fields and error codes; no label carries client input', async () => {
    await api.gql(null, 'query { health }');
    const secret = 'Ayesha Khan +92 300 1234567';
    await api.gql('dost.manager', `query { case(id: "${secret}") { id } }`);
    await api.gql('dost.manager', 'query Q($id: ID!) { case(id: $id) { id } }', { id: secret });
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(
      /nrm_graphql_operations_total\{operation="health",type="query",outcome="ok",process="api"\} [1-9]/,
    );
    expect(text).toMatch(
      /nrm_http_requests_total\{route="\/graphql",method="POST",status="200",process="api"\} [1-9]/,
    );
    expect(text).toMatch(/nrm_referrals_escalated\{process="api"\} \d+/);
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).not.toMatch(/Ayesha|1234567/);
    // Every label value is a bounded, code-defined word.
    const values = [...text.matchAll(/="([^"]*)"/g)].map((m) => m[1]);
    for (const v of values) expect(v).toMatch(/^[A-Za-z0-9_.,+/:\- ]{0,80}$/);
  });
});
