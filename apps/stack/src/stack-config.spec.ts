import { readStackConfig } from './stack-config';

describe('readStackConfig', () => {
  it('embedded defaults: no Temporal address, no gzip to the loopback server', () => {
    expect(readStackConfig({})).toMatchObject({ databaseUrl: null, temporalAddress: null, temporalPort: 7233, temporalNamespace: 'default', temporalCompression: 'none' });
  });

  it('a cluster keeps the SDK default (gzip) unless TEMPORAL_GRPC_COMPRESSION says none', () => {
    expect(readStackConfig({ TEMPORAL_ADDRESS: 'temporal:7233' }).temporalCompression).toBe('gzip');
    expect(readStackConfig({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_GRPC_COMPRESSION: 'none' }).temporalCompression).toBe('none');
  });

  it('refuses an unknown compression or an out-of-range setting', () => {
    expect(() => readStackConfig({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_GRPC_COMPRESSION: 'brotli' })).toThrow('TEMPORAL_GRPC_COMPRESSION must be gzip or none');
    expect(() => readStackConfig({ TEMPORAL_PORT: '70000' })).toThrow('TEMPORAL_PORT');
  });
});
