import { ensureNamespace, namespaceRetentionDays, type NamespaceService } from './namespace-registration';

function service(existing: number | null): NamespaceService & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    describeNamespace: () => {
      calls.push('describe');
      if (existing === null) return Promise.reject(Object.assign(new Error('not found'), { code: 5 }));
      return Promise.resolve({ config: { workflowExecutionRetentionTtl: { seconds: existing } } });
    },
    registerNamespace: (r) =>
      Promise.resolve(calls.push(`register ${r.namespace} ${r.workflowExecutionRetentionPeriod.seconds}`)),
    updateNamespace: (r) =>
      Promise.resolve(calls.push(`update ${r.namespace} ${r.config.workflowExecutionRetentionTtl.seconds}`)),
  };
}

describe('ensureNamespace', () => {
  it('registers a missing namespace with the retention', async () => {
    const s = service(null);
    await expect(ensureNamespace(s, 'nrm', 30)).resolves.toBe('registered');
    expect(s.calls).toEqual(['describe', 'register nrm 2592000']);
  });
  it('updates a different retention and leaves a matching one alone', async () => {
    const s = service(86_400);
    await expect(ensureNamespace(s, 'nrm', 30)).resolves.toBe('updated');
    expect(s.calls).toEqual(['describe', 'update nrm 2592000']);
    await expect(ensureNamespace(service(2_592_000), 'nrm', 30)).resolves.toBe('unchanged');
  });
  it('other errors (unreachable, permission) fail the Job', async () => {
    const s = service(0);
    s.describeNamespace = () => Promise.reject(Object.assign(new Error('unavailable'), { code: 14 }));
    await expect(ensureNamespace(s, 'nrm', 30)).rejects.toThrow('unavailable');
  });
  it('TEMPORAL_NAMESPACE_RETENTION_DAYS defaults to 30 and is validated', () => {
    expect(namespaceRetentionDays({})).toBe(30);
    expect(namespaceRetentionDays({ TEMPORAL_NAMESPACE_RETENTION_DAYS: '90' })).toBe(90);
    expect(() => namespaceRetentionDays({ TEMPORAL_NAMESPACE_RETENTION_DAYS: '0' })).toThrow(
      'TEMPORAL_NAMESPACE_RETENTION_DAYS',
    );
  });
});
